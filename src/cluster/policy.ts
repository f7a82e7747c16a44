// Security: the read-only policy. Pure: it sees a method and a path exactly as they would go on the wire
// and answers allow or deny. Anything it does not positively recognise as a read of an allow-listed
// resource is denied (fail secure). The guard calls it for every request before a byte leaves the process.

import { isDnsLabel, isDnsSubdomain } from '../kube/names.js';
import {
  ACCESS_REVIEWS,
  FLOW_CONTROL_LISTS,
  NON_RESOURCE_PATHS,
  findType,
  type ResourceType,
} from './resources.js';

export type Verb = 'get' | 'list' | 'watch' | 'create';

export interface RequestTarget {
  verb: Verb;
  /** "pods", "pods/log", "nodes" (metrics.k8s.io), or a non-resource path such as "/version". */
  resource: string;
  group?: string;
  namespace?: string;
  name?: string;
}

export type Decision =
  | { allowed: true; target: RequestTarget; type?: ResourceType }
  | { allowed: false; reason: string; target?: Partial<RequestTarget> };

/** The namespaces a session may see; `null` means no fence. */
export interface NamespaceFence {
  readonly namespaces: ReadonlySet<string> | null;
}

export const NO_FENCE: NamespaceFence = { namespaces: null };

export function fenceOf(namespaces: readonly string[] | undefined | null): NamespaceFence {
  return { namespaces: namespaces && namespaces.length > 0 ? new Set(namespaces) : null };
}

export function inFence(fence: NamespaceFence, namespace: string | undefined): boolean {
  return fence.namespaces === null || (namespace !== undefined && fence.namespaces.has(namespace));
}

/**
 * Security: whether an object may be shown under the fence — a second line behind the request checks,
 * applied to every list result whatever the source (live or snapshot).
 */
export function visibleThroughFence(
  type: ResourceType,
  object: { metadata?: { name?: string; namespace?: string } },
  fence: NamespaceFence,
): boolean {
  if (fence.namespaces === null) return true;
  if (type.key === 'namespaces') return inFence(fence, object.metadata?.name);
  return !type.namespaced || inFence(fence, object.metadata?.namespace);
}

const deny = (reason: string, target?: Partial<RequestTarget>): Decision => ({
  allowed: false,
  reason,
  target,
});

/** Subresources and resources that are refused by name, with the reason shown to the user. */
const NEVER: Record<string, string> = {
  secrets: 'Secrets are never read by kubectl-diag',
  exec: 'pods/exec would run a command inside a container',
  attach: 'pods/attach would connect to a running container',
  portforward: 'pods/portforward would open a connection into a pod',
  proxy: 'proxying through the apiserver can reach arbitrary endpoints',
  token: 'serviceaccounts/token would mint a credential',
  eviction: 'pods/eviction deletes a pod',
  binding: 'pods/binding writes a scheduling decision',
  ephemeralcontainers: 'ephemeral containers modify a pod',
};

const LIST_PARAMS = new Set([
  'limit',
  'continue',
  'labelSelector',
  'fieldSelector',
  'resourceVersion',
  'resourceVersionMatch',
  'timeoutSeconds',
]);
const WATCH_PARAMS = new Set([...LIST_PARAMS, 'watch', 'allowWatchBookmarks', 'sendInitialEvents']);
const GET_PARAMS = new Set(['resourceVersion']);
// Not `follow` (never ends) and never `insecureSkipTLSVerifyBackend` (turns off the kubelet's TLS check).
const LOG_PARAMS = new Set([
  'container',
  'previous',
  'tailLines',
  'sinceSeconds',
  'sinceTime',
  'timestamps',
  'limitBytes',
]);

function splitRequest(raw: string): { segments: string[]; params: URLSearchParams; problem?: string } {
  const q = raw.indexOf('?');
  const path = q >= 0 ? raw.slice(0, q) : raw;
  const params = new URLSearchParams(q >= 0 ? raw.slice(q + 1) : '');
  if (!path.startsWith('/')) return { segments: [], params, problem: 'path is not absolute' };
  if (raw.includes('#')) return { segments: [], params, problem: 'path carries a fragment' };
  // Security: names we build never need escaping, so any escape is a smuggling attempt (%2F, %2e%2e, …).
  if (/[%\\;\s]/.test(path) || /[\u0000-\u001f\u007f-\uffff]/.test(path)) {
    return { segments: [], params, problem: 'path contains encoded, control or separator characters' };
  }
  const segments = path.slice(1).split('/');
  if (segments.length > 1 && segments[segments.length - 1] === '') segments.pop();
  if (segments.some((s) => s === '' || s === '.' || s === '..')) {
    return { segments, params, problem: "path contains an empty, '.' or '..' segment" };
  }
  return { segments, params };
}

