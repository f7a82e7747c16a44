// What the node queries read: each helper is one list or get (paged by the reader).

import { Forbidden, MetricsUnavailable, NotFound } from '../../cluster/errors.js';
import type { ClusterReader } from '../../cluster/source.js';
import { isTerminated, isUnscheduled, type NodeUsage } from './rules.js';
import { bytes, milliCores } from '../../kube/quantity.js';
import type { Event, Node, NodeMetrics, Pod } from '../../kube/types.js';
import { type PodScope } from './schema.js';

/** Pods that still hold resources. The field selector drops the rest server-side; the filter keeps snapshots honest. */
const NOT_TERMINATED = 'status.phase!=Succeeded,status.phase!=Failed';

interface MetricsRead {
  available: boolean;
  note?: string;
  usage: Map<string, NodeUsage>;
}

function usageOf(metrics: NodeMetrics): NodeUsage {
  return {
    cpu: milliCores(metrics.usage?.cpu),
    memory: bytes(metrics.usage?.memory),
    timestamp: metrics.timestamp,
    window: metrics.window,
  };
}

/** Node usage, or a note saying plainly why there is none: missing metrics never fail a node query. */
export async function readNodeMetrics(cluster: ClusterReader, name?: string): Promise<MetricsRead> {
  try {
    const items =
      name === undefined
        ? await cluster.list<NodeMetrics>('nodemetrics')
        : [await cluster.get<NodeMetrics>('nodemetrics', name)];
    return { available: true, usage: new Map(items.map((m) => [m.metadata?.name ?? '', usageOf(m)])) };
  } catch (error) {
    if (name !== undefined && error instanceof NotFound) {
      return {
        available: true,
        usage: new Map(),
        note: `metrics-server has no usage sample for node "${name}" (yet): usage is unknown for it`,
      };
    }
    if (error instanceof MetricsUnavailable)
      return { available: false, usage: new Map(), note: error.explain().replace(/\n/g, '. ') };
    if (error instanceof Forbidden) {
      const note = `resource usage is unavailable: ${error.explain().replace(/\n/g, '. ')}`;
      return { available: false, usage: new Map(), note };
    }
    throw error;
  }
}

export function activePods(cluster: ClusterReader, node?: string): Promise<Pod[]> {
  // Security: `node` passed the DNS-subdomain check of the input schema, so it cannot add selector terms.
  const fieldSelector = node === undefined ? NOT_TERMINATED : `spec.nodeName=${node},${NOT_TERMINATED}`;
  return cluster.list<Pod>('pods', { fieldSelector }).then((pods) => pods.filter((p) => !isTerminated(p)));
}

/** Pods waiting for a node: the ones a taint can keep away. */
export function unscheduledPods(cluster: ClusterReader): Promise<Pod[]> {
  return cluster
    .list<Pod>('pods', { fieldSelector: 'spec.nodeName=,status.phase=Pending' })
    .then((pods) => pods.filter(isUnscheduled));
}

/** Node events (kubelets record them in "default"; under a fence, only the allowed namespaces are read). */
export function nodeEvents(cluster: ClusterReader, node?: string): Promise<Event[]> {
  const fieldSelector =
    node === undefined ? 'involvedObject.kind=Node' : `involvedObject.kind=Node,involvedObject.name=${node}`;
  return cluster.list<Event>('events', { fieldSelector });
}

/** The pod rules only read Warning events: asking for those alone keeps the list small on a busy cluster. */
export function podWarningEvents(cluster: ClusterReader, namespace?: string): Promise<Event[]> {
  return cluster.list<Event>('events', { namespace, fieldSelector: 'involvedObject.kind=Pod,type=Warning' });
}

export function nodeNotFound(name: string): NotFound {
  return new NotFound('Node', name, undefined, '`kubectl diag nodes` lists the nodes.');
}

export async function getNode(cluster: ClusterReader, name: string): Promise<Node> {
  try {
    return await cluster.get<Node>('nodes', name);
  } catch (error) {
    throw error instanceof NotFound ? nodeNotFound(name) : error;
  }
}

export function podScopeOf(cluster: ClusterReader, namespace?: string): PodScope {
  if (namespace !== undefined) return { allNamespaces: false, namespaces: [namespace] };
  const fenced = cluster.fence.namespaces;
  if (fenced === null) return { allNamespaces: true };
  const names = [...fenced].sort();
  return {
    allNamespaces: false,
    namespaces: names,
    note: `Requests, limits and pod counts include only pods in the allowed namespaces (${names.join(', ')}); pods of other namespaces on these nodes are not seen.`,
  };
}
