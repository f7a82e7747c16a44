// Taints and tolerations, node selectors and required node affinity, as the scheduler reads them.

import type {
  Node,
  NodeSelectorRequirement,
  NodeSelectorTerm,
  Pod,
  Taint,
  Toleration,
} from '../../../kube/types.js';

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
