// Node rules: plain objects in, findings out. No I/O; `now` is passed in so snapshots judge ages against
// the time they were taken. Requests, limits and pod counts are computed here from the pods the caller
// hands in (under a namespace fence, only the pods it may see).

import type {
  Condition,
  Event,
  Node,
  NodeSelectorRequirement,
  NodeSelectorTerm,
  Pod,
  Taint,
  Toleration,
} from '../../kube/types.js';
import { bytes, formatBytes, formatMilliCores, milliCores } from '../../kube/quantity.js';
import { humanDuration, secondsBetween } from '../../kube/time.js';
import { lastSeen, newestFirst, occurrences } from '../../diagnose/events.js';
import type { Finding, ObjectRef } from '../../diagnose/finding.js';
import { finding } from './reasons.js';

/** Requests at or above this share of allocatable leave little room for new pods (HighRequestRatio). */
export const HIGH_REQUEST_RATIO = 0.9;
/** Measured usage at or above this share of allocatable (HighUsage): eviction and throttling are near. */
export const HIGH_USAGE_RATIO = 0.9;
/** Pods at or above this share of the node's pod capacity (TooManyPods); at 100 % it is critical. */
export const TOO_MANY_PODS_RATIO = 0.9;
/**
 * Memory limits at or above this multiple of allocatable (Overcommitted): if the pods use what they are
 * allowed, the kernel OOM-kills and the kubelet evicts. Memory cannot be throttled, so the bar is low.
 */
export const OVERCOMMIT_MEMORY_LIMITS_RATIO = 1.5;
/** CPU limits at or above this multiple of allocatable (Overcommitted): CPU is only throttled, so a higher bar. */
export const OVERCOMMIT_CPU_LIMITS_RATIO = 2;
/**
 * A kubelet this many minor versions behind the newest one is a warning (KubeletVersionSkew); one minor
 * behind is normal during a rolling upgrade and only info. The skew policy allows kubelets three minors
 * behind the API server, so two behind the newest node is about to run out of room.
 */
export const KUBELET_SKEW_WARNING_MINORS = 2;
/** How many blocked pods a TaintNoPodTolerates finding names. */
export const BLOCKED_PODS_SHOWN = 5;

export type Readiness = 'Ready' | 'NotReady' | 'Unknown';

/** CPU in millicores and memory in bytes. */
export interface ResourceAmounts {
  cpu: number;
  memory: number;
}

export interface PodResources {
  requests: ResourceAmounts;
  limits: ResourceAmounts;
}

export interface NodeAllocation {
  capacity: ResourceAmounts & { pods: number };
  allocatable: ResourceAmounts & { pods: number };
  requests: ResourceAmounts;
  limits: ResourceAmounts;
  /** Non-terminated pods bound to the node (those the caller could see). */
  pods: number;
}

/** What metrics.k8s.io measured for a node. */
export interface NodeUsage extends ResourceAmounts {
  timestamp?: string;
  window?: string;
}

export interface KubeletVersion {
  major: number;
  minor: number;
  patch: number;
  text: string;
}

export interface NodeContext {
  /** Non-terminated pods bound to this node. */
  pods: Pod[];
  /** Pending pods no node has been chosen for: the ones a taint can keep off this node. */
  pendingPods: Pod[];
  /** Events about this node, any order. */
  events: Event[];
  /** Undefined when metrics.k8s.io is not served or has no sample for the node. */
  usage?: NodeUsage;
  /** The newest kubelet among all nodes of the cluster, for KubeletVersionSkew. */
  newestKubelet?: KubeletVersion;
  now: Date;
}

// ---------------------------------------------------------------- facts about a node

function refOf(node: Node): ObjectRef {
  return { kind: 'Node', name: node.metadata?.name ?? '' };
}

export function nodeCondition(node: Node, type: string): Condition | undefined {
  return node.status?.conditions?.find((c) => c.type === type);
}

