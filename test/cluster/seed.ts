import { readFileSync } from 'node:fs';
import * as build from './builders.js';
import type { NodeSpec, PodSpecOptions } from './builders.js';
import { isStatus } from './kubeapi.js';
import type { KubeApi, PatchType } from './kubeapi.js';
import { metricsApiService, metricsApiServiceName, metricsService } from './platform.js';
import { pollUntil } from './processes.js';
import { refOf } from './resources.js';
import type { KubeObject, ObjectRef, ResourceMapper } from './resources.js';
import { metricsGroupVersion } from './standins/metrics.js';
import type { NodeMetrics, PodMetrics } from './standins/metrics.js';
import type { StandinStore } from './standins/store.js';

type Json = Record<string, unknown>;

/** One log line: text only (timed by the Seeder, 1 s apart, ending now) or with its own time. */
export type LogLineInput = string | { time: Date | string; text: string };

export interface ResourceUsage {
  /** Quantity, e.g. `250m`. */
  cpu: string;
  /** Quantity, e.g. `512Mi`. */
  memory: string;
}

/**
 * `served`: APIService registered and its Service reachable. `unregistered`: no APIService, so
 * metrics.k8s.io is absent from discovery (404). `unavailable`: registered but its Service is gone,
 * so the aggregator answers 503 and marks the APIService Available=False.
 */
export type MetricsApiMode = 'served' | 'unregistered' | 'unavailable';

export interface SeederContext {
  api: KubeApi;
  mapper: ResourceMapper;
  store: StandinStore;
  kubeletPort: number;
  metricsPort: number;
  caFile: string;
}

/**
 * Scenario helpers acting as the cluster admin: create objects, write any status through the
 * `/status` subresource, and feed the stand-in kubelet (logs) and metrics server.
 */
export class Seeder {
  /** The admin's raw HTTP client, for anything the helpers do not cover. */
  readonly api: KubeApi;
  readonly kubeletPort: number;
  private metricsWrites: Promise<void> = Promise.resolve();

  constructor(private readonly ctx: SeederContext) {
    this.api = ctx.api;
    this.kubeletPort = ctx.kubeletPort;
  }

  // ------------------------------------------------------------ generic

  /**
   * Creates `obj`; if it carries a `status` that the create did not keep (most kinds reset status on
   * create), writes it through the status subresource. Returns the object as stored.
   */
  async create<T extends KubeObject = KubeObject>(obj: KubeObject): Promise<T> {
    const { apiVersion, kind } = obj;
    const created = await this.api.post<KubeObject>(
      await this.ctx.mapper.path({ apiVersion, kind, namespace: obj.metadata.namespace }),
      obj,
    );
    const status = obj['status'];
    if (status === undefined || contains(created['status'], status)) return created as T;
    if (!(await this.ctx.mapper.info(apiVersion, kind)).hasStatus) return created as T;
    return this.patchStatus<T>(created, status as Json);
  }

