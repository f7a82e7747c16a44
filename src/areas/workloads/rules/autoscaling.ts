// HorizontalPodAutoscalers that cannot compute or are capped, and PodDisruptionBudgets that allow no
// disruption. The words come from the controllers' own status: the horizontal-pod-autoscaler controller
// (pkg/controller/podautoscaler/horizontal.go: AbleToScale, ScalingActive, ScalingLimited) and the
// disruption controller (pkg/controller/disruption: disruptionsAllowed, currentHealthy, desiredHealthy).

import type { Finding, ObjectRef } from '../../../diagnose/finding.js';
import type { Condition, Event } from '../../../kube/types.js';
import { finding } from '../reasons.js';
import type { HorizontalPodAutoscaler, PodDisruptionBudget } from '../types.js';

const ref = (kind: string, o: { metadata?: { namespace?: string; name?: string } }): ObjectRef => ({
  kind,
  namespace: o.metadata?.namespace,
  name: o.metadata?.name ?? '',
});

function conditionText(c: Condition): string {
  return `condition ${c.type}=${c.status} ${c.reason ?? ''}: ${c.message ?? ''}`.trim();
}

/** "the HPA was unable to compute the replica count: <error>" → <error>. */
function computeError(message: string | undefined): string {
  return (message ?? '').replace(/^the HPA was unable to compute the replica count:\s*/, '');
}

/** Why the error happened, in the words a fix needs: a missing request, or a metrics API with no data. */
function computeCause(error: string): { cause: 'missingRequest' | 'noMetrics' | 'other'; detail: string } {
  const missing = /missing request for (\S+) in container (\S+) of Pod (\S+)/.exec(error);
  if (missing)
    return {
      cause: 'missingRequest',
      detail: `container ${missing[2]} of pod ${missing[3]} has no ${missing[1]} request, so utilization cannot be computed`,
    };
  if (/did not receive metrics for targeted pods/.test(error))
    return {
      cause: 'noMetrics',
      detail: `no usable metrics for its pods (none served, or the pods not ready for a full metrics window): ${error}`,
    };
  if (
    /no metrics returned|unable to fetch metrics|the server is currently unable to handle the request|could not find the requested resource/.test(
      error,
    )
  )
    return { cause: 'noMetrics', detail: 'the metrics API returns no data for its pods' };
  return { cause: 'other', detail: error };
}

export function diagnoseAutoscaler(hpa: HorizontalPodAutoscaler, events: readonly Event[]): Finding[] {
  const object = ref('HorizontalPodAutoscaler', hpa);
  const namespace = object.namespace ?? '';
  const target = `${hpa.spec?.scaleTargetRef?.kind ?? '?'}/${hpa.spec?.scaleTargetRef?.name ?? '?'}`;
  const conditions = hpa.status?.conditions ?? [];
  const active = conditions.find((c) => c.type === 'ScalingActive');
  const able = conditions.find((c) => c.type === 'AbleToScale');
  const limited = conditions.find((c) => c.type === 'ScalingLimited');
  const findings: Finding[] = [];
  const warning = events
    .filter((e) => e.reason?.startsWith('FailedGet') || e.reason === 'FailedComputeMetricsReplicas')
    .slice(0, 1)
    .map((e) => `event ${e.reason ?? ''} (×${e.count ?? 1}): ${e.message ?? ''}`);

  if (active?.status === 'False' && active.reason !== 'ScalingDisabled') {
    const error = computeError(active.message);
    const { cause, detail } = computeCause(error);
    findings.push(
      finding('HPAUnableToCompute', object, {
        message: `cannot compute a replica count for ${target}: ${detail}`,
        evidence: [conditionText(active), ...warning],
        facts: { cause, namespace, target },
      }),
    );
  }
  if (able?.status === 'False')
    findings.push(
      finding('HPAUnableToScale', object, {
        message: `cannot scale ${target}: ${able.message ?? able.reason ?? ''}`,
        evidence: [conditionText(able)],
        facts: { target },
      }),
    );
  if (limited?.status === 'True' && active?.status !== 'False') {
    const atMax = limited.reason === 'TooManyReplicas';
    const current = hpa.status?.currentReplicas ?? 0;
    findings.push(
      finding(atMax ? 'HPAAtMaxReplicas' : 'HPAScalingLimited', object, {
        message: atMax
          ? `${target} wants more than maxReplicas ${hpa.spec?.maxReplicas ?? '?'} (running ${current}, desired ${hpa.status?.desiredReplicas ?? '?'} after the cap): ${limited.message ?? ''}`
          : `scaling of ${target} is limited (${limited.reason ?? ''}): ${limited.message ?? ''}`,
        evidence: [conditionText(limited)],
        facts: { namespace, name: object.name },
      }),
    );
  }
  return findings;
}

export function diagnoseDisruptionBudget(pdb: PodDisruptionBudget): Finding[] {
  const object = ref('PodDisruptionBudget', pdb);
  const status = pdb.status;
  if (status?.disruptionsAllowed === undefined || status.disruptionsAllowed > 0) return [];
  if ((status.expectedPods ?? 0) === 0) return [];
  const budget =
    pdb.spec?.minAvailable !== undefined
      ? `minAvailable ${pdb.spec.minAvailable}`
      : `maxUnavailable ${pdb.spec?.maxUnavailable ?? '?'}`;
  const healthy = status.currentHealthy ?? 0;
  const desired = status.desiredHealthy ?? 0;
  const unhealthy = healthy < (status.expectedPods ?? 0);
  return [
    finding('PDBAllowsNoDisruption', object, {
      message: `allows no disruption: ${healthy} of ${status.expectedPods} pods healthy, ${budget} needs ${desired}${unhealthy ? ' (some pods are not healthy)' : ''}; evictions and kubectl drain wait until it allows one`,
      evidence: [
        `status: disruptionsAllowed=0, currentHealthy=${healthy}, desiredHealthy=${desired}, expectedPods=${status.expectedPods}`,
        ...(status.conditions ?? []).filter((c) => c.type === 'DisruptionAllowed').map(conditionText),
      ],
      facts: { namespace: object.namespace ?? '', name: object.name, unhealthy },
    }),
  ];
}