/** Ready, NotReady, or Unknown (the kubelet stopped posting, or never posted, a Ready condition). */
export function nodeReadiness(node: Node): Readiness {
  const ready = nodeCondition(node, 'Ready');
  if (ready?.status === 'True') return 'Ready';
  if (ready?.status === 'False') return 'NotReady';
  return 'Unknown';
}

/** The STATUS column as kubectl prints it: `Ready`, `NotReady,SchedulingDisabled`, … */
export function nodeStatus(node: Node): string {
  const readiness = nodeReadiness(node);
  return node.spec?.unschedulable ? `${readiness},SchedulingDisabled` : readiness;
}

/** Roles from `node-role.kubernetes.io/ROLE` labels and the older `kubernetes.io/role`, as kubectl shows them. */
export function nodeRoles(node: Node): string[] {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata?.labels ?? {})) {
    if (key.startsWith('node-role.kubernetes.io/')) {
      const role = key.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (key === 'kubernetes.io/role' && value) {
      roles.add(value);
    }
  }
  return [...roles].sort();
}

/** Conditions that are bad when True. */
export const PRESSURE_CONDITIONS = [
  'MemoryPressure',
  'DiskPressure',
  'PIDPressure',
  'NetworkUnavailable',
] as const;
export type PressureCondition = (typeof PRESSURE_CONDITIONS)[number];

export function pressureConditions(node: Node): PressureCondition[] {
  return PRESSURE_CONDITIONS.filter((type) => nodeCondition(node, type)?.status === 'True');
}

export function internalIP(node: Node): string | undefined {
  return node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
}

/** The last time the kubelet posted status: the newest heartbeat of any condition. */
export function lastHeartbeat(node: Node): string | undefined {
  const beats = (node.status?.conditions ?? []).map((c) => c.lastHeartbeatTime).filter(Boolean) as string[];
  return beats.sort().at(-1);
}

export function parseKubeletVersion(text: string | undefined): KubeletVersion | undefined {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(text ?? '');
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]), text: text ?? '' };
}

