// Node findings: conditions, capacity, taints that keep pending pods away, kubelet version skew. `now` is
// passed in so snapshots judge ages against the time they were taken.

import type { Condition, Event, Node, Pod } from '../../../kube/types.js';
import { formatBytes, formatMilliCores } from '../../../kube/quantity.js';
import { humanDuration, secondsBetween } from '../../../kube/time.js';
import { lastSeenAgo, newestFirst, occurrences } from '../../../diagnose/events.js';
import type { Finding } from '../../../diagnose/finding.js';
import { finding } from '../reasons.js';
import type { KubeletVersion, NodeAllocation, NodeContext, NodeUsage, PressureCondition } from './facts.js';
import {
  BLOCKED_PODS_SHOWN,
  HIGH_REQUEST_RATIO,
  HIGH_USAGE_RATIO,
  KUBELET_SKEW_WARNING_MINORS,
  OVERCOMMIT_CPU_LIMITS_RATIO,
  OVERCOMMIT_MEMORY_LIMITS_RATIO,
  TOO_MANY_PODS_RATIO,
  lastHeartbeat,
  nodeCondition,
  parseKubeletVersion,
  pressureConditions,
  refOf,
} from './facts.js';
import { nodeAllocation, percent, ratio } from './resources.js';
import { keptByCordon, keptByTaint, podName, schedulerMessage } from './kept.js';
import { isHardTaint, isReportedElsewhere, taintText } from './taints.js';

/** Node events worth quoting next to a condition finding, by the condition they explain. */
const EXPLAINING_EVENTS: Record<string, string[]> = {
  NodeNotReady: ['NodeNotReady', 'KubeletNotReady', 'Rebooted', 'ContainerGCFailed', 'NodeNotSchedulable'],
  NodeStatusUnknown: ['NodeNotReady', 'NodeStatusUnknown', 'Rebooted'],
  MemoryPressure: ['EvictionThresholdMet', 'SystemOOM', 'NodeHasInsufficientMemory'],
  DiskPressure: ['EvictionThresholdMet', 'FreeDiskSpaceFailed', 'ImageGCFailed', 'NodeHasDiskPressure'],
  PIDPressure: ['EvictionThresholdMet', 'NodeHasInsufficientPID'],
  NetworkUnavailable: ['NetworkUnavailable', 'NoRouteCreated'],
};

function eventEvidence(reason: string, events: Event[], now: Date): string[] {
  const wanted = EXPLAINING_EVENTS[reason] ?? [];
  return events
    .filter((e) => wanted.includes(e.reason ?? ''))
    .sort(newestFirst)
    .slice(0, 2)
    .map((e) => `event ${e.reason} (x${occurrences(e)}, last ${lastSeenAgo(e, now)}): ${e.message ?? ''}`);
}

function conditionEvidence(c: Condition, now: Date): string {
  const since = secondsBetween(c.lastTransitionTime, now);
  return `${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ''}${since !== undefined ? ` for ${humanDuration(since)}` : ''}${c.message ? `: ${c.message}` : ''}`;
}

function readinessFindings(node: Node, events: Event[], now: Date): Finding[] {
  const ready = nodeCondition(node, 'Ready');
  if (ready?.status === 'True') return [];
  if (ready?.status === 'False') {
    const since = secondsBetween(ready.lastTransitionTime, now);
    return [
      finding('NodeNotReady', refOf(node), {
        message: `Node is NotReady${since !== undefined ? ` for ${humanDuration(since)}` : ''}: ${ready.reason ?? 'no reason'}${ready.message ? `: ${ready.message}` : ''}`,
        evidence: [conditionEvidence(ready, now), ...eventEvidence('NodeNotReady', events, now)],
        facts: { message: ready.message ?? '' },
      }),
    ];
  }
  const beat = lastHeartbeat(node);
  const silent = secondsBetween(beat, now);
  return [
    finding('NodeStatusUnknown', refOf(node), {
      message: beat
        ? `Kubelet stopped posting node status ${humanDuration(silent)} ago`
        : 'Kubelet has never posted a Ready condition for this node',
      evidence: [
        beat ? `last heartbeat: ${beat}` : '',
        ready ? conditionEvidence(ready, now) : 'no Ready condition',
        ...eventEvidence('NodeStatusUnknown', events, now),
      ],
    }),
  ];
}

const PRESSURE_MESSAGES: Record<PressureCondition, string> = {
  MemoryPressure: 'Node is under memory pressure',
  DiskPressure: 'Node is under disk pressure',
  PIDPressure: 'Node is running out of process IDs',
  NetworkUnavailable: 'Node network is not configured',
};

function pressureFindings(node: Node, events: Event[], now: Date): Finding[] {
  return pressureConditions(node).map((type) => {
    const c = nodeCondition(node, type)!;
    const since = secondsBetween(c.lastTransitionTime, now);
    return finding(type, refOf(node), {
      message: `${PRESSURE_MESSAGES[type]}${since !== undefined ? ` (for ${humanDuration(since)})` : ''}${c.message ? `: ${c.message}` : ''}`,
      evidence: [conditionEvidence(c, now), ...eventEvidence(type, events, now)],
    });
  });
}

