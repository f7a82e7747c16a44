// Facts about a node: readiness, roles, pressure, heartbeats, kubelet version; and the thresholds the node
// rules use. Plain objects in; no I/O.

import type { Condition, Event, Node, Pod } from '../../../kube/types.js';
import type { ObjectRef } from '../../../diagnose/finding.js';

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

export function refOf(node: Node): ObjectRef {
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