function checkParams(params: URLSearchParams, allowed: Set<string>): string | undefined {
  const seen = new Set<string>();
  for (const key of params.keys()) {
    if (!allowed.has(key)) return `query parameter "${key}" is not allowed on this request`;
    if (seen.has(key)) return `query parameter "${key}" is repeated`;
    seen.add(key);
  }
  return undefined;
}

function decideNonResource(path: string, params: URLSearchParams): Decision | undefined {
  const isDiscovery =
    (NON_RESOURCE_PATHS as readonly string[]).includes(path) ||
    /^\/api\/v1$/.test(path) ||
    /^\/apis\/[a-z0-9.-]+(\/v[0-9a-z]+)?$/.test(path);
  if (!isDiscovery) return undefined;
  if ([...params.keys()].length > 0) return deny(`query parameters are not allowed on ${path}`);
  return { allowed: true, target: { verb: 'get', resource: path } };
}

/** A list of the APF configuration (names for throttling messages): collections only, `limit` only. */
function decideFlowControl(segments: string[], params: URLSearchParams): Decision | undefined {
  if (segments.length !== 4 || segments[0] !== 'apis') return undefined;
  const list = FLOW_CONTROL_LISTS.find(
    (l) => l.group === segments[1] && l.version === segments[2] && l.resource === segments[3],
  );
  if (!list) return undefined;
  const problem = checkParams(params, new Set(['limit']));
  if (problem) return deny(problem, { verb: 'list', group: list.group, resource: list.resource });
  return { allowed: true, target: { verb: 'list', group: list.group, resource: list.resource } };
}

function decideAccessReview(
  group: string,
  version: string,
  rest: string[],
  params: URLSearchParams,
): Decision {
  const review = ACCESS_REVIEWS.find(
    (r) => r.group === group && r.version === version && r.resource === rest[0],
  );
  if (!review || rest.length !== 1 || [...params.keys()].length > 0) {
    return deny('the only POST allowed is a SelfSubjectAccessReview or SelfSubjectRulesReview', {
      verb: 'create',
    });
  }
  return { allowed: true, target: { verb: 'create', group, resource: review.resource } };
}

interface ParsedResource {
  group: string;
  version: string;
  namespace?: string;
  resource: string;
  name?: string;
  subresource?: string;
  extra: string[];
}

function parseResourcePath(segments: string[]): ParsedResource | string {
  let group: string;
  let version: string;
  let rest: string[];
  if (segments[0] === 'api' && segments.length >= 3) {
    group = '';
    version = segments[1]!;
    rest = segments.slice(2);
  } else if (segments[0] === 'apis' && segments.length >= 4) {
    group = segments[1]!;
    version = segments[2]!;
    rest = segments.slice(3);
  } else {
    return 'not a Kubernetes API path';
  }
  // /namespaces/{ns}/{resource}/… addresses a namespaced resource; /namespaces and /namespaces/{name}
  // address the Namespace objects themselves.
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const [, namespace, resource, name, subresource, ...extra] = rest;
    return { group, version, namespace, resource: resource!, name, subresource, extra };
  }
  const [resource, name, subresource, ...extra] = rest;
  return { group, version, resource: resource!, name, subresource, extra };
}

function decideResource(parsed: ParsedResource, params: URLSearchParams, fence: NamespaceFence): Decision {
  const { group, version, namespace, resource, name, subresource } = parsed;
  const label = subresource ? `${resource}/${subresource}` : resource;
  const base: Partial<RequestTarget> = { group, resource: label, namespace, name };
  const never = NEVER[resource] ?? (subresource ? NEVER[subresource] : undefined);
  if (never) return deny(never, base);
  if (parsed.extra.length > 0) return deny('path has more segments than a Kubernetes resource path', base);
  if (namespace !== undefined && !isDnsLabel(namespace))
    return deny(`"${namespace}" is not a namespace name`, base);
  if (name !== undefined && !isDnsSubdomain(name))
    return deny(`"${name}" is not a Kubernetes object name`, base);

  const type = findType(group, version, resource);
  if (!type)
    return deny(`${label} in API group "${group}/${version}" is not on kubectl-diag's read list`, base);
  if (subresource !== undefined && !(type.subresources ?? []).includes(subresource)) {
    return deny(`the ${label} subresource is not on kubectl-diag's read list`, base);
  }
  if (namespace !== undefined && !type.namespaced)
    return deny(`${resource} is not a namespaced resource`, base);
  if (type.namespaced && namespace === undefined && name !== undefined) {
    return deny(`${resource} "${name}" needs a namespace`, base);
  }

  const isWatch = params.get('watch') === 'true' || params.get('watch') === '1';
  const verb: Verb = name !== undefined ? 'get' : isWatch ? 'watch' : 'list';
  if (!type.verbs.includes(verb as 'get')) return deny(`${verb} is not allowed on ${label}`, base);
  const allowedParams =
    subresource === 'log' ? LOG_PARAMS : verb === 'get' ? GET_PARAMS : isWatch ? WATCH_PARAMS : LIST_PARAMS;
  const paramProblem = checkParams(params, allowedParams);
  if (paramProblem) return deny(paramProblem, base);

  // Security: the namespace fence. A namespaced read must name an allowed namespace; a cluster-wide
  // list of a namespaced resource is refused (the read layer lists each allowed namespace instead);
  // a Namespace object can be read only if it is itself inside the fence.
  if (fence.namespaces !== null) {
    if (type.namespaced && namespace === undefined) {
      return deny(`a cluster-wide list of ${resource} would cross the namespace fence`, base);
    }
    if (namespace !== undefined && !fence.namespaces.has(namespace)) {
      return deny(`namespace "${namespace}" is outside the allowed namespaces`, base);
    }
    if (type.key === 'namespaces' && name !== undefined && !fence.namespaces.has(name)) {
      return deny(`namespace "${name}" is outside the allowed namespaces`, base);
    }
  }
  return { allowed: true, type, target: { verb, group, resource: label, namespace, name } };
}

