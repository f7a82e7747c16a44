// The explicit list of what kubectl-diag may read. It is the allow-list of the policy, the source of the
// RBAC role printed by `kubectl diag rbac`, and the only way queries name a resource: nothing outside it can
// be requested, so the guard and the role can never drift apart.

export type ReadVerb = 'get' | 'list' | 'watch';

export interface ResourceType {
  readonly key: string;
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly verbs: readonly ReadVerb[];
  /** Subresources that may be read (GET only). */
  readonly subresources?: readonly string[];
  /** Why the tool reads it; printed as a comment in the generated role. */
  readonly why: string;
}

const READ: readonly ReadVerb[] = ['get', 'list', 'watch'];

function type(
  key: string,
  group: string,
  version: string,
  kind: string,
  namespaced: boolean,
  why: string,
  extra: Partial<ResourceType> = {},
): ResourceType {
  return {
    key,
    group,
    version,
    resource: extra.resource ?? key,
    kind,
    namespaced,
    verbs: READ,
    why,
    ...extra,
  };
}

export const RESOURCES = {
  pods: type('pods', '', 'v1', 'Pod', true, 'pod status, pods behind services, on nodes, using claims', {
    subresources: ['log'],
  }),
  events: type('events', '', 'v1', 'Event', true, 'events explain failures of every object'),
  services: type('services', '', 'v1', 'Service', true, 'service connectivity'),
  endpoints: type('endpoints', '', 'v1', 'Endpoints', true, 'endpoints of services without EndpointSlices'),
  nodes: type('nodes', '', 'v1', 'Node', false, 'node health and capacity'),
  namespaces: type('namespaces', '', 'v1', 'Namespace', false, 'tell an unknown namespace from an empty one'),
  persistentvolumeclaims: type(
    'persistentvolumeclaims',
    '',
    'v1',
    'PersistentVolumeClaim',
    true,
    'storage claims',
  ),
  persistentvolumes: type('persistentvolumes', '', 'v1', 'PersistentVolume', false, 'volumes behind claims'),
  resourcequotas: type(
    'resourcequotas',
    '',
    'v1',
    'ResourceQuota',
    true,
    'quotas that stop pods being created',
  ),
  limitranges: type('limitranges', '', 'v1', 'LimitRange', true, 'defaults and limits given to new pods'),
  eventsv1: type('eventsv1', 'events.k8s.io', 'v1', 'Event', true, 'events (new API group)', {
    resource: 'events',
  }),
  endpointslices: type(
    'endpointslices',
    'discovery.k8s.io',
    'v1',
    'EndpointSlice',
    true,
    'service endpoints',
  ),
  deployments: type('deployments', 'apps', 'v1', 'Deployment', true, 'pod owners'),
  replicasets: type('replicasets', 'apps', 'v1', 'ReplicaSet', true, 'pod owners'),
  statefulsets: type('statefulsets', 'apps', 'v1', 'StatefulSet', true, 'pod owners'),
  daemonsets: type('daemonsets', 'apps', 'v1', 'DaemonSet', true, 'pod owners'),
  controllerrevisions: type(
    'controllerrevisions',
    'apps',
    'v1',
    'ControllerRevision',
    true,
    'StatefulSet and DaemonSet revisions',
  ),
  jobs: type('jobs', 'batch', 'v1', 'Job', true, 'pod owners'),
  cronjobs: type('cronjobs', 'batch', 'v1', 'CronJob', true, 'pod owners'),
  horizontalpodautoscalers: type(
    'horizontalpodautoscalers',
    'autoscaling',
    'v2',
    'HorizontalPodAutoscaler',
    true,
    'autoscaling that cannot compute or is capped',
  ),
  poddisruptionbudgets: type(
    'poddisruptionbudgets',
    'policy',
    'v1',
    'PodDisruptionBudget',
    true,
    'budgets that block evictions and drains',
  ),
  ingresses: type('ingresses', 'networking.k8s.io', 'v1', 'Ingress', true, 'routes to services'),
  networkpolicies: type('networkpolicies', 'networking.k8s.io', 'v1', 'NetworkPolicy', true, 'traffic rules'),
  storageclasses: type('storageclasses', 'storage.k8s.io', 'v1', 'StorageClass', false, 'provisioning'),
  volumeattachments: type(
    'volumeattachments',
    'storage.k8s.io',
    'v1',
    'VolumeAttachment',
    false,
    'attach errors',
  ),
  csidrivers: type('csidrivers', 'storage.k8s.io', 'v1', 'CSIDriver', false, 'installed storage drivers'),
  nodemetrics: type('nodemetrics', 'metrics.k8s.io', 'v1beta1', 'NodeMetrics', false, 'node usage', {
    resource: 'nodes',
    verbs: ['get', 'list'],
  }),
  podmetrics: type('podmetrics', 'metrics.k8s.io', 'v1beta1', 'PodMetrics', true, 'pod usage', {
    resource: 'pods',
    verbs: ['get', 'list'],
  }),
} as const;

export type ResourceKey = keyof typeof RESOURCES;

/** Every readable resource type, in catalog order. */
export const READABLE_TYPES: readonly ResourceType[] = Object.values(RESOURCES);

/** The only writes-by-HTTP-verb the tool makes: access reviews, which the apiserver never persists. */
export const ACCESS_REVIEWS = [
  { group: 'authorization.k8s.io', version: 'v1', resource: 'selfsubjectaccessreviews' },
  { group: 'authorization.k8s.io', version: 'v1', resource: 'selfsubjectrulesreviews' },
] as const;

/**
 * API Priority and Fairness configuration, listed (never watched, never captured) only to put names on
 * the UIDs a throttled answer carries. Optional: without RBAC for it the UIDs are shown instead.
 */
export const FLOW_CONTROL_LISTS = [
  { group: 'flowcontrol.apiserver.k8s.io', version: 'v1', resource: 'flowschemas' },
  { group: 'flowcontrol.apiserver.k8s.io', version: 'v1', resource: 'prioritylevelconfigurations' },
] as const;

/** Non-resource URLs the tool reads: discovery, version and health, all public to authenticated users. */
export const NON_RESOURCE_PATHS = ['/version', '/readyz', '/livez', '/healthz', '/api', '/apis'] as const;

export function resourceType(key: ResourceKey): ResourceType {
  return RESOURCES[key];
}

export function findType(group: string, version: string, resource: string): ResourceType | undefined {
  return READABLE_TYPES.find((t) => t.group === group && t.version === version && t.resource === resource);
}

export function groupVersionPath(t: { group: string; version: string }): string {
  return t.group === '' ? `/api/${t.version}` : `/apis/${t.group}/${t.version}`;
}

/** The REST path of a resource, a collection or a subresource. Names are not checked here: the policy does. */
export function resourcePath(
  t: ResourceType,
  where: { namespace?: string; name?: string; subresource?: string } = {},
): string {
  let path = groupVersionPath(t);
  if (t.namespaced && where.namespace !== undefined)
    path += `/namespaces/${encodeURIComponent(where.namespace)}`;
  path += `/${t.resource}`;
  if (where.name !== undefined) path += `/${encodeURIComponent(where.name)}`;
  if (where.subresource !== undefined) path += `/${where.subresource}`;
  return path;
}