  /**
   * Creates many objects with at most `concurrency` requests in flight over kept-alive connections
   * (benchmarks seed thousands of pods). Fails on the first error.
   */
  async createMany(objs: KubeObject[], opts: { concurrency?: number } = {}): Promise<KubeObject[]> {
    const results: KubeObject[] = new Array<KubeObject>(objs.length);
    let next = 0;
    let failed = false;
    const worker = async () => {
      while (next < objs.length && !failed) {
        const i = next++;
        try {
          results[i] = await this.create(objs[i] as KubeObject);
        } catch (err) {
          failed = true; // stop the other workers from starting more requests
          throw err;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? 48, objs.length) }, worker));
    return results;
  }

  /** The object, or undefined if it does not exist. */
  async get<T extends KubeObject = KubeObject>(ref: ObjectRef): Promise<T | undefined> {
    try {
      return await this.api.get<T>(await this.ctx.mapper.path(ref));
    } catch (err) {
      if (isStatus(err, 404)) return undefined;
      throw err;
    }
  }

  async list<T extends KubeObject = KubeObject>(
    apiVersion: string,
    kind: string,
    opts: { namespace?: string; labelSelector?: string; fieldSelector?: string } = {},
  ): Promise<T[]> {
    const base = await this.ctx.mapper.path({ apiVersion, kind, namespace: opts.namespace });
    const query = new URLSearchParams();
    if (opts.labelSelector) query.set('labelSelector', opts.labelSelector);
    if (opts.fieldSelector) query.set('fieldSelector', opts.fieldSelector);
    const qs = query.size > 0 ? `?${query.toString()}` : '';
    return (await this.api.get<{ items: T[] }>(`${base}${qs}`)).items;
  }

  /** Deletes the object; a missing object is not an error. Does not wait for finalizers. */
  async delete(target: ObjectRef | KubeObject): Promise<void> {
    const ref = 'metadata' in target ? refOf(target as KubeObject) : (target as ObjectRef);
    try {
      await this.api.json('DELETE', await this.ctx.mapper.path(ref));
    } catch (err) {
      if (!isStatus(err, 404)) throw err;
    }
  }

  async patch<T extends KubeObject = KubeObject>(
    target: ObjectRef | KubeObject,
    patch: unknown,
    type: PatchType = 'merge',
  ): Promise<T> {
    const ref = 'metadata' in target ? refOf(target as KubeObject) : (target as ObjectRef);
    return this.api.patch<T>(await this.ctx.mapper.path(ref), patch, type);
  }

  /**
   * Writes `status` through the `/status` subresource with a JSON merge patch: maps merge, lists
   * (conditions, containerStatuses) are replaced whole — so give complete lists.
   */
  async patchStatus<T extends KubeObject = KubeObject>(
    target: ObjectRef | KubeObject,
    status: Json,
  ): Promise<T> {
    const ref = 'metadata' in target ? refOf(target as KubeObject) : (target as ObjectRef);
    return this.api.patch<T>(await this.ctx.mapper.path(ref, 'status'), { status }, 'merge');
  }

  // ------------------------------------------------------------ typed conveniences

  /** A name unique within this process and run, e.g. `crashloop-m3x9a1`. */
  uniqueName(prefix: string): string {
    return `${prefix}-${build.uniqueSuffix()}`.toLowerCase().slice(0, 63);
  }

  /**
   * Creates a namespace and its `default` ServiceAccount (which the ServiceAccount admission plugin
   * requires for pods; without a controller-manager nobody else creates it). Returns the name.
   * Namespaces never finish deleting here, so use a fresh name per test.
   */
  async namespace(name = this.uniqueName('ns'), labels?: Record<string, string>): Promise<string> {
    await this.create(build.namespace(name, labels));
    await this.createIfMissing(build.serviceAccount(name, 'default'));
    return name;
  }

  async serviceAccount(namespace: string, name: string): Promise<KubeObject> {
    return this.createIfMissing(build.serviceAccount(namespace, name));
  }

  /** A Node whose logs route to the stand-in kubelet (status is kept on create for nodes). */
  node(name: string, spec: NodeSpec = {}): Promise<KubeObject> {
    return this.create(build.node(name, { kubeletPort: this.kubeletPort, ...spec }));
  }

  /**
   * A pod bound to `opts.node` (if given), with `opts.status` written through `/status`. A bound pod
   * is also known to the stand-in kubelet, as on a real node: its containers have (empty) logs, and
   * a container still waiting to start (e.g. ImagePullBackOff) answers 400 "is waiting to start".
   */
  async pod(
    namespace: string,
    name: string,
    opts: PodSpecOptions & { status?: Json } = {},
  ): Promise<KubeObject> {
    const { status, ...spec } = opts;
    const created = await this.create({ ...build.pod(namespace, name, spec), ...(status ? { status } : {}) });
    if (opts.node) await this.registerWithKubelet(created, status);
    return created;
  }

  private async registerWithKubelet(pod: KubeObject, status: Json | undefined): Promise<void> {
    const { namespace = '', name = '' } = pod.metadata;
    const spec = pod['spec'] as { containers: { name: string }[]; initContainers?: { name: string }[] };
    const names = [...(spec.initContainers ?? []), ...spec.containers].map((c) => c.name);
    const statuses = [
      ...((status?.['initContainerStatuses'] as Json[] | undefined) ?? []),
      ...((status?.['containerStatuses'] as Json[] | undefined) ?? []),
    ];
    await Promise.all(
      names.map(async (container) => {
        const waiting = neverStarted(statuses.find((s) => s['name'] === container));
        if (waiting) {
          const message = `container "${container}" in pod "${name}" is waiting to start: ${waitingMessage(waiting)}`;
          await this.setLogError(namespace, name, container, 400, message);
        } else {
          await this.setLogs(namespace, name, container, []);
        }
      }),
    );
  }

  async createIfMissing(obj: KubeObject): Promise<KubeObject> {
    try {
      return await this.create(obj);
    } catch (err) {
      if (!isStatus(err, 409)) throw err;
      return obj;
    }
  }

  // ------------------------------------------------------------ stand-in kubelet: logs

  /**
   * Sets what `kubectl logs` returns for a container: the current instance, or with
   * `{ previous: true }` the previous (crashed) one. Replaces earlier lines.
   */
  async setLogs(
    namespace: string,
    pod: string,
    container: string,
    lines: LogLineInput[],
    opts: { previous?: boolean } = {},
  ) {
    const store = this.ctx.store;
    const end = Date.now();
    const text = lines
      .map((line, i) => {
        if (typeof line === 'string') return `${logTime(end - (lines.length - 1 - i) * 1000)} ${line}`;
        return `${typeof line.time === 'string' ? line.time : logTime(line.time.getTime())} ${line.text}`;
      })
      .join('\n');
    await store.write(
      store.logFile(namespace, pod, container, opts.previous ?? false),
      text ? `${text}\n` : '',
    );
  }

  /** Makes the stand-in kubelet answer an error for the container, e.g. 400 "is waiting to start". */
  async setLogError(namespace: string, pod: string, container: string, status: number, message: string) {
    const store = this.ctx.store;
    await store.write(store.errorFile(namespace, pod, container), JSON.stringify({ status, message }));
  }

  /** Forgets every log of the pod: the stand-in kubelet then answers 404 "pod does not exist". */
  async clearLogs(namespace: string, pod: string): Promise<void> {
    await this.ctx.store.remove(this.ctx.store.podDir(namespace, pod));
  }

  // ------------------------------------------------------------ stand-in metrics server

  /** Adds or replaces NodeMetrics (what `kubectl top nodes` shows). */
  async setNodeMetrics(
    nodes: (ResourceUsage & { name: string; labels?: Record<string, string> })[],
  ): Promise<void> {
    await this.updateMetrics<NodeMetrics>('nodes', (all) => {
      for (const n of nodes) {
        all[n.name] = {
          apiVersion: metricsGroupVersion,
          kind: 'NodeMetrics',
          metadata: {
            name: n.name,
            ...(n.labels ? { labels: n.labels } : {}),
            creationTimestamp: build.time(),
          },
          timestamp: build.time(),
          window: '20.05s',
          usage: { cpu: n.cpu, memory: n.memory },
        };
      }
    });
  }

  /** Adds or replaces PodMetrics (what `kubectl top pods` shows). */
  async setPodMetrics(
    pods: {
      namespace: string;
      name: string;
      labels?: Record<string, string>;
      containers: (ResourceUsage & { name: string })[];
    }[],
  ): Promise<void> {
    await this.updateMetrics<PodMetrics>('pods', (all) => {
      for (const p of pods) {
        all[`${p.namespace}/${p.name}`] = {
          apiVersion: metricsGroupVersion,
          kind: 'PodMetrics',
          metadata: {
            name: p.name,
            namespace: p.namespace,
            ...(p.labels ? { labels: p.labels } : {}),
            creationTimestamp: build.time(),
          },
          timestamp: build.time(),
          window: '18.2s',
          containers: p.containers.map((c) => ({ name: c.name, usage: { cpu: c.cpu, memory: c.memory } })),
        };
      }
    });
  }

  async clearMetrics(): Promise<void> {
    await Promise.all([
      this.ctx.store.remove(this.ctx.store.metricsFile('nodes')),
      this.ctx.store.remove(this.ctx.store.metricsFile('pods')),
    ]);
  }

  /** Read-modify-write of a metrics file, one at a time so concurrent calls do not lose entries. */
  private updateMetrics<T>(kind: 'nodes' | 'pods', update: (all: Record<string, T>) => void): Promise<void> {
    const run = async () => {
      const file = this.ctx.store.metricsFile(kind);
      const all = this.ctx.store.readJson<Record<string, T>>(file, {});
      update(all);
      await this.ctx.store.write(file, JSON.stringify(all));
    };
    const result = this.metricsWrites.then(run);
    this.metricsWrites = result.catch(() => undefined);
    return result;
  }

  /**
   * Switches metrics.k8s.io between served, unregistered and unavailable, and returns once the
   * apiserver itself answers accordingly (200, 404, 503 for an admin list of node metrics).
   */
  async setMetricsApi(mode: MetricsApiMode, timeoutMs = 30_000): Promise<void> {
    const port = this.ctx.metricsPort;
    if (mode === 'unregistered') {
      await this.delete({
        apiVersion: 'apiregistration.k8s.io/v1',
        kind: 'APIService',
        name: metricsApiServiceName,
      });
    } else {
      // Unavailable = registered, but the Service it names is gone: the aggregator answers 503.
      if (mode === 'served') await this.createIfMissing(metricsService(port));
      else await this.delete(metricsService(port));
      await this.createIfMissing(metricsApiService(readFileSync(this.ctx.caFile, 'utf8'), port));
    }
    const expected = { served: 200, unregistered: 404, unavailable: 503 }[mode];
    let last = 0;
    const reached = await pollUntil(
      async () => {
        last = (await this.api.raw('GET', `/apis/${metricsGroupVersion}/nodes`)).status;
        return last === expected && (mode !== 'served' || (await this.metricsApiAvailable()));
      },
      timeoutMs,
      100,
    );
    if (!reached)
      throw new Error(
        `metrics.k8s.io did not become ${mode}: GET node metrics answers ${last}, not ${expected}`,
      );
  }

  private async metricsApiAvailable(): Promise<boolean> {
    const res = await this.api.raw(
      'GET',
      `/apis/apiregistration.k8s.io/v1/apiservices/${metricsApiServiceName}`,
    );
    if (res.status !== 200) return false;
    const apiService = JSON.parse(res.text) as {
      status?: { conditions?: { type: string; status: string }[] };
    };
    return apiService.status?.conditions?.some((c) => c.type === 'Available' && c.status === 'True') ?? false;
  }
}

