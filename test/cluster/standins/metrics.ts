import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StandinStore } from './store.js';

export const metricsGroupVersion = 'metrics.k8s.io/v1beta1';

export interface NodeMetrics {
  apiVersion: string;
  kind: 'NodeMetrics';
  metadata: { name: string; labels?: Record<string, string>; creationTimestamp?: string };
  timestamp: string;
  window: string;
  usage: { cpu: string; memory: string };
}

export interface PodMetrics {
  apiVersion: string;
  kind: 'PodMetrics';
  metadata: { name: string; namespace: string; labels?: Record<string, string>; creationTimestamp?: string };
  timestamp: string;
  window: string;
  containers: { name: string; usage: { cpu: string; memory: string } }[];
}

/** What metrics-server answers for discovery of its one group/version. */
const resourceList = {
  kind: 'APIResourceList',
  apiVersion: 'v1',
  groupVersion: metricsGroupVersion,
  resources: [
    { name: 'nodes', singularName: '', namespaced: false, kind: 'NodeMetrics', verbs: ['get', 'list'] },
    { name: 'pods', singularName: '', namespaced: true, kind: 'PodMetrics', verbs: ['get', 'list'] },
  ],
};

/**
 * A stand-in metrics-server, reached only through the kube-aggregator (it accepts nothing but the
 * front-proxy client certificate). The apiserver has already authorized the caller with RBAC before
 * proxying; unlike metrics-server this stand-in does not repeat that check by SubjectAccessReview.
 */
export function handleMetricsRequest(store: StandinStore, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'https://metrics.invalid');
  const path = url.pathname.replace(/\/$/, '');
  if (req.method !== 'GET') return status(res, 405, 'MethodNotAllowed', `${req.method} is not supported`);
  if (['/healthz', '/livez', '/readyz'].includes(path)) return text(res, 200, 'ok');
  // Minimal OpenAPI documents, so the aggregator's OpenAPI controllers do not retry and log errors.
  if (path === '/openapi/v2')
    return json(res, 200, { swagger: '2.0', info: { title: 'metrics stand-in', version: 'v0' }, paths: {} });
  if (path === '/openapi/v3') return json(res, 200, { paths: {} });
  // 404 on /apis makes the aggregator fall back to per-version (legacy) discovery, which we serve.
  if (path === `/apis/${metricsGroupVersion}`) return json(res, 200, resourceList);
  const route = parseRoute(path);
  if (!route) return status(res, 404, 'NotFound', `the server could not find the requested resource`);
  try {
    if (route.kind === 'nodes') return serveNodes(store, route.name, url.searchParams, res);
    return servePods(store, route.namespace, route.name, url.searchParams, res);
  } catch (err) {
    return status(res, 400, 'BadRequest', (err as Error).message);
  }
}

type Route = { kind: 'nodes'; name?: string } | { kind: 'pods'; namespace?: string; name?: string };

function parseRoute(path: string): Route | undefined {
  const prefix = `/apis/${metricsGroupVersion}/`;
  if (!path.startsWith(prefix)) return undefined;
  const parts = path.slice(prefix.length).split('/').map(decodeURIComponent);
  if (parts[0] === 'nodes' && parts.length <= 2) return { kind: 'nodes', name: parts[1] };
  if (parts[0] === 'pods' && parts.length === 1) return { kind: 'pods' };
  if (parts[0] === 'namespaces' && parts[2] === 'pods' && parts.length <= 4) {
    return { kind: 'pods', namespace: parts[1], name: parts[3] };
  }
  return undefined;
}

function serveNodes(
  store: StandinStore,
  name: string | undefined,
  params: URLSearchParams,
  res: ServerResponse,
) {
  const all = Object.values(store.readJson<Record<string, NodeMetrics>>(store.metricsFile('nodes'), {}));
  if (name !== undefined) {
    const found = all.find((m) => m.metadata.name === name);
    if (!found) return status(res, 404, 'NotFound', `nodemetrics.metrics.k8s.io "${name}" not found`);
    return json(res, 200, found);
  }
  const items = all.filter(selects(params)).sort(byKey);
  return json(res, 200, { kind: 'NodeMetricsList', apiVersion: metricsGroupVersion, metadata: {}, items });
}