function cordonFindings(node: Node, pendingPods: readonly Pod[], now: Date): Finding[] {
  if (!node.spec?.unschedulable) return [];
  const taint = node.spec.taints?.find((t) => t.key === 'node.kubernetes.io/unschedulable');
  const kept = keptByCordon(node, pendingPods);
  return [
    finding('Cordoned', refOf(node), {
      message:
        kept.length > 0
          ? `Node is cordoned and keeps ${kept.length} pending pod${kept.length === 1 ? '' : 's'} away: ${kept
              .slice(0, BLOCKED_PODS_SHOWN)
              .map(podName)
              .join(', ')}${kept.length > BLOCKED_PODS_SHOWN ? ', …' : ''}`
          : 'Node is cordoned: no new pods are scheduled on it',
      evidence: [
        'spec.unschedulable: true',
        taint?.timeAdded ? `cordoned at ${taint.timeAdded}` : '',
        ...kept
          .slice(0, BLOCKED_PODS_SHOWN)
          .map(
            (p) =>
              `pending pod ${podName(p)} (for ${humanDuration(secondsBetween(p.metadata?.creationTimestamp, now))}): ${schedulerMessage(p) ?? ''}`,
          ),
        kept.length > BLOCKED_PODS_SHOWN ? `… and ${kept.length - BLOCKED_PODS_SHOWN} more` : '',
      ],
      severity: kept.length > 0 ? 'warning' : 'info',
    }),
  ];
}

/** Findings about the node's conditions only: what get_node_conditions reports. */
export function conditionFindings(
  node: Node,
  events: Event[],
  now: Date,
  pendingPods: readonly Pod[] = [],
): Finding[] {
  return [
    ...readinessFindings(node, events, now),
    ...pressureFindings(node, events, now),
    ...cordonFindings(node, pendingPods, now),
  ];
}

const RESOURCE_WORDS = {
  cpu: { name: 'CPU', format: (v: number) => formatMilliCores(v) },
  memory: { name: 'memory', format: (v: number) => formatBytes(v) },
} as const;

type ResourceName = keyof typeof RESOURCE_WORDS;
const RESOURCE_NAMES: ResourceName[] = ['cpu', 'memory'];

function share(name: ResourceName, part: number, whole: number): string {
  const words = RESOURCE_WORDS[name];
  return `${words.format(part)} of ${words.format(whole)} allocatable ${words.name} (${percent(part, whole)}%)`;
}

function requestFindings(node: Node, a: NodeAllocation): Finding[] {
  return RESOURCE_NAMES.flatMap((name) => {
    const r = ratio(a.requests[name], a.allocatable[name]);
    if (r === undefined || r < HIGH_REQUEST_RATIO) return [];
    return [
      finding('HighRequestRatio', refOf(node), {
        message: `Pods request ${percent(a.requests[name], a.allocatable[name])}% of the node's allocatable ${RESOURCE_WORDS[name].name}`,
        evidence: [
          `requests: ${share(name, a.requests[name], a.allocatable[name])}`,
          `${a.pods} pod${a.pods === 1 ? '' : 's'} counted`,
        ],
        facts: { resource: name, words: RESOURCE_WORDS[name].name },
      }),
    ];
  });
}

function overcommitFindings(node: Node, a: NodeAllocation): Finding[] {
  const bar: Record<ResourceName, number> = {
    cpu: OVERCOMMIT_CPU_LIMITS_RATIO,
    memory: OVERCOMMIT_MEMORY_LIMITS_RATIO,
  };
  return RESOURCE_NAMES.flatMap((name) => {
    const r = ratio(a.limits[name], a.allocatable[name]);
    if (r === undefined || r < bar[name]) return [];
    return [
      finding('Overcommitted', refOf(node), {
        message: `${name === 'cpu' ? 'CPU' : 'Memory'} limits of the pods add up to ${percent(a.limits[name], a.allocatable[name])}% of allocatable`,
        evidence: [
          `limits: ${share(name, a.limits[name], a.allocatable[name])}`,
          `requests: ${share(name, a.requests[name], a.allocatable[name])}`,
          `threshold: ${Math.round(bar[name] * 100)}% of allocatable`,
        ],
        facts: { resource: name },
      }),
    ];
  });
}

function podCountFindings(node: Node, a: NodeAllocation): Finding[] {
  const r = ratio(a.pods, a.allocatable.pods);
  if (r === undefined || r < TOO_MANY_PODS_RATIO) return [];
  const full = a.pods >= a.allocatable.pods;
  return [
    finding('TooManyPods', refOf(node), {
      message: full
        ? `Node is full: ${a.pods} of ${a.allocatable.pods} pods`
        : `Node runs ${a.pods} of ${a.allocatable.pods} pods (${percent(a.pods, a.allocatable.pods)}%)`,
      evidence: [`pods: ${a.pods}, allocatable pods: ${a.allocatable.pods}, capacity: ${a.capacity.pods}`],
      severity: full ? 'critical' : 'warning',
    }),
  ];
}

