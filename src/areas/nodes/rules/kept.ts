// Which pending pods a node keeps away, and why: the one predicate the node findings and the triage links
// share, so a cordoned or tainted node names exactly the pods whose scheduler message blames it.

import type { Node, Pod, Taint } from '../../../kube/types.js';
import { blockedBy, type SchedulingClass } from '../../../diagnose/scheduling.js';
import { isUnscheduled } from './resources.js';
import { isHardTaint, isReportedElsewhere, podCanSelectNode, podToleratesTaint } from './taints.js';

/** The scheduler's latest message about a pending pod (its PodScheduled condition). */
export function schedulerMessage(pod: Pod): string | undefined {
  return pod.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False')?.message;
}

export function podName(pod: Pod): string {
  return `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
}

const byName = (a: Pod, b: Pod) => podName(a).localeCompare(podName(b));

/**
 * Pending pods whose scheduler message blames `cause`, that could otherwise choose this node, and for which
 * `also` holds; sorted by namespace/name.
 */
function keptAway(
  node: Node,
  pendingPods: readonly Pod[],
  cause: SchedulingClass,
  also: (pod: Pod) => boolean,
): Pod[] {
  return pendingPods
    .filter(
      (p) =>
        isUnscheduled(p) && podCanSelectNode(p, node) && blockedBy(schedulerMessage(p), cause) && also(p),
    )
    .sort(byName);
}

/**
 * Pending pods a cordoned node keeps away: the scheduler rejected nodes because they were cordoned ("node(s)
 * were unschedulable", nodeunschedulable/node_unschedulable.go), the pod could otherwise choose this node,
 * and no other hard taint of the node would keep it off anyway.
 */
export function keptByCordon(node: Node, pendingPods: readonly Pod[]): Pod[] {
  if (!node.spec?.unschedulable) return [];
  return keptAway(
    node,
    pendingPods,
    'cordoned',
    (p) =>
      !(node.spec?.taints ?? []).some(
        (t) => isHardTaint(t) && !isReportedElsewhere(t) && !podToleratesTaint(p, t),
      ),
  );
}

/**
 * Releases before v1.29 named the taint ("had untolerated taint {key: value}"); when the message names taints,
 * this node's untolerated taint must be one of them.
 */
function namesTaintOrNone(message: string, pod: Pod, node: Node): boolean {
  const named = [...message.matchAll(/taint \{([^:}]+):/g)].map((m) => m[1]!.trim());
  if (named.length === 0) return true;
  return (node.spec?.taints ?? []).some(
    (t) => isHardTaint(t) && !podToleratesTaint(pod, t) && named.includes(t.key),
  );
}

/**
 * Pending pods one taint keeps off a node: only pods the scheduler kept away for a taint
 * (taint_toleration.go: "node(s) had untolerated taint(s)") that could otherwise choose this node; a pod
 * pending for another reason (resources, a claim, its selector) is not this taint's doing, and a pod with no
 * scheduler message yet is left out: nothing says what blocks it.
 */
export function keptByTaint(node: Node, taint: Taint, pendingPods: readonly Pod[]): Pod[] {
  if (node.spec?.unschedulable || !isHardTaint(taint) || isReportedElsewhere(taint)) return [];
  return keptAway(
    node,
    pendingPods,
    'taint',
    (p) => namesTaintOrNone(schedulerMessage(p)!, p, node) && !podToleratesTaint(p, taint),
  );
}

/**
 * The node.kubernetes.io/* taints the node lifecycle controller sets for a condition, and the findings of that
 * condition (not-ready and unreachable both say the node is not Ready; the condition decides which finding).
 */
export const CONDITION_TAINTS: Readonly<Record<string, readonly string[]>> = {
  'node.kubernetes.io/not-ready': ['NodeNotReady', 'NodeStatusUnknown'],
  'node.kubernetes.io/unreachable': ['NodeStatusUnknown', 'NodeNotReady'],
  'node.kubernetes.io/memory-pressure': ['MemoryPressure'],
  'node.kubernetes.io/disk-pressure': ['DiskPressure'],
  'node.kubernetes.io/pid-pressure': ['PIDPressure'],
  'node.kubernetes.io/network-unavailable': ['NetworkUnavailable'],
};

/**
 * Pending pods a node's condition taint keeps away (pkg/controller/nodelifecycle taints a NotReady node
 * node.kubernetes.io/not-ready, a silent one unreachable, a pressured one *-pressure): the scheduler blamed
 * taints, the pod could otherwise choose this node and does not tolerate the taint. The node's condition is
 * the cause; a toleration would only hide it.
 */
export function keptByCondition(
  node: Node,
  pendingPods: readonly Pod[],
): { pod: Pod; reasons: readonly string[] }[] {
  if (node.spec?.unschedulable) return [];
  const taints = (node.spec?.taints ?? []).filter((t) => isHardTaint(t) && CONDITION_TAINTS[t.key]);
  if (taints.length === 0) return [];
  return pendingPods.flatMap((p) => {
    if (!isUnscheduled(p) || !podCanSelectNode(p, node) || !blockedBy(schedulerMessage(p), 'taint'))
      return [];
    const taint = taints.find((t) => !podToleratesTaint(p, t));
    return taint ? [{ pod: p, reasons: CONDITION_TAINTS[taint.key]! }] : [];
  });
}
