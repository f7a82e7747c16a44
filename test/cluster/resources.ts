import type { KubeApi } from './kubeapi.js';

/** The least an object must carry to be created: its type and name. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name?: string;
    generateName?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    uid?: string;
    resourceVersion?: string;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** Enough to find one object: type, name and (for namespaced kinds) namespace. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

export interface ResourceInfo {
  plural: string;
  namespaced: boolean;
  /** Whether `<plural>/status` exists, i.e. status is only written through the subresource. */
  hasStatus: boolean;
}

interface ApiResourceList {
  resources: { name: string; kind: string; namespaced: boolean }[];
}

/**
 * Maps apiVersion/kind to REST paths from the server's own discovery documents (one request per
 * group/version, cached), so any built-in or aggregated kind works without a hand-kept table.
 */
export class ResourceMapper {
  private readonly byGroupVersion = new Map<string, Promise<Map<string, ResourceInfo>>>();

  constructor(private readonly api: KubeApi) {}

  async info(apiVersion: string, kind: string): Promise<ResourceInfo> {
    const kinds = await this.groupVersion(apiVersion);
    const found = kinds.get(kind);
    if (!found) throw new Error(`the apiserver serves no kind ${kind} in ${apiVersion}`);
    return found;
  }

  /**
   * `/api/v1/namespaces/ns/pods/name/status`-style path; name and subresource optional. A namespaced
   * kind without namespace and name gives the all-namespaces collection.
   */
  async path(ref: Omit<ObjectRef, 'name'> & { name?: string }, subresource?: string): Promise<string> {
    const info = await this.info(ref.apiVersion, ref.kind);
    const root = ref.apiVersion.includes('/') ? `/apis/${ref.apiVersion}` : `/api/${ref.apiVersion}`;
    let path = root;
    if (info.namespaced && ref.namespace) {
      path += `/namespaces/${encodeURIComponent(ref.namespace)}`;
    } else if (info.namespaced && ref.name) {
      throw new Error(`${ref.kind} ${ref.name} is namespaced: give its namespace`);
    }
    path += `/${info.plural}`;
    if (ref.name) path += `/${encodeURIComponent(ref.name)}`;
    if (subresource) path += `/${subresource}`;
    return path;
  }

  private groupVersion(apiVersion: string): Promise<Map<string, ResourceInfo>> {
    let cached = this.byGroupVersion.get(apiVersion);
    if (!cached) {
      cached = this.discover(apiVersion);
      // A failed lookup (e.g. an aggregated API that is switched off) must not stick.
      cached.catch(() => this.byGroupVersion.delete(apiVersion));
      this.byGroupVersion.set(apiVersion, cached);
    }
    return cached;
  }

  private async discover(apiVersion: string): Promise<Map<string, ResourceInfo>> {
    const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const list = await this.api.get<ApiResourceList>(path);
    const names = new Set(list.resources.map((r) => r.name));
    const kinds = new Map<string, ResourceInfo>();
    for (const r of list.resources) {
      if (r.name.includes('/')) continue;
      kinds.set(r.kind, {
        plural: r.name,
        namespaced: r.namespaced,
        hasStatus: names.has(`${r.name}/status`),
      });
    }
    return kinds;
  }
}

export function refOf(obj: KubeObject): ObjectRef {
  if (!obj.metadata.name) throw new Error(`${obj.kind} has no metadata.name`);
  return {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    name: obj.metadata.name,
    namespace: obj.metadata.namespace,
  };
}
