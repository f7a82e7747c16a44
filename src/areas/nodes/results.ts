// Shaping node results: summaries, pods on a node, conditions, and the whole-cluster node report.

import type { z } from 'zod';
import type { ClusterReader } from '../../cluster/source.js';
import { indexEventsByObject } from '../../diagnose/events.js';
import { countBySeverity, sortFindings } from '../../diagnose/finding.js';
import {
  diagnoseNode,
  indexNodeEvents,
  internalIP,
  isTerminated,
  isUnscheduled,
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
import { diagnosePod } from '../pods/rules.js';
import { headlineOf } from '../pods/status.js';
import { parseSelector, matchesSelector } from '../../kube/labels.js';
import type { Event, Node, Pod } from '../../kube/types.js';
import { sourceOf } from '../../queries/common.js';
import type { amount, nodeResources, nodeCondition } from './schema.js';
import { type NodeSummary, type PodOnNode, type NodeReport } from './schema.js';
import { activePods, nodeEvents, podScopeOf, readNodeMetrics } from './reads.js';

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

export function resourcesOf(
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

export function summarize(node: Node, context: NodeContext): NodeSummary {
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
  const resources = podResources(pod);
  return {
    ...headlineOf(pod),
    createdAt: pod.metadata?.creationTimestamp,
    terminated: isTerminated(pod),
    requests: resources.requests,
    limits: resources.limits,
    findings: sortFindings(diagnosePod(pod, events, now)),
  };
}

export function podsOnNodeOf(pods: Pod[], events: Event[], now: Date): PodOnNode[] {
  const byPod = indexEventsByObject(events);
  return pods
    .map((pod) =>
      podOnNodeOf(pod, byPod.get(`${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`) ?? [], now),
    )
    .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
}

export function conditionsOf(node: Node): z.output<typeof nodeCondition>[] {
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

export function selectNodes(nodes: Node[], selector: string | undefined): Node[] {
  const requirements = parseSelector(selector ?? '');
  return nodes.filter((n) => matchesSelector(n.metadata?.labels, requirements)).sort(byName);
}

export function groupByNode(pods: Pod[]): Map<string, Pod[]> {
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
export async function nodeReport(cluster: ClusterReader, selector: string | undefined) {
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

export function reportOf(
  report: Awaited<ReturnType<typeof nodeReport>>,
  includeHealthy: boolean,
): NodeReport {
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