function servePods(
  store: StandinStore,
  namespace: string | undefined,
  name: string | undefined,
  params: URLSearchParams,
  res: ServerResponse,
) {
  const all = Object.values(store.readJson<Record<string, PodMetrics>>(store.metricsFile('pods'), {}));
  const inNamespace = all.filter((m) => namespace === undefined || m.metadata.namespace === namespace);
  if (name !== undefined) {
    const found = inNamespace.find((m) => m.metadata.name === name);
    if (!found) return status(res, 404, 'NotFound', `podmetrics.metrics.k8s.io "${name}" not found`);
    return json(res, 200, found);
  }
  const items = inNamespace.filter(selects(params)).sort(byKey);
  return json(res, 200, { kind: 'PodMetricsList', apiVersion: metricsGroupVersion, metadata: {}, items });
}

function byKey(a: { metadata: { name: string; namespace?: string } }, b: typeof a): number {
  return `${a.metadata.namespace ?? ''}/${a.metadata.name}`.localeCompare(
    `${b.metadata.namespace ?? ''}/${b.metadata.name}`,
  );
}

type Meta = { metadata: { name: string; namespace?: string; labels?: Record<string, string> } };

/** labelSelector (=, ==, !=, in, notin, exists, !exists) and fieldSelector on metadata.name/namespace. */
function selects(params: URLSearchParams): (obj: Meta) => boolean {
  const labelTests = splitSelector(params.get('labelSelector') ?? '').map(labelRequirement);
  const fieldTests = splitSelector(params.get('fieldSelector') ?? '').map(fieldRequirement);
  return (obj) => labelTests.every((t) => t(obj.metadata.labels ?? {})) && fieldTests.every((t) => t(obj));
}

/** Splits on commas outside `in (a,b)` parentheses. */
function splitSelector(selector: string): string[] {
  return (selector.match(/([^,(]|\([^)]*\))+/g) ?? []).map((s) => s.trim()).filter(Boolean);
}

function labelRequirement(req: string): (labels: Record<string, string>) => boolean {
  const set = /^([^\s!=]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(req);
  if (set) {
    const [, key = '', op, list = ''] = set;
    const values = list.split(',').map((v) => v.trim());
    return (labels) => (op === 'in') === (key in labels && values.includes(labels[key] ?? ''));
  }
  const cmp = /^([^\s!=]+)\s*(==|=|!=)\s*(\S*)$/.exec(req);
  if (cmp) {
    const [, key = '', op, value = ''] = cmp;
    return (labels) => (op === '!=' ? labels[key] !== value : labels[key] === value);
  }
  if (/^![^\s!=]+$/.test(req)) return (labels) => !(req.slice(1) in labels);
  if (/^[^\s!=]+$/.test(req)) return (labels) => req in labels;
  throw new Error(`unable to parse requirement: ${req}`);
}

function fieldRequirement(req: string): (obj: Meta) => boolean {
  const cmp = /^(metadata\.name|metadata\.namespace)\s*(==|=|!=)\s*(\S*)$/.exec(req);
  if (!cmp) throw new Error(`field label not supported: ${req}`);
  const [, field, op, value] = cmp;
  return (obj) => {
    const actual = field === 'metadata.name' ? obj.metadata.name : obj.metadata.namespace;
    return op === '!=' ? actual !== value : actual === value;
  };
}

function json(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function text(res: ServerResponse, code: number, body: string): void {
  res.writeHead(code, { 'content-type': 'text/plain' });
  res.end(body);
}

function status(res: ServerResponse, code: number, reason: string, message: string): void {
  json(res, code, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
  });
}
