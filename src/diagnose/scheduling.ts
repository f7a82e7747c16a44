// Reading the scheduler's own words. A FailedScheduling message (FitError.Error, pkg/scheduler/framework/
// types.go in kubernetes v1.36) is "0/N nodes are available: <PreFilter msg>. <count reason>, <count reason>.
// <PostFilter msg>", the per-node reasons sorted as strings. Each reason below is the exact string a filter
// plugin of pkg/scheduler/framework/plugins/ returns; the class says what blocks the pod, so a hint follows
// the reason that rejected the most nodes and never one the message does not contain.

/** What kind of obstacle a filter reason is. */
export type SchedulingClass =
  | 'cordoned'
  | 'unknownConditions'
  | 'taint'
  | 'nodeAffinity'
  | 'enforcedAffinity'
  | 'nodeName'
  | 'ports'
  | 'resources'
  | 'volumeNodeAffinity'
  | 'volumeZone'
  | 'volumeBind'
  | 'volumeSpace'
  | 'volumeMissingPV'
  | 'volumeLimit'
  | 'diskConflict'
  | 'readWriteOncePod'
  | 'podAffinity'
  | 'podAntiAffinity'
  | 'existingAntiAffinity'
  | 'topologySpread'
  | 'features'
  | 'unboundClaims'
  | 'claimMissing'
  | 'other';

interface ReasonPattern {
  class: SchedulingClass;
  /** The reason as the plugin words it (exact string, or a pattern for the ones carrying a name). */
  match: string | RegExp;
}