function usageFindings(node: Node, a: NodeAllocation, usage: NodeUsage | undefined): Finding[] {
  if (!usage) return [];
  return RESOURCE_NAMES.flatMap((name) => {
    const r = ratio(usage[name], a.allocatable[name]);
    if (r === undefined || r < HIGH_USAGE_RATIO) return [];
    return [
      finding('HighUsage', refOf(node), {
        message: `Node uses ${percent(usage[name], a.allocatable[name])}% of its allocatable ${RESOURCE_WORDS[name].name}`,
        evidence: [
          `usage: ${share(name, usage[name], a.allocatable[name])}${usage.timestamp ? ` at ${usage.timestamp}` : ''}`,
          `requests: ${share(name, a.requests[name], a.allocatable[name])}`,
        ],
        facts: { resource: name },
      }),
    ];
  });
}

/** Capacity findings: requests, limits, pod count and (when measured) usage against allocatable. */
export function capacityFindings(node: Node, allocation: NodeAllocation, usage?: NodeUsage): Finding[] {
  // Measured trouble first: within a severity, the first finding is the one a table shows.
  return [
    ...usageFindings(node, allocation, usage),
    ...podCountFindings(node, allocation),
    ...overcommitFindings(node, allocation),
    ...requestFindings(node, allocation),
  ];
}

/**
 * TaintNoPodTolerates: a NoSchedule/NoExecute taint that keeps pending pods off a node they could
 * otherwise choose (their nodeSelector and required node affinity allow it).
 */
export function taintFindings(node: Node, pendingPods: readonly Pod[], now: Date): Finding[] {
  return (node.spec?.taints ?? [])
    .filter((t) => isHardTaint(t) && !isReportedElsewhere(t))
    .flatMap((taint) => {
      const blocked = keptByTaint(node, taint, pendingPods);
      if (blocked.length === 0) return [];
      return [
        finding('TaintNoPodTolerates', refOf(node), {
          message: `Taint ${taintText(taint)} keeps ${blocked.length} pending pod${blocked.length === 1 ? '' : 's'} off this node`,
          evidence: [
            ...blocked
              .slice(0, BLOCKED_PODS_SHOWN)
              .map(
                (p) =>
                  `pending pod ${podName(p)} (for ${humanDuration(secondsBetween(p.metadata?.creationTimestamp, now))}) has no toleration for it`,
              ),
            blocked.length > BLOCKED_PODS_SHOWN ? `… and ${blocked.length - BLOCKED_PODS_SHOWN} more` : '',
          ],
          facts: {
            node: node.metadata?.name ?? 'NODE',
            key: taint.key,
            value: taint.value,
            effect: taint.effect,
          },
        }),
      ];
    });
}

/** KubeletVersionSkew: this node's kubelet is older than the newest one in the cluster. */
export function skewFindings(node: Node, newest: KubeletVersion | undefined): Finding[] {
  const own = parseKubeletVersion(node.status?.nodeInfo?.kubeletVersion);
  if (!own || !newest) return [];
  const minors = own.major === newest.major ? newest.minor - own.minor : Infinity;
  if (minors <= 0) return [];
  const far = minors >= KUBELET_SKEW_WARNING_MINORS;
  return [
    finding('KubeletVersionSkew', refOf(node), {
      message: `Kubelet ${own.text} is ${Number.isFinite(minors) ? `${minors} minor version${minors === 1 ? '' : 's'}` : 'a major version'} behind the newest node (${newest.text})`,
      evidence: [`kubelet ${own.text}; newest kubelet in the cluster ${newest.text}`],
      severity: far ? 'warning' : 'info',
      facts: { far },
    }),
  ];
}

/** Every finding for one node. */
export function diagnoseNode(node: Node, context: NodeContext): Finding[] {
  const allocation = nodeAllocation(node, context.pods);
  return [
    ...conditionFindings(node, context.events, context.now, context.pendingPods),
    ...capacityFindings(node, allocation, context.usage),
    ...taintFindings(node, context.pendingPods, context.now),
    ...skewFindings(node, context.newestKubelet),
  ];
}

/**
 * Events about a node, by node name. Not `eventsAbout`: the kubelet records node events with the node
 * NAME as involvedObject.uid, so a uid comparison would drop exactly the events that explain a node.
 */
export function indexNodeEvents(events: Event[]): Map<string, Event[]> {
  const index = new Map<string, Event[]>();
  for (const event of events) {
    if (event.involvedObject.kind !== 'Node') continue;
    const name = event.involvedObject.name ?? '';
    const list = index.get(name);
    if (list) list.push(event);
    else index.set(name, [event]);
  }
  for (const list of index.values()) list.sort(newestFirst);
  return index;
}
