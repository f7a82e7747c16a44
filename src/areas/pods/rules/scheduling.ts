// Why the scheduler found no node, in its own words first, then the objects behind the reason that rejected
// the most nodes: the cordoned nodes, the taint and the nodes carrying it, the volume's zone against the
// nodes' zones, the resource and how much of it is free. Plain objects in; no I/O.

import type {
  Node,
  NodeSelectorTerm,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
  Taint,
} from '../../../kube/types.js';
import { bytes, formatBytes, formatMilliCores, milliCores } from '../../../kube/quantity.js';
import {
  CLASS_WORDS,
  dominantReason,
  parseSchedulingMessage,
  type SchedulingClass,
  type SchedulingMessage,
} from '../../../diagnose/scheduling.js';
import { isHardTaint, podCanSelectNode, podToleratesTaint, taintText } from '../../nodes/rules/taints.js';
import { isTerminated, podResources } from '../../nodes/rules/resources.js';

/** Other objects of the cluster a pod's findings may name; every list is optional (the caller may lack it). */
export interface PodContext {
  nodes?: readonly Node[];
  /** Every pod of the scope, for what the nodes have left (bound pods count against their node). */
  pods?: readonly Pod[];
  claims?: readonly PersistentVolumeClaim[];
  volumes?: readonly PersistentVolume[];
}

/** What the rule tells the hint: the dominant class and the objects named for it. */
export interface SchedulingFacts {
  dominant: SchedulingClass | undefined;
  /** The resource of an Insufficient reason ("cpu", "memory", "nvidia.com/gpu"), or "pods". */
  resource: string;
  requests: string;
  nodeSelector: string;
  hasRequiredAffinity: boolean;
  /** Objects named by the evidence for the dominant class, e.g. "node-a, node-b" or "dedicated=gpu:NoSchedule". */
  objects: string;
}

const NAMED = 5;

function names(items: readonly string[]): string {
  return items.length <= NAMED
    ? items.join(', ')
    : `${items.slice(0, NAMED).join(', ')} and ${items.length - NAMED} more`;
}

function nodeName(node: Node): string {
  return node.metadata?.name ?? '';
}

/** The nodes the pod's own nodeSelector and required affinity allow. */
function selectable(pod: Pod, nodes: readonly Node[]): Node[] {
  return nodes.filter((n) => podCanSelectNode(pod, n));
}

const ZONE_LABELS = ['topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/zone'];

function zoneOf(node: Node): string | undefined {
  const labels = node.metadata?.labels ?? {};
  for (const key of ZONE_LABELS) if (labels[key]) return labels[key];
  return undefined;
}

/** A volume's required node affinity as text: "topology.kubernetes.io/zone in (zone-b)". */
function volumeAffinityText(volume: PersistentVolume): string {
  // PersistentVolume.spec.nodeAffinity is VolumeNodeAffinity {required: NodeSelector} (k8s.io/api/core/v1).
  const affinity = volume.spec?.nodeAffinity as
    { required?: { nodeSelectorTerms?: NodeSelectorTerm[] } } | undefined;
  const terms = affinity?.required?.nodeSelectorTerms ?? [];
  return terms
    .map((t) =>
      (t.matchExpressions ?? [])
        .map(
          (e) => `${e.key} ${e.operator.toLowerCase()}${e.values?.length ? ` (${e.values.join(', ')})` : ''}`,
        )
        .join(' and '),
    )
    .filter(Boolean)
    .join(' or ');
}

function claimsOf(pod: Pod, claims: readonly PersistentVolumeClaim[]): PersistentVolumeClaim[] {
  const wanted = new Set(
    (pod.spec?.volumes ?? []).flatMap((v) =>
      v.persistentVolumeClaim ? [v.persistentVolumeClaim.claimName] : [],
    ),
  );
  return claims.filter(
    (c) => c.metadata?.namespace === pod.metadata?.namespace && wanted.has(c.metadata?.name ?? ''),
  );
}

function cordonedEvidence(pod: Pod, nodes: readonly Node[]): { lines: string[]; objects: string } {
  const cordoned = selectable(pod, nodes)
    .filter((n) => n.spec?.unschedulable)
    .map(nodeName);
  if (cordoned.length === 0) return { lines: [], objects: '' };
  return {
    lines: [`cordoned (spec.unschedulable): ${names(cordoned)}`],
    objects: names(cordoned),
  };
}

