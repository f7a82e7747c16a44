// The nodes area: node health, pressure and capacity, and the pods on a node. Every query makes a fixed
// number of list calls (each paged) whatever the number of nodes and pods: nodes, pods, node metrics and
// events are each read once and joined here.

import { z } from 'zod';
import { BadInput } from '../../cluster/errors.js';
import { countBySeverity, sortFindings, type Finding } from '../../diagnose/finding.js';
import {
  capacityFindings,
  conditionFindings,
  indexNodeEvents,
  isTerminated,
  lastHeartbeat,
  newestKubelet,
  nodeAllocation,
  nodeReadiness,
  nodeStatus,
  type NodeUsage,
  type ResourceAmounts,
} from './rules.js';
import { secondsBetween } from '../../kube/time.js';
import type { Node, Pod } from '../../kube/types.js';
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
import type { nodeDetail, nodeMetricsEntry } from './schema.js';
import {
  type NodeSummary,
  type PodOnNode,
  reportOutput,
  describeOutput,
  conditionsOutput,
  metricsOutput,
  podsOnNodeOutput,
} from './schema.js';
import {
  conditionsOf,
  groupByNode,
  nodeReport,
  podsOnNodeOf,
  reportOf,
  resourcesOf,
  selectNodes,
  summarize,
} from './results.js';
import {
  activePods,
  getNode,
  nodeEvents,
  nodeNotFound,
  podScopeOf,
  podWarningEvents,
  readNodeMetrics,
  unscheduledPods,
} from './reads.js';

const nodeName = input.objectName('node');

export const listNodes = defineQuery({
  name: 'list_nodes',
  title: 'List nodes',
  description:
    'Nodes (all, or by selector): Ready, pressure, requests and usage against allocatable, pods, taints, findings.',
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
    'What is wrong with nodes: NotReady or silent kubelets, pressure, cordons, taints keeping pods away, overcommit. Healthy nodes counted unless includeHealthy.',
  input: {
    selector: input.labelSelector.optional(),
    includeHealthy: z.boolean().optional(),
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
    "A node's conditions (reason, message, transition, heartbeat), cordon, taints and the findings they lead to.",
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
    'CPU and memory of a node (or by selector): usage from metrics.k8s.io, pod requests and limits against allocatable, findings.',
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
    'One node in depth: conditions, resources, its pods with their findings, events, node findings with hints.',
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