/** Every filter reason of the v1.36 default plugins, with the file that emits it. */
const FILTER_REASONS: readonly ReasonPattern[] = [
  // nodeunschedulable/node_unschedulable.go: ErrReasonUnschedulable, ErrReasonUnknownCondition
  { class: 'cordoned', match: 'node(s) were unschedulable' },
  { class: 'unknownConditions', match: 'node(s) had unknown conditions' },
  // tainttoleration/taint_toleration.go (v1.36; older releases: "had untolerated taint {k: v}",
  // "had taint {k: v}, that the pod didn't tolerate", "had taints that the pod didn't tolerate")
  { class: 'taint', match: /^node\(s\) had (?:untolerated taint|taint|taints that the pod didn't tolerate)/ },
  // nodeaffinity/node_affinity.go: ErrReasonPod, errReasonEnforced
  { class: 'nodeAffinity', match: "node(s) didn't match Pod's node affinity/selector" },
  { class: 'enforcedAffinity', match: "node(s) didn't match scheduler-enforced node affinity" },
  // nodename/node_name.go
  { class: 'nodeName', match: "node(s) didn't match the requested node name" },
  // nodeports/node_ports.go
  { class: 'ports', match: "node(s) didn't have free ports for the requested pod ports" },
  // noderesources/fit.go: "Too many pods", "Insufficient cpu|memory|ephemeral-storage|<extended>"
  { class: 'resources', match: /^(?:Insufficient \S+|Too many pods)$/ },
  // volumebinding/binder.go: ErrReasonNodeConflict, ErrReasonBindConflict, ErrReasonNotEnoughSpace, ErrReasonPVNotExist
  { class: 'volumeNodeAffinity', match: "node(s) didn't match PersistentVolume's node affinity" },
  { class: 'volumeNodeAffinity', match: 'node(s) had volume node affinity conflict' },
  { class: 'volumeBind', match: "node(s) didn't find available persistent volumes to bind" },
  { class: 'volumeSpace', match: 'node(s) did not have enough free storage' },
  {
    class: 'volumeMissingPV',
    match: 'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)',
  },
  // volumezone/volume_zone.go
  { class: 'volumeZone', match: 'node(s) had no available volume zone' },
  // nodevolumelimits/csi.go
  { class: 'volumeLimit', match: 'node(s) exceed max volume count' },
  // volumerestrictions/volume_restrictions.go
  { class: 'diskConflict', match: 'node(s) had no available disk' },
  {
    class: 'readWriteOncePod',
    match: /^node\(s\) unavailable due to PersistentVolumeClaim with ReadWriteOncePod/,
  },
  // interpodaffinity/filtering.go
  { class: 'podAffinity', match: "node(s) didn't match pod affinity rules" },
  { class: 'podAntiAffinity', match: "node(s) didn't match pod anti-affinity rules" },
  { class: 'existingAntiAffinity', match: "node(s) didn't satisfy existing pods anti-affinity rules" },
  // podtopologyspread/plugin.go: ErrReasonConstraintsNotMatch (+ " (missing required label)")
  { class: 'topologySpread', match: /^node\(s\) didn't match pod topology spread constraints/ },
  // nodedeclaredfeatures/nodedeclaredfeatures.go
  { class: 'features', match: "node(s) didn't match Pod's required features" },
];

/** PreFilter messages (the whole scheduling cycle failed before looking at nodes). */
const PREFILTER_REASONS: readonly ReasonPattern[] = [
  // volumebinding/volume_binding.go: status.AppendReason("pod has unbound immediate PersistentVolumeClaims")
  { class: 'unboundClaims', match: /pod has unbound immediate PersistentVolumeClaims/ },
  // volumebinding/volume_binding.go podHasPVCs: `persistentvolumeclaim "x" not found` (the lister's NotFound),
  // `persistentvolumeclaim "x" bound to non-existent persistentvolume "y"`, `… is being deleted`
  { class: 'claimMissing', match: /persistentvolumeclaim "[^"]+" not found/ },
  { class: 'volumeMissingPV', match: /persistentvolumeclaim "[^"]+" bound to non-existent persistentvolume/ },
  { class: 'unboundClaims', match: /persistentvolumeclaim "[^"]+" is being deleted/ },
];

export interface SchedulingReason {
  class: SchedulingClass;
  /** How many nodes the scheduler rejected for it (PreFilter reasons count every node). */
  nodes: number;
  /** The reason exactly as the scheduler wrote it. */
  text: string;
}

export interface SchedulingMessage {
  /** N of "0/N nodes are available"; undefined when the message is not a FitError. */
  totalNodes?: number;
  /** Every reason, most nodes first (ties in the scheduler's order). */
  reasons: SchedulingReason[];
  /** The PostFilter (preemption) part, as written. */
  preemption?: string;
}

function classify(text: string, patterns: readonly ReasonPattern[]): SchedulingClass | undefined {
  for (const p of patterns) {
    if (typeof p.match === 'string' ? text === p.match : p.match.test(text)) return p.class;
  }
  return undefined;
}

/**
 * Splits a FitError message into its reasons. Reasons are separated by ", " but a taint of older releases
 * ("{key: value}") or a quoted name may contain commas, so a piece that does not start with a count joins the
 * previous one.
 */
export function parseSchedulingMessage(message: string): SchedulingMessage {
  const text = message.trim();
  const head = /^0\/(\d+) nodes are available:\s*/.exec(text);
  if (!head) {
    const cls = classify(text, PREFILTER_REASONS) ?? classify(text, FILTER_REASONS);
    return { reasons: text ? [{ class: cls ?? 'other', nodes: 0, text }] : [] };
  }
  const totalNodes = Number(head[1]);
  let body = text.slice(head[0].length);
  let preemption: string | undefined;
  const post = body.search(/(?:^|\s)preemption: /);
  if (post >= 0) {
    preemption = body.slice(post).trim();
    body = body.slice(0, post);
  }
  const reasons: SchedulingReason[] = [];
  // Sentences: "<PreFilter msg>." then "<histogram>." — both end with a period.
  for (const sentence of body
    .split(/\.\s+|\.$/)
    .map((s) => s.trim())
    .filter(Boolean)) {
    const pieces: string[] = [];
    for (const piece of sentence.split(', ')) {
      if (/^\d+ /.test(piece) || pieces.length === 0) pieces.push(piece);
      else pieces[pieces.length - 1] += `, ${piece}`;
    }
    for (const piece of pieces) {
      const counted = /^(\d+) (.*)$/.exec(piece);
      if (counted) {
        const reason = counted[2]!;
        reasons.push({
          class: classify(reason, FILTER_REASONS) ?? classify(reason, PREFILTER_REASONS) ?? 'other',
          nodes: Number(counted[1]),
          text: reason,
        });
      } else {
        reasons.push({
          class: classify(piece, PREFILTER_REASONS) ?? classify(piece, FILTER_REASONS) ?? 'other',
          nodes: totalNodes,
          text: piece,
        });
      }
    }
  }
  const order = new Map(reasons.map((r, i) => [r, i]));
  reasons.sort((a, b) => b.nodes - a.nodes || order.get(a)! - order.get(b)!);
  return { totalNodes, reasons, preemption };
}

/**
 * The reason to explain first: the first reason of the class that rejected the most nodes in all (releases
 * before v1.29 listed one reason per taint, so three tainted nodes read as three reasons of one node each).
 */
export function dominantReason(parsed: SchedulingMessage): SchedulingReason | undefined {
  const byClass = new Map<SchedulingClass, number>();
  for (const r of parsed.reasons) byClass.set(r.class, (byClass.get(r.class) ?? 0) + r.nodes);
  // Nodes the pod's own selector/affinity or nodeName excludes are not candidates: when other nodes were
  // rejected for something else, those are the nodes the pod wanted, and that reason is what blocks it.
  const candidates = parsed.reasons.filter((r) => !SELF_EXCLUDED.has(r.class));
  let best: SchedulingReason | undefined;
  for (const r of candidates.length > 0 ? candidates : parsed.reasons) {
    if (!best || byClass.get(r.class)! > byClass.get(best.class)!) best = r;
  }
  return best;
}

const SELF_EXCLUDED = new Set<SchedulingClass>(['nodeAffinity', 'enforcedAffinity', 'nodeName']);

/** Nodes rejected for a class in all. */
export function nodesRejectedFor(parsed: SchedulingMessage, cls: SchedulingClass): number {
  return parsed.reasons.filter((r) => r.class === cls).reduce((n, r) => n + r.nodes, 0);
}

/** Short words for a class, as a person would say them. */
export const CLASS_WORDS: Record<SchedulingClass, string> = {
  cordoned: 'cordoned nodes',
  unknownConditions: 'nodes with unknown conditions',
  taint: 'untolerated taints',
  nodeAffinity: 'node selector/affinity',
  enforcedAffinity: 'scheduler-enforced node affinity',
  nodeName: 'spec.nodeName',
  ports: 'host ports in use',
  resources: 'not enough free resources',
  volumeNodeAffinity: "a volume's node affinity (zone)",
  volumeZone: "a volume's zone",
  volumeBind: 'no volume to bind',
  volumeSpace: 'not enough free storage',
  volumeMissingPV: 'a claim bound to a missing volume',
  volumeLimit: 'the node volume limit',
  diskConflict: 'a disk already in use',
  readWriteOncePod: 'a ReadWriteOncePod claim in use',
  podAffinity: 'pod affinity',
  podAntiAffinity: 'pod anti-affinity',
  existingAntiAffinity: "other pods' anti-affinity",
  topologySpread: 'topology spread constraints',
  features: 'required node features',
  unboundClaims: 'an unbound PersistentVolumeClaim',
  claimMissing: 'a missing PersistentVolumeClaim',
  other: 'another reason',
};

/** Whether the pod's scheduler message says it was kept off nodes for this class. */
export function blockedBy(message: string | undefined, cls: SchedulingClass): boolean {
  if (!message) return false;
  return parseSchedulingMessage(message).reasons.some((r) => r.class === cls);
}
