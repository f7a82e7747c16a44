// The nodes area: node health, pressure and capacity, and the pods on a node. Every query makes a fixed
// number of list calls (each paged) whatever the number of nodes and pods: nodes, pods, node metrics and
// events are each read once and joined here.

import { z } from 'zod';
import { BadInput, Forbidden, MetricsUnavailable, NotFound } from '../../cluster/errors.js';
import type { ClusterReader } from '../../cluster/source.js';
import { indexEventsByObject } from '../../diagnose/events.js';
import { countBySeverity, sortFindings, type Finding } from '../../diagnose/finding.js';
import {
  capacityFindings,
  conditionFindings,
  diagnoseNode,
  indexNodeEvents,
  internalIP,
  isTerminated,
  isUnscheduled,
  lastHeartbeat,
  newestKubelet,
  nodeAllocation,
  nodeReadiness,
  nodeRoles,
  nodeStatus,
  percent,
  podResources,
  pressureConditions,
  type NodeAllocation,
  type NodeContext,
  type NodeUsage,
  type ResourceAmounts,
} from './rules.js';
import { diagnosePod, podStatus, readyContainers, restarts } from '../pods/rules.js';
import { parseSelector, matchesSelector } from '../../kube/labels.js';
import { bytes, milliCores } from '../../kube/quantity.js';
import { secondsBetween } from '../../kube/time.js';
import type { Event, Node, NodeMetrics, Pod } from '../../kube/types.js';
import {
  nodeConditionsText,
  nodeDescriptionText,
  nodeMetricsText,
  nodeReportText,
  podsOnNodeText,
} from './text.js';
import { assertNamespaceExists, eventResult, sourceOf } from '../../queries/common.js';
import * as input from '../../queries/inputs.js';
import { defineQuery } from '../../queries/query.js';
import type { amount, nodeResources, nodeCondition, nodeDetail, nodeMetricsEntry } from './schema.js';
import {
  type NodeSummary,
  type PodScope,
  type PodOnNode,
  reportOutput,
  type NodeReport,
  describeOutput,
  conditionsOutput,
  metricsOutput,
  podsOnNodeOutput,
} from './schema.js';