function taintEvidence(pod: Pod, nodes: readonly Node[]): { lines: string[]; objects: string } {
  const byTaint = new Map<string, { taint: Taint; nodes: string[] }>();
  for (const node of selectable(pod, nodes)) {
    if (node.spec?.unschedulable) continue;
    const taint = (node.spec?.taints ?? []).find((t) => isHardTaint(t) && !podToleratesTaint(pod, t));
    if (!taint) continue;
    const key = taintText(taint);
    const entry = byTaint.get(key) ?? { taint, nodes: [] };
    entry.nodes.push(nodeName(node));
    byTaint.set(key, entry);
  }
  const entries = [...byTaint.entries()].sort((a, b) => b[1].nodes.length - a[1].nodes.length);
  return {
    lines: entries.map(([text, e]) => `taint ${text} on ${names(e.nodes)}; the pod has no toleration for it`),
    objects: entries.map(([text]) => text).join(', '),
  };
}

function affinityEvidence(pod: Pod, nodes: readonly Node[]): { lines: string[]; objects: string } {
  const selector = Object.entries(pod.spec?.nodeSelector ?? {});
  const lines: string[] = [];
  const missing = selector.filter(([k, v]) => !nodes.some((n) => n.metadata?.labels?.[k] === v));
  if (missing.length)
    lines.push(
      `no node has the label${missing.length > 1 ? 's' : ''} ${missing.map(([k, v]) => `${k}=${v}`).join(', ')}`,
    );
  const matching = selectable(pod, nodes).map(nodeName);
  if (nodes.length > 0)
    lines.push(
      matching.length
        ? `nodes the selector/affinity allows: ${names(matching)}`
        : `none of the ${nodes.length} nodes matches the pod's node selector/affinity`,
    );
  return { lines, objects: missing.map(([k, v]) => `${k}=${v}`).join(', ') };
}

interface Free {
  node: string;
  free: number;
}

function freeOf(resource: string, node: Node, bound: readonly Pod[]): number | undefined {
  const alloc = node.status?.allocatable ?? node.status?.capacity;
  if (!alloc) return undefined;
  const onNode = bound.filter((p) => p.spec?.nodeName === nodeName(node) && !isTerminated(p));
  if (resource === 'pods') return Number(alloc.pods ?? 0) - onNode.length;
  if (resource === 'cpu')
    return milliCores(alloc.cpu) - onNode.reduce((n, p) => n + podResources(p).requests.cpu, 0);
  if (resource === 'memory')
    return bytes(alloc.memory) - onNode.reduce((n, p) => n + podResources(p).requests.memory, 0);
  const total = Number(alloc[resource] ?? 0);
  const used = onNode.reduce(
    (n, p) =>
      n + (p.spec?.containers ?? []).reduce((m, c) => m + Number(c.resources?.requests?.[resource] ?? 0), 0),
    0,
  );
  return total - used;
}

function formatAmount(resource: string, value: number): string {
  if (resource === 'cpu') return formatMilliCores(value);
  if (resource === 'memory' || resource === 'ephemeral-storage') return formatBytes(value);
  return String(value);
}

function requestOf(pod: Pod, resource: string): number {
  if (resource === 'cpu') return podResources(pod).requests.cpu;
  if (resource === 'memory') return podResources(pod).requests.memory;
  if (resource === 'pods') return 1;
  return (pod.spec?.containers ?? []).reduce((n, c) => n + Number(c.resources?.requests?.[resource] ?? 0), 0);
}

function resourceEvidence(
  pod: Pod,
  resource: string,
  nodes: readonly Node[],
  pods: readonly Pod[] | undefined,
): { lines: string[]; objects: string } {
  const want = requestOf(pod, resource);
  const lines = [
    resource === 'pods'
      ? 'every candidate node already runs its maximum number of pods'
      : `the pod requests ${formatAmount(resource, want)} ${resource}`,
  ];
  if (!pods || nodes.length === 0) return { lines, objects: resource };
  const free: Free[] = selectable(pod, nodes)
    .filter((n) => !n.spec?.unschedulable)
    .flatMap((n) => {
      const f = freeOf(resource, n, pods);
      return f === undefined ? [] : [{ node: nodeName(n), free: Math.max(0, f) }];
    })
    .sort((a, b) => b.free - a.free);
  if (free.length)
    lines.push(
      `most free ${resource} on a candidate node: ${formatAmount(resource, free[0]!.free)} on ${free[0]!.node}` +
        (free.length > 1
          ? ` (then ${free
              .slice(1, 3)
              .map((f) => `${formatAmount(resource, f.free)} on ${f.node}`)
              .join(', ')})`
          : ''),
    );
  return { lines, objects: resource };
}