function compareVersions(a: KubeletVersion, b: KubeletVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

export function newestKubelet(nodes: Node[]): KubeletVersion | undefined {
  let newest: KubeletVersion | undefined;
  for (const node of nodes) {
    const version = parseKubeletVersion(node.status?.nodeInfo?.kubeletVersion);
    if (version && (!newest || compareVersions(version, newest) > 0)) newest = version;
  }
  return newest;
}

// ---------------------------------------------------------------- pods and their resources

/** Succeeded and Failed pods hold no resources on their node. */
export function isTerminated(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** Pending and not bound to a node: waiting for the scheduler. */
export function isUnscheduled(pod: Pod): boolean {
  return pod.status?.phase === 'Pending' && !pod.spec?.nodeName && !pod.metadata?.deletionTimestamp;
}

function amounts(map: Record<string, string> | undefined): ResourceAmounts {
  return { cpu: milliCores(map?.cpu), memory: bytes(map?.memory) };
}

function add(a: ResourceAmounts, b: ResourceAmounts): ResourceAmounts {
  return { cpu: a.cpu + b.cpu, memory: a.memory + b.memory };
}

function max(a: ResourceAmounts, b: ResourceAmounts): ResourceAmounts {
  return { cpu: Math.max(a.cpu, b.cpu), memory: Math.max(a.memory, b.memory) };
}

const ZERO: ResourceAmounts = { cpu: 0, memory: 0 };

/**
 * What a pod reserves on its node, the way the scheduler and `kubectl describe node` count it: the sum
 * of its containers, or the largest init container if that is more (init containers run one at a time,
 * each alongside the sidecars started before it), plus the RuntimeClass overhead.
 */
function effectiveAmounts(pod: Pod, field: 'requests' | 'limits'): ResourceAmounts {
  let total = (pod.spec?.containers ?? []).reduce((sum, c) => add(sum, amounts(c.resources?.[field])), ZERO);
  let sidecars = ZERO;
  let largestInit = ZERO;
  for (const init of pod.spec?.initContainers ?? []) {
    const own = amounts(init.resources?.[field]);
    if (init.restartPolicy === 'Always') {
      // A sidecar keeps running next to the app containers.
      total = add(total, own);
      sidecars = add(sidecars, own);
      largestInit = max(largestInit, sidecars);
    } else {
      largestInit = max(largestInit, add(own, sidecars));
    }
  }
  return add(max(total, largestInit), amounts(pod.spec?.overhead));
}

export function podResources(pod: Pod): PodResources {
  return { requests: effectiveAmounts(pod, 'requests'), limits: effectiveAmounts(pod, 'limits') };
}

/** Allocatable, capacity, and the requests and limits of the non-terminated pods given. */
export function nodeAllocation(node: Node, pods: Pod[]): NodeAllocation {
  const running = pods.filter((p) => !isTerminated(p));
  let requests = ZERO;
  let limits = ZERO;
  for (const pod of running) {
    const resources = podResources(pod);
    requests = add(requests, resources.requests);
    limits = add(limits, resources.limits);
  }
  const capacity = node.status?.capacity;
  const allocatable = node.status?.allocatable ?? capacity;
  return {
    capacity: { ...amounts(capacity), pods: Number(capacity?.pods ?? 0) || 0 },
    allocatable: { ...amounts(allocatable), pods: Number(allocatable?.pods ?? 0) || 0 },
    requests,
    limits,
    pods: running.length,
  };
}

/** part/whole, undefined when the whole is unknown (a node without allocatable). */
export function ratio(part: number, whole: number): number | undefined {
  return whole > 0 ? part / whole : undefined;
}

export function percent(part: number, whole: number): number | undefined {
  const r = ratio(part, whole);
  return r === undefined ? undefined : Math.round(r * 100);
}

// ---------------------------------------------------------------- taints and tolerations

/** Toleration.ToleratesTaint of k8s.io/api/core/v1, operator for operator. */
export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  switch (toleration.operator ?? '') {
    case '':
    case 'Equal':
      return (toleration.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      // An operator this version does not know tolerates nothing, as in the scheduler.
      return false;
  }
}

export function podToleratesTaint(pod: Pod, taint: Taint): boolean {
  return (pod.spec?.tolerations ?? []).some((t) => toleratesTaint(t, taint));
}

/** Taints that keep pods from being scheduled (PreferNoSchedule only discourages). */
export function isHardTaint(taint: Taint): boolean {
  return taint.effect === 'NoSchedule' || taint.effect === 'NoExecute';
}

/**
 * Taints whose blocking is expected or reported otherwise: control-plane nodes repel workloads by design,
 * and the node.kubernetes.io/* taints mirror conditions (not-ready, memory-pressure, unschedulable, …)
 * that have their own findings.
 */
export function isReportedElsewhere(taint: Taint): boolean {
  return (
    taint.key.startsWith('node.kubernetes.io/') ||
    taint.key === 'node-role.kubernetes.io/control-plane' ||
    taint.key === 'node-role.kubernetes.io/master'
  );
}

export function taintText(taint: Taint): string {
  return `${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect}`;
}

function matchesRequirement(value: string | undefined, r: NodeSelectorRequirement): boolean {
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
      return value !== undefined && Number(value) > Number(values[0]);
    case 'Lt':
      return value !== undefined && Number(value) < Number(values[0]);
    default:
      return false;
  }
}

function matchesTerm(node: Node, term: NodeSelectorTerm): boolean {
  const labels = node.metadata?.labels ?? {};
  const fields: Record<string, string | undefined> = { 'metadata.name': node.metadata?.name };
  const expressions = term.matchExpressions ?? [];
  const fieldExpressions = term.matchFields ?? [];
  // An empty term matches no node (scheduler semantics).
  if (expressions.length === 0 && fieldExpressions.length === 0) return false;
  return (
    expressions.every((r) => matchesRequirement(labels[r.key], r)) &&
    fieldExpressions.every((r) => matchesRequirement(fields[r.key], r))
  );
}

/** Whether the pod's nodeSelector and required node affinity let it run on the node at all. */
export function podCanSelectNode(pod: Pod, node: Node): boolean {
  const labels = node.metadata?.labels ?? {};
  const selector = pod.spec?.nodeSelector ?? {};
  if (!Object.entries(selector).every(([key, value]) => labels[key] === value)) return false;
  const terms =
    pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  return terms === undefined || terms.some((term) => matchesTerm(node, term));
}

// ---------------------------------------------------------------- rules

/** Node events worth quoting next to a condition finding, by the condition they explain. */
const EXPLAINING_EVENTS: Record<string, string[]> = {
  NodeNotReady: ['NodeNotReady', 'KubeletNotReady', 'Rebooted', 'ContainerGCFailed', 'NodeNotSchedulable'],
  NodeStatusUnknown: ['NodeNotReady', 'NodeStatusUnknown', 'Rebooted'],
  MemoryPressure: ['EvictionThresholdMet', 'SystemOOM', 'NodeHasInsufficientMemory'],
  DiskPressure: ['EvictionThresholdMet', 'FreeDiskSpaceFailed', 'ImageGCFailed', 'NodeHasDiskPressure'],
  PIDPressure: ['EvictionThresholdMet', 'NodeHasInsufficientPID'],
  NetworkUnavailable: ['NetworkUnavailable', 'NoRouteCreated'],
};

function eventEvidence(reason: string, events: Event[]): string[] {
  const wanted = EXPLAINING_EVENTS[reason] ?? [];
  return events
    .filter((e) => wanted.includes(e.reason ?? ''))
    .sort(newestFirst)
    .slice(0, 2)
    .map(
      (e) => `event ${e.reason} (x${occurrences(e)}, last ${lastSeen(e) ?? 'unknown'}): ${e.message ?? ''}`,
    );
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
        evidence: [conditionEvidence(ready, now), ...eventEvidence('NodeNotReady', events)],
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
        ...eventEvidence('NodeStatusUnknown', events),
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
      evidence: [conditionEvidence(c, now), ...eventEvidence(type, events)],
    });
  });
}