// ---------------------------------------------------------------- reads (each one list or get)

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
async function readNodeMetrics(cluster: ClusterReader, name?: string): Promise<MetricsRead> {
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

function activePods(cluster: ClusterReader, node?: string): Promise<Pod[]> {
  // Security: `node` passed the DNS-subdomain check of the input schema, so it cannot add selector terms.
  const fieldSelector = node === undefined ? NOT_TERMINATED : `spec.nodeName=${node},${NOT_TERMINATED}`;
  return cluster.list<Pod>('pods', { fieldSelector }).then((pods) => pods.filter((p) => !isTerminated(p)));
}

/** Pods waiting for a node: the ones a taint can keep away. */
function unscheduledPods(cluster: ClusterReader): Promise<Pod[]> {
  return cluster
    .list<Pod>('pods', { fieldSelector: 'spec.nodeName=,status.phase=Pending' })
    .then((pods) => pods.filter(isUnscheduled));
}

/** Node events (kubelets record them in "default"; under a fence, only the allowed namespaces are read). */
function nodeEvents(cluster: ClusterReader, node?: string): Promise<Event[]> {
  const fieldSelector =
    node === undefined ? 'involvedObject.kind=Node' : `involvedObject.kind=Node,involvedObject.name=${node}`;
  return cluster.list<Event>('events', { fieldSelector });
}

/** The pod rules only read Warning events: asking for those alone keeps the list small on a busy cluster. */
function podWarningEvents(cluster: ClusterReader, namespace?: string): Promise<Event[]> {
  return cluster.list<Event>('events', { namespace, fieldSelector: 'involvedObject.kind=Pod,type=Warning' });
}

function nodeNotFound(name: string): NotFound {
  return new NotFound('Node', name, undefined, '`kubectl diag nodes` lists the nodes.');
}

async function getNode(cluster: ClusterReader, name: string): Promise<Node> {
  try {
    return await cluster.get<Node>('nodes', name);
  } catch (error) {
    throw error instanceof NotFound ? nodeNotFound(name) : error;
  }
}

function podScopeOf(cluster: ClusterReader, namespace?: string): PodScope {
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

// ---------------------------------------------------------------- shaping results

function amountOf(
  allocation: NodeAllocation,
  resource: keyof ResourceAmounts,
  usage: NodeUsage | undefined,
): z.output<typeof amount> {
  const allocatable = allocation.allocatable[resource];
  return {
    capacity: allocation.capacity[resource],
    allocatable,
    requests: allocation.requests[resource],
    limits: allocation.limits[resource],
    usage: usage?.[resource],
    requestsPercent: percent(allocation.requests[resource], allocatable),
    limitsPercent: percent(allocation.limits[resource], allocatable),
    usagePercent: usage ? percent(usage[resource], allocatable) : undefined,
  };
}

function resourcesOf(
  allocation: NodeAllocation,
  usage: NodeUsage | undefined,
): z.output<typeof nodeResources> {
  return {
    cpu: amountOf(allocation, 'cpu', usage),
    memory: amountOf(allocation, 'memory', usage),
    pods: {
      count: allocation.pods,
      allocatable: allocation.allocatable.pods,
      capacity: allocation.capacity.pods,
      percent: percent(allocation.pods, allocation.allocatable.pods),
    },
  };
}

function summarize(node: Node, context: NodeContext): NodeSummary {
  return {
    name: node.metadata?.name ?? '',
    status: nodeStatus(node),
    ready: nodeReadiness(node),
    unschedulable: node.spec?.unschedulable ?? false,
    roles: nodeRoles(node),
    pressure: pressureConditions(node),
    resources: resourcesOf(nodeAllocation(node, context.pods), context.usage),
    taints: node.spec?.taints ?? [],
    createdAt: node.metadata?.creationTimestamp,
    kubeletVersion: node.status?.nodeInfo?.kubeletVersion,
    internalIP: internalIP(node),
    warningEvents: context.events.filter((e) => e.type === 'Warning').length,
    findings: sortFindings(diagnoseNode(node, context)),
  };
}

function podOnNodeOf(pod: Pod, events: Event[], now: Date): PodOnNode {
  const { ready, total } = readyContainers(pod);
  const resources = podResources(pod);
  return {
    namespace: pod.metadata?.namespace ?? '',
    name: pod.metadata?.name ?? '',
    status: podStatus(pod),
    phase: pod.status?.phase ?? 'Unknown',
    ready: `${ready}/${total}`,
    restarts: restarts(pod),
    createdAt: pod.metadata?.creationTimestamp,
    terminated: isTerminated(pod),
    requests: resources.requests,
    limits: resources.limits,
    findings: sortFindings(diagnosePod(pod, events, now)),
  };
}

function podsOnNodeOf(pods: Pod[], events: Event[], now: Date): PodOnNode[] {
  const byPod = indexEventsByObject(events);
  return pods
    .map((pod) =>
      podOnNodeOf(pod, byPod.get(`${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`) ?? [], now),
    )
    .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
}

function conditionsOf(node: Node): z.output<typeof nodeCondition>[] {
  return (node.status?.conditions ?? []).map((c) => ({
    type: c.type,
    status: c.status,
    reason: c.reason,
    message: c.message,
    lastTransitionTime: c.lastTransitionTime,
    lastHeartbeatTime: c.lastHeartbeatTime,
  }));
}

function byName(a: Node, b: Node): number {
  return (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '');
}

function selectNodes(nodes: Node[], selector: string | undefined): Node[] {
  const requirements = parseSelector(selector ?? '');
  return nodes.filter((n) => matchesSelector(n.metadata?.labels, requirements)).sort(byName);
}

function groupByNode(pods: Pod[]): Map<string, Pod[]> {
  const byNode = new Map<string, Pod[]>();
  for (const pod of pods) {
    const node = pod.spec?.nodeName;
    if (!node) continue;
    const list = byNode.get(node);
    if (list) list.push(pod);
    else byNode.set(node, [pod]);
  }
  return byNode;
}

/**
 * Every node with its findings, from four list calls: nodes, non-terminated pods, node metrics and node
 * events. All nodes are listed and the selector applied here, so KubeletVersionSkew always compares
 * against the whole cluster, whatever the selection.
 */
async function nodeReport(cluster: ClusterReader, selector: string | undefined) {
  const [nodes, pods, events, metrics] = await Promise.all([
    cluster.list<Node>('nodes'),
    activePods(cluster),
    nodeEvents(cluster),
    readNodeMetrics(cluster),
  ]);
  const podsByNode = groupByNode(pods);
  const pendingPods = pods.filter(isUnscheduled);
  const eventsByNode = indexNodeEvents(events);
  const newest = newestKubelet(nodes);
  const now = cluster.now();
  const summaries = selectNodes(nodes, selector).map((node) => {
    const name = node.metadata?.name ?? '';
    return summarize(node, {
      pods: podsByNode.get(name) ?? [],
      pendingPods,
      events: eventsByNode.get(name) ?? [],
      usage: metrics.usage.get(name),
      newestKubelet: newest,
      now,
    });
  });
  return {
    source: sourceOf(cluster),
    selector,
    metrics: { available: metrics.available, note: metrics.note },
    podScope: podScopeOf(cluster),
    summaries,
  };
}

function reportOf(report: Awaited<ReturnType<typeof nodeReport>>, includeHealthy: boolean): NodeReport {
  const withFindings = report.summaries.filter((n) => n.findings.length > 0);
  return {
    source: report.source,
    selector: report.selector,
    metrics: report.metrics,
    podScope: report.podScope,
    totalNodes: report.summaries.length,
    nodesWithFindings: withFindings.length,
    counts: countBySeverity(report.summaries.flatMap((n) => n.findings)),
    nodes: includeHealthy ? report.summaries : withFindings,
  };
}

// ---------------------------------------------------------------- queries

const nodeName = input.objectName('node');

export const listNodes = defineQuery({
  name: 'list_nodes',
  title: 'List nodes',
  description:
    'Every node (or those a selector matches): Ready status, pressure, requests and usage against allocatable, pods, taints and findings.',
  input: {
    selector: input.labelSelector
      .optional()
      .describe('Node label selector, e.g. "node-role.kubernetes.io/worker".'),
  },
  output: reportOutput,
  async run({ cluster }, args) {
    return reportOf(await nodeReport(cluster, args.selector), true);
  },
  text: nodeReportText,
});

export const diagnoseNodes = defineQuery({
  name: 'diagnose_nodes',
  title: 'Diagnose nodes',
  description:
    'Find what is wrong with nodes: NotReady or silent kubelets, pressure, cordons, taints keeping pods away, overcommit. Healthy nodes are only counted unless includeHealthy.',
  input: {
    selector: input.labelSelector.optional().describe('Node label selector.'),
    includeHealthy: z.boolean().optional().describe('Also list nodes without findings.'),
  },
  output: reportOutput,
  async run({ cluster }, args) {
    return reportOf(await nodeReport(cluster, args.selector), args.includeHealthy ?? false);
  },
  text: nodeReportText,
});

export const getNodeConditions = defineQuery({
  name: 'get_node_conditions',
  title: 'Get node conditions',
  description:
    "A node's conditions with reason, message, transition and heartbeat, cordon and taints, and the findings they lead to.",
  input: { node: nodeName },
  output: conditionsOutput,
  async run({ cluster }, args) {
    const node = await getNode(cluster, args.node);
    const now = cluster.now();
    const beat = lastHeartbeat(node);
    return {
      source: sourceOf(cluster),
      node: args.node,
      status: nodeStatus(node),
      ready: nodeReadiness(node),
      unschedulable: node.spec?.unschedulable ?? false,
      lastHeartbeatTime: beat,
      secondsSinceHeartbeat: secondsBetween(beat, now),
      conditions: conditionsOf(node),
      taints: node.spec?.taints ?? [],
      findings: sortFindings(conditionFindings(node, [], now)),
    };
  },
  text: nodeConditionsText,
});

function metricsEntry(
  node: Node,
  pods: Pod[],
  usage: NodeUsage | undefined,
): z.output<typeof nodeMetricsEntry> {
  const allocation = nodeAllocation(node, pods);
  return {
    name: node.metadata?.name ?? '',
    status: nodeStatus(node),
    resources: resourcesOf(allocation, usage),
    usageTimestamp: usage?.timestamp,
    usageWindow: usage?.window,
    findings: sortFindings(capacityFindings(node, allocation, usage)),
  };
}

export const getNodeMetrics = defineQuery({
  name: 'get_node_metrics',
  title: 'Get node metrics',
  description:
    'CPU and memory of a node (or nodes a selector matches): usage from metrics.k8s.io, pod requests and limits against allocatable, with findings.',
  input: {
    node: nodeName.optional().describe('One node; omit for all nodes.'),
    selector: input.labelSelector.optional().describe('Node label selector (without node).'),
  },
  output: metricsOutput,
  async run({ cluster }, args) {
    if (args.node !== undefined && args.selector !== undefined)
      throw new BadInput('give either node or selector to get_node_metrics, not both');
    const one = args.node;
    const [nodes, pods, metrics] = await Promise.all([
      one === undefined ? cluster.list<Node>('nodes') : getNode(cluster, one).then((n) => [n]),
      activePods(cluster, one),
      readNodeMetrics(cluster, one),
    ]);
    const podsByNode = groupByNode(pods);
    return {
      source: sourceOf(cluster),
      metrics: { available: metrics.available, note: metrics.note },
      podScope: podScopeOf(cluster),
      nodes: selectNodes(nodes, args.selector).map((node) => {
        const name = node.metadata?.name ?? '';
        return metricsEntry(node, podsByNode.get(name) ?? [], metrics.usage.get(name));
      }),
    };
  },
  text: nodeMetricsText,
});

function totals(pods: PodOnNode[]): { requests: ResourceAmounts; limits: ResourceAmounts } {
  const sum = (field: 'requests' | 'limits') =>
    pods
      .filter((p) => !p.terminated)
      .reduce((acc, p) => ({ cpu: acc.cpu + p[field].cpu, memory: acc.memory + p[field].memory }), {
        cpu: 0,
        memory: 0,
      });
  return { requests: sum('requests'), limits: sum('limits') };
}

export const listPodsOnNode = defineQuery({
  name: 'list_pods_on_node',
  title: 'List pods on a node',
  description: 'The pods bound to a node, with status, requests, limits and findings.',
  input: { node: nodeName, namespace: input.namespace.optional().describe('Only pods of this namespace.') },
  output: podsOnNodeOutput,
  async run({ cluster }, args) {
    // Security: without a namespace the read layer lists each allowed namespace under a fence, never the cluster.
    const [pods, events] = await Promise.all([
      cluster.list<Pod>('pods', { namespace: args.namespace, fieldSelector: `spec.nodeName=${args.node}` }),
      podWarningEvents(cluster, args.namespace),
    ]);
    if (pods.length === 0) {
      if (args.namespace !== undefined) await assertNamespaceExists(cluster, args.namespace);
      await getNode(cluster, args.node);
    }
    const listed = podsOnNodeOf(pods, events, cluster.now());
    const all: Finding[] = listed.flatMap((p) => p.findings);
    return {
      source: sourceOf(cluster),
      node: args.node,
      namespace: args.namespace,
      podScope: podScopeOf(cluster, args.namespace),
      totalPods: listed.length,
      podsWithFindings: listed.filter((p) => p.findings.length > 0).length,
      counts: countBySeverity(all),
      ...totals(listed),
      pods: listed,
    };
  },
  text: podsOnNodeText,
});

function detailOf(node: Node, summary: NodeSummary): z.output<typeof nodeDetail> {
  const info = node.status?.nodeInfo;
  return {
    ...summary,
    addresses: node.status?.addresses ?? [],
    labels: node.metadata?.labels ?? {},
    capacity: node.status?.capacity ?? {},
    allocatable: node.status?.allocatable ?? {},
    os: info?.osImage,
    kernel: info?.kernelVersion,
    containerRuntime: info?.containerRuntimeVersion,
    architecture: info?.architecture,
    lastHeartbeatTime: lastHeartbeat(node),
  };
}

export const describeNode = defineQuery({
  name: 'describe_node',
  title: 'Describe node',
  description:
    'Everything about one node: conditions, resources, the pods on it with their findings, events and node findings with hints.',
  input: { node: nodeName },
  output: describeOutput,
  async run({ cluster }, args) {
    // Six reads whatever the cluster size; all nodes are listed so the version skew is judged cluster-wide.
    const [nodes, pods, pendingPods, metrics, events, podEvents] = await Promise.all([
      cluster.list<Node>('nodes'),
      cluster.list<Pod>('pods', { fieldSelector: `spec.nodeName=${args.node}` }),
      unscheduledPods(cluster),
      readNodeMetrics(cluster, args.node),
      nodeEvents(cluster, args.node),
      podWarningEvents(cluster),
    ]);
    const node = nodes.find((n) => n.metadata?.name === args.node);
    if (!node) throw nodeNotFound(args.node);
    const now = cluster.now();
    const nodeEventList = indexNodeEvents(events).get(args.node) ?? [];
    const summary = summarize(node, {
      pods: pods.filter((p) => !isTerminated(p)),
      pendingPods,
      events: nodeEventList,
      usage: metrics.usage.get(args.node),
      newestKubelet: newestKubelet(nodes),
      now,
    });
    const listed = podsOnNodeOf(pods, podEvents, now);
    return {
      source: sourceOf(cluster),
      metrics: { available: metrics.available, note: metrics.note },
      podScope: podScopeOf(cluster),
      node: detailOf(node, summary),
      conditions: conditionsOf(node),
      pods: listed,
      podsWithFindings: listed.filter((p) => p.findings.length > 0).length,
      events: nodeEventList.slice(0, 20).map(eventResult),
      findings: summary.findings,
    };
  },
  text: nodeDescriptionText,
});

export const nodeQueries = [
  listNodes,
  diagnoseNodes,
  getNodeConditions,
  getNodeMetrics,
  listPodsOnNode,
  describeNode,
] as const;