function volumeZoneEvidence(pod: Pod, context: PodContext): { lines: string[]; objects: string } {
  const claims = claimsOf(pod, context.claims ?? []);
  const lines: string[] = [];
  const objects: string[] = [];
  for (const claim of claims) {
    const volume = (context.volumes ?? []).find((v) => v.metadata?.name === claim.spec?.volumeName);
    if (!volume) continue;
    const affinity = volumeAffinityText(volume);
    const zone = volume.metadata?.labels?.['topology.kubernetes.io/zone'];
    if (!affinity && !zone) continue;
    objects.push(`PersistentVolume ${volume.metadata?.name}`);
    lines.push(
      `claim ${claim.metadata?.name} is bound to volume ${volume.metadata?.name}, which requires ${affinity || `zone ${zone}`}`,
    );
  }
  const nodes = context.nodes ?? [];
  const zones = new Map<string, string[]>();
  for (const node of selectable(pod, nodes)) {
    if (node.spec?.unschedulable) continue;
    const zone = zoneOf(node) ?? '<no zone label>';
    zones.set(zone, [...(zones.get(zone) ?? []), nodeName(node)]);
  }
  if (zones.size)
    lines.push(`schedulable nodes by zone: ${[...zones].map(([z, n]) => `${z}: ${names(n)}`).join('; ')}`);
  return { lines, objects: objects.join(', ') };
}

function claimEvidence(pod: Pod, context: PodContext): { lines: string[]; objects: string } {
  const wanted = (pod.spec?.volumes ?? []).flatMap((v) =>
    v.persistentVolumeClaim ? [v.persistentVolumeClaim.claimName] : [],
  );
  if (!context.claims) return { lines: wanted.map((n) => `mounts claim ${n}`), objects: names(wanted) };
  const claims = claimsOf(pod, context.claims);
  const lines = wanted.map((name) => {
    const claim = claims.find((c) => c.metadata?.name === name);
    if (!claim) return `claim ${name} does not exist`;
    const phase = claim.status?.phase ?? 'Pending';
    return `claim ${name} is ${phase}${claim.spec?.storageClassName ? ` (class ${claim.spec.storageClassName})` : ' (no storage class)'}`;
  });
  const blocking = wanted.filter(
    (name) => claims.find((c) => c.metadata?.name === name)?.status?.phase !== 'Bound',
  );
  return { lines, objects: names(blocking) };
}

function evidenceFor(
  cls: SchedulingClass | undefined,
  pod: Pod,
  context: PodContext,
  resource: string,
): { lines: string[]; objects: string } {
  const nodes = context.nodes;
  switch (cls) {
    case 'cordoned':
      return nodes ? cordonedEvidence(pod, nodes) : { lines: [], objects: '' };
    case 'taint':
      return nodes ? taintEvidence(pod, nodes) : { lines: [], objects: '' };
    case 'nodeAffinity':
      return nodes ? affinityEvidence(pod, nodes) : { lines: [], objects: '' };
    case 'resources':
      return resourceEvidence(pod, resource, nodes ?? [], context.pods);
    case 'volumeNodeAffinity':
    case 'volumeZone':
      return volumeZoneEvidence(pod, context);
    case 'unboundClaims':
    case 'claimMissing':
    case 'volumeBind':
    case 'volumeMissingPV':
      return claimEvidence(pod, context);
    default:
      return { lines: [], objects: '' };
  }
}

export interface SchedulingExplanation {
  parsed: SchedulingMessage;
  /** "2 node(s) were unschedulable (cordoned nodes)" — the dominant reason with its count. */
  headline: string;
  evidence: string[];
  facts: SchedulingFacts;
}

/** Parses the scheduler's message and names the objects behind its dominant reason. */
export function explainScheduling(
  pod: Pod,
  message: string,
  context: PodContext = {},
): SchedulingExplanation {
  const parsed = parseSchedulingMessage(message);
  const top = dominantReason(parsed);
  const resource =
    top?.class === 'resources'
      ? top.text === 'Too many pods'
        ? 'pods'
        : top.text.replace(/^Insufficient /, '')
      : '';
  const named = evidenceFor(top?.class, pod, context, resource);
  const breakdown =
    parsed.reasons.length > 1
      ? `reasons by nodes rejected: ${parsed.reasons.map((r) => `${r.nodes} ${r.text}`).join('; ')}`
      : '';
  return {
    parsed,
    headline: top ? `${top.nodes ? `${top.nodes} ` : ''}${top.text}` : '',
    evidence: [breakdown, ...named.lines],
    facts: {
      dominant: top?.class,
      resource,
      requests: podRequestsText(pod),
      nodeSelector: Object.entries(pod.spec?.nodeSelector ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(','),
      hasRequiredAffinity: Boolean(
        pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms
          ?.length,
      ),
      objects: named.objects,
    },
  };
}

export function podRequestsText(pod: Pod): string {
  const totals = new Map<string, string[]>();
  for (const c of pod.spec?.containers ?? []) {
    for (const [resource, value] of Object.entries(c.resources?.requests ?? {}))
      totals.set(resource, [...(totals.get(resource) ?? []), value]);
  }
  return [...totals].map(([r, v]) => `${r}=${v.join('+')}`).join(', ');
}

export { CLASS_WORDS };