/**
 * Decides one HTTP request. `path` is the request target as sent (path plus query), relative to the
 * API server's base URL.
 */
export function decide(method: string, path: string, fence: NamespaceFence): Decision {
  const { segments, params, problem } = splitRequest(path);
  if (problem) return deny(`refused a malformed request path: ${problem}`);
  const upper = method.toUpperCase();

  if (upper === 'POST') {
    if (segments[0] === 'apis' && segments.length >= 4) {
      return decideAccessReview(segments[1]!, segments[2]!, segments.slice(3), params);
    }
    return deny('POST is a write; kubectl-diag only reads', { verb: 'create' });
  }
  if (upper !== 'GET') return deny(`${upper} is a write or an unknown method; kubectl-diag only reads`);

  const joined = `/${segments.join('/')}`;
  const nonResource = decideNonResource(joined, params);
  if (nonResource) return nonResource;
  const flowControl = decideFlowControl(segments, params);
  if (flowControl) return flowControl;
  const parsed = parseResourcePath(segments);
  if (typeof parsed === 'string') return deny(`${joined} is ${parsed}`);
  return decideResource(parsed, params, fence);
}

/**
 * Security: path segments that mean something to the Kubernetes API. A server URL whose base path holds
 * one of them (https://host/api/v1/namespaces/kube-system/secrets, …/pods/x/proxy) would make the server
 * see a different request from the one the policy decided, so it is refused when the kubeconfig is loaded.
 */
export const API_SEGMENTS: ReadonlySet<string> = new Set([
  'api',
  'apis',
  'namespaces',
  'proxy',
  'version',
  'healthz',
  'livez',
  'readyz',
  'metrics',
  'openapi',
  'log',
  'logs',
  ...Object.keys(NEVER),
]);

/**
 * Why a server URL's base path (its path, e.g. Rancher's `/k8s/clusters/c-m-abc`) is unsafe, or
 * undefined when it is a plain prefix: non-empty segments of letters, digits, `-`, `_`, `.` and `~`,
 * none of them `.`, `..` or a Kubernetes API segment.
 */
export function basePathProblem(basePath: string): string | undefined {
  if (basePath === '') return undefined;
  if (!basePath.startsWith('/')) return 'it does not start with /';
  if (basePath.includes('?')) return 'it carries a query';
  if (basePath.includes('#')) return 'it carries a fragment';
  if (basePath.includes('%')) return 'it contains a percent-escape';
  const segments = basePath.slice(1).split('/');
  for (const segment of segments) {
    if (segment === '') return 'it contains an empty segment (//)';
    if (segment === '.' || segment === '..') return `it contains a "${segment}" segment`;
    if (!/^[A-Za-z0-9._~-]+$/.test(segment))
      return `segment "${segment.slice(0, 40)}" contains characters other than letters, digits, "-", "_", "." and "~"`;
    if (API_SEGMENTS.has(segment.toLowerCase()))
      return `it contains the Kubernetes API segment "${segment}", so the server would see another request than the one kubectl-diag checks`;
  }
  return undefined;
}

/**
 * The raw path part of a server URL as written in the kubeconfig (before URL parsing normalises `..`
 * and escapes away), or a problem with it.
 */
export function serverPathProblem(server: string): string | undefined {
  // The URL parser drops tabs and newlines and reads "\\" as "/": either would change the path it sees.
  if (/[\s\\\u0000-\u001f\u007f]/.test(server))
    return 'it contains a backslash, whitespace or a control character';
  const match = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*(.*)$/s.exec(server);
  if (!match) return undefined; // not URL-shaped: reported by the URL parser with its own message
  const rest = match[1]!;
  if (rest.includes('?')) return 'it carries a query';
  if (rest.includes('#')) return 'it carries a fragment';
  return basePathProblem(rest.replace(/\/$/, ''));
}