function cordonFindings(node: Node): Finding[] {
  if (!node.spec?.unschedulable) return [];
  const taint = node.spec.taints?.find((t) => t.key === 'node.kubernetes.io/unschedulable');
  return [
    finding('Cordoned', refOf(node), {
      message: 'Node is cordoned: no new pods are scheduled on it',
      evidence: ['spec.unschedulable: true', taint?.timeAdded ? `cordoned at ${taint.timeAdded}` : ''],
    }),
  ];
}

/** Findings about the node's conditions only: what get_node_conditions reports. */
export function conditionFindings(node: Node, events: Event[], now: Date): Finding[] {
  return [
    ...readinessFindings(node, events, now),
    ...pressureFindings(node, events, now),
    ...cordonFindings(node),
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

function podName(pod: Pod): string {
  return `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
}

/**
 * TaintNoPodTolerates: a NoSchedule/NoExecute taint that keeps pending pods off a node they could
 * otherwise choose (their nodeSelector and required node affinity allow it).
 */
export function taintFindings(node: Node, pendingPods: Pod[], now: Date): Finding[] {
  const candidates = pendingPods.filter((p) => isUnscheduled(p) && podCanSelectNode(p, node));
  return (node.spec?.taints ?? [])
    .filter((t) => isHardTaint(t) && !isReportedElsewhere(t))
    .flatMap((taint) => {
      const blocked = candidates
        .filter((p) => !podToleratesTaint(p, taint))
        .sort((a, b) => podName(a).localeCompare(podName(b)));
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
    ...conditionFindings(node, context.events, context.now),
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