/** The waiting reason of a container that never ran (no lastState.terminated), if any. */
function neverStarted(status: Json | undefined): string | undefined {
  const state = status?.['state'] as { waiting?: { reason?: string } } | undefined;
  const last = status?.['lastState'] as { terminated?: unknown } | undefined;
  return state?.waiting && !last?.terminated ? (state.waiting.reason ?? 'ContainerCreating') : undefined;
}

/** The kubelet's wording for a container that cannot be read yet (pkg/kubelet/kubelet_pods.go). */
function waitingMessage(reason: string): string {
  if (reason === 'ImagePullBackOff') return 'trying and failing to pull image';
  if (reason === 'ErrImagePull') return "image can't be pulled";
  return reason;
}

/** The kubelet's log timestamp format: RFC3339 with nine fractional digits. */
function logTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

/** True if every field of `wanted` is present with the same value in `actual` (deep). */
function contains(actual: unknown, wanted: unknown): boolean {
  if (wanted === null || typeof wanted !== 'object') return actual === wanted;
  if (actual === null || typeof actual !== 'object') return false;
  if (Array.isArray(wanted)) {
    return (
      Array.isArray(actual) &&
      actual.length === wanted.length &&
      wanted.every((w, i) => contains(actual[i], w))
    );
  }
  return Object.entries(wanted).every(([k, v]) => contains((actual as Json)[k], v));
}
