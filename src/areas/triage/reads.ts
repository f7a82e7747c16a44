// The one read of triage: every list each area's rules need, once, in parallel (each paged by the reader),
// whatever the number of objects. Under a namespace the namespaced lists are read in it; the cluster-scoped
// ones (nodes, volumes, classes, attachments) whole, through the fence like every read. A list this identity
// may not read (or the server does not serve) is left empty and named in `notRead`; the rest stand.

import { Forbidden, NotFound } from '../../cluster/errors.js';
import type { ListQuery, ClusterReader } from '../../cluster/source.js';
import type { ResourceKey } from '../../cluster/resources.js';
import type { EndpointSlice, Event, KubeObject, Service } from '../../kube/types.js';
import { emptyLists, type ClusterLists } from './lists.js';

/** The label the EndpointSlice controller puts on every slice of a Service. */
const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

export interface TriageRead {
  lists: ClusterLists;
  /** "endpoints: permission denied (403): …" for each list that could not be read. */
  notRead: string[];
}

type ListKey = Exclude<keyof ClusterLists, 'endpoints'>;

/** Which resource fills which list, and whether it is read in the namespace asked for. */
const READS: readonly [ListKey, ResourceKey, Omit<ListQuery, 'namespace'>?][] = [
  ['pods', 'pods'],
  ['events', 'events'],
  ['services', 'services'],
  ['endpointSlices', 'endpointslices', { labelSelector: SERVICE_NAME_LABEL }],
  ['claims', 'persistentvolumeclaims'],
  ['deployments', 'deployments'],
  ['replicaSets', 'replicasets'],
  ['statefulSets', 'statefulsets'],
  ['daemonSets', 'daemonsets'],
  ['jobs', 'jobs'],
  ['cronJobs', 'cronjobs'],
  ['quotas', 'resourcequotas'],
  ['autoscalers', 'horizontalpodautoscalers'],
  ['budgets', 'poddisruptionbudgets'],
  ['nodes', 'nodes'],
  ['volumes', 'persistentvolumes'],
  ['classes', 'storageclasses'],
  ['attachments', 'volumeattachments'],
];

async function optional<T extends KubeObject>(
  cluster: ClusterReader,
  resource: ResourceKey,
  query: ListQuery,
  notRead: string[],
): Promise<T[]> {
  try {
    return await cluster.list<T>(resource, query);
  } catch (error) {
    if (!(error instanceof Forbidden) && !(error instanceof NotFound)) throw error;
    notRead.push(`${resource}: ${error.message}`);
    return [];
  }
}

function lacksSlices(services: Service[], slices: EndpointSlice[]): boolean {
  const owners = new Set(
    slices.map((s) => `${s.metadata?.namespace ?? ''}/${s.metadata?.labels?.[SERVICE_NAME_LABEL] ?? ''}`),
  );
  return services.some(
    (svc) =>
      svc.spec?.type !== 'ExternalName' &&
      !owners.has(`${svc.metadata?.namespace ?? ''}/${svc.metadata?.name ?? ''}`),
  );
}

/** Every list once; `namespace` undefined reads all namespaces (inside the fence). */
export async function readForTriage(
  cluster: ClusterReader,
  namespace: string | undefined,
): Promise<TriageRead> {
  const notRead: string[] = [];
  const lists = emptyLists();
  const [nodeEvents] = await Promise.all([
    // Kubelets record node events in "default": under a namespace they are one more list, of Node events only.
    namespace !== undefined
      ? optional<Event>(cluster, 'events', { fieldSelector: 'involvedObject.kind=Node' }, notRead)
      : [],
    ...READS.map(async ([list, resource, query]) => {
      (lists[list] as KubeObject[]) = await optional(cluster, resource, { namespace, ...query }, notRead);
    }),
  ]);
  lists.events.push(...nodeEvents.filter((e) => e.metadata?.namespace !== namespace));
  // Core Endpoints is deprecated (1.33): read once, and only when some Service has no EndpointSlice.
  if (lacksSlices(lists.services, lists.endpointSlices))
    lists.endpoints = await optional(cluster, 'endpoints', { namespace }, notRead);
  notRead.sort();
  return { lists, notRead };
}
