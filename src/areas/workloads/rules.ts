// Workload rules (pure): why a controller cannot create pods, rollouts that do not progress, replicas that
// are not available, failed Jobs, suspended CronJobs and quotas near their limit. The facts come from the
// objects' conditions, their Warning events and the pods' own findings, which the query joins.

import { newestFirst } from '../../diagnose/events.js';
import { sortFindings, type Finding, type ObjectRef } from '../../diagnose/finding.js';
import type { Condition, Event } from '../../kube/types.js';
import { parseQuantity } from '../../kube/quantity.js';
import { finding } from './reasons.js';
import type { CronJob, Deployment, Job, ResourceQuota } from './types.js';

/** At or above this share of a hard limit a quota is reported as near its limit. */
export const QUOTA_NEAR_LIMIT = 0.9;

// ---------------------------------------------------------------- FailedCreate causes

export interface QuotaAmount {
  resource: string;
  requested: string;
  used: string;
  hard: string;
}

export type FailedCreateCause =
  | { kind: 'quota'; quota: string; amounts: QuotaAmount[] }
  | { kind: 'serviceAccount'; serviceAccount: string }
  | { kind: 'webhook'; webhook: string; message: string }
  | { kind: 'podSecurity'; level: string; violations: string }
  | { kind: 'other' };

/** "requests.cpu=500m,pods=1" → { requests.cpu: 500m, pods: 1 } (the admission plugin's prettyPrint). */
function amounts(list: string): Map<string, string> {
  return new Map(
    list
      .split(',')
      .map((pair) => pair.trim().split('='))
      .filter((kv): kv is [string, string] => kv.length === 2 && kv[0] !== ''),
  );
}

/**
 * What stopped a pod being created, from the refusal the controller quotes in its FailedCreate event or
 * ReplicaFailure condition. The words are the API server's:
 * - quota: k8s.io/apiserver/pkg/admission/plugin/resourcequota/controller.go,
 *   "exceeded quota: %s, requested: %s, used: %s, limited: %s" (each list "name=quantity,…", sorted);
 * - ServiceAccount: plugin/pkg/admission/serviceaccount/admission.go,
 *   "error looking up service account %s/%s: %w";
 * - webhooks: k8s.io/apiserver/pkg/admission/plugin/webhook/errors, `admission webhook "%s" denied the
 *   request: %s`; ValidatingAdmissionPolicy: "ValidatingAdmissionPolicy '%s' with binding '%s' denied request: %s";
 * - PodSecurity: k8s.io/pod-security-admission/admission, `violates PodSecurity "%s": %s`.
 */
export function parseFailedCreate(message: string): FailedCreateCause {
  const quota = /exceeded quota: ([^,\s]+), requested: (\S+), used: (\S+), limited: (\S+)/.exec(message);
  if (quota) {
    const [requested, used, hard] = [amounts(quota[2]!), amounts(quota[3]!), amounts(quota[4]!)];
    return {
      kind: 'quota',
      quota: quota[1]!,
      amounts: [...hard.keys()].map((resource) => ({
        resource,
        requested: requested.get(resource) ?? '?',
        used: used.get(resource) ?? '?',
        hard: hard.get(resource) ?? '?',
      })),
    };
  }
  const account = /error looking up service account [^/\s]+\/([^:\s]+)/.exec(message);
  if (account) return { kind: 'serviceAccount', serviceAccount: account[1]! };
  const webhook = /admission webhook "([^"]+)" denied the request:?\s*(.*)$/s.exec(message);
  if (webhook) return { kind: 'webhook', webhook: `admission webhook "${webhook[1]}"`, message: webhook[2]! };
  const policy = /ValidatingAdmissionPolicy '([^']+)' with binding '([^']+)' denied request:?\s*(.*)$/s.exec(
    message,
  );
  if (policy)
    return {
      kind: 'webhook',
      webhook: `ValidatingAdmissionPolicy "${policy[1]}" (binding "${policy[2]}")`,
      message: policy[3]!,
    };
  const security = /violates PodSecurity "([^"]+)":\s*(.*)$/s.exec(message);
  if (security) return { kind: 'podSecurity', level: security[1]!, violations: security[2]! };
  return { kind: 'other' };
}

/** The part of "Error creating: pods "x-" is forbidden: <cause>" that says why. */
function refusal(message: string): string {
  return message.replace(/^Error creating:\s*/, '').trim();
}

/** One finding for a controller that cannot create pods; `where` names the object that reported it. */
export function failedCreateFinding(
  object: ObjectRef,
  message: string,
  where: string,
  quotas: readonly ResourceQuota[],
): Finding {
  const namespace = object.namespace ?? '';
  const cause = parseFailedCreate(message);
  const said = `${where}: ${refusal(message)}`;
  switch (cause.kind) {
    case 'quota': {
      const quota = quotas.find((q) => q.metadata?.name === cause.quota);
      const parts = cause.amounts.map(
        (a) => `${a.resource} used ${a.used} of ${a.hard}, one pod asks ${a.requested}`,
      );
      const now = cause.amounts
        .map((a) => {
          const used = quota?.status?.used?.[a.resource];
          const hard = quota?.status?.hard?.[a.resource];
          return used && hard ? `${a.resource} ${used}/${hard}` : '';
        })
        .filter(Boolean);
      return finding('FailedCreateQuotaExceeded', object, {
        message: `cannot create pods: ResourceQuota ${cause.quota} is exhausted (${parts.join('; ')})`,
        evidence: [said, now.length ? `quota ${cause.quota} now: ${now.join(', ')}` : ''],
        facts: { namespace, quota: cause.quota, resources: cause.amounts.map((a) => a.resource).join(', ') },
      });
    }
    case 'serviceAccount':
      return finding('FailedCreateServiceAccountMissing', object, {
        message: `cannot create pods: ServiceAccount ${cause.serviceAccount} does not exist`,
        evidence: [said],
        facts: { namespace, serviceAccount: cause.serviceAccount },
      });
    case 'webhook':
      return finding('FailedCreateWebhookDenied', object, {
        message: `cannot create pods: ${cause.webhook} denied them: ${cause.message}`,
        evidence: [said],
        facts: { webhook: cause.webhook },
      });
    case 'podSecurity':
      return finding('FailedCreatePodSecurity', object, {
        message: `cannot create pods: they violate PodSecurity "${cause.level}": ${cause.violations}`,
        evidence: [said],
        facts: { level: cause.level },
      });
    default:
      return finding('FailedCreate', object, {
        message: `cannot create pods: ${refusal(message)}`,
        evidence: [said],
      });
  }
}

/** The newest FailedCreate refusal: a ReplicaFailure condition, else the newest FailedCreate event. */
export function latestFailedCreate(
  conditions: readonly Condition[] | undefined,
  events: readonly Event[],
): { message: string; from: string } | undefined {
  const condition = conditions?.find((c) => c.type === 'ReplicaFailure' && c.status === 'True');
  if (condition?.message)
    return { message: condition.message, from: `condition ReplicaFailure (${condition.reason ?? ''})` };
  const event = [...events].filter((e) => e.reason === 'FailedCreate').sort(newestFirst)[0];
  if (event?.message)
    return {
      message: event.message,
      from: `event FailedCreate on ${event.involvedObject.kind}/${event.involvedObject.name} (×${event.count ?? 1})`,
    };
  return undefined;
}

// ---------------------------------------------------------------- pods, as the workload rules see them

export interface WorkloadPod {
  name: string;
  status: string;
  ready: boolean;
  /** The pod's own findings (from the pods rules), most severe first. */
  findings: Finding[];
}

function topPodFinding(pods: readonly WorkloadPod[]): { pod: WorkloadPod; finding: Finding } | undefined {
  for (const pod of pods) {
    const top = sortFindings(pod.findings)[0];
    if (top) return { pod, finding: top };
  }
  return undefined;
}

function podEvidence(pods: readonly WorkloadPod[]): string[] {
  return pods
    .filter((p) => p.findings.length > 0)
    .slice(0, 3)
    .map((p) => `pod ${p.name} ${p.status}: ${p.findings[0]!.reason}: ${p.findings[0]!.message}`);
}

// ---------------------------------------------------------------- Deployments

export interface DeploymentFacts {
  /** Warning events about the Deployment and its ReplicaSets. */
  events: Event[];
  /** The newest ReplicaSet (the rollout's target) and its revision. */
  newReplicaSet?: { name: string; revision: string; conditions?: Condition[] };
  /** Pods of the newest ReplicaSet. */
  newPods: WorkloadPod[];
  /** Pods of older ReplicaSets, and how many of them are ready. */
  oldPods: WorkloadPod[];
  quotas: readonly ResourceQuota[];
}

function condition(conditions: readonly Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

export function diagnoseDeployment(deployment: Deployment, facts: DeploymentFacts): Finding[] {
  const object: ObjectRef = {
    kind: 'Deployment',
    namespace: deployment.metadata?.namespace,
    name: deployment.metadata?.name ?? '',
  };
  const namespace = object.namespace ?? '';
  const findings: Finding[] = [];
  const rsEvents = facts.newReplicaSet
    ? facts.events.filter((e) => e.involvedObject.name === facts.newReplicaSet!.name)
    : facts.events;
  const failed = latestFailedCreate(
    deployment.status?.conditions ?? facts.newReplicaSet?.conditions,
    rsEvents.length ? rsEvents : facts.events,
  );
  if (failed) findings.push(failedCreateFinding(object, failed.message, failed.from, facts.quotas));

  const wanted = deployment.spec?.replicas ?? 1;
  const available = deployment.status?.availableReplicas ?? 0;
  const progressing = condition(deployment.status?.conditions, 'Progressing');
  const newFailing = topPodFinding(facts.newPods.filter((p) => !p.ready));
  const oldServing = facts.oldPods.filter((p) => p.ready).length;
  const revision = facts.newReplicaSet
    ? `revision ${facts.newReplicaSet.revision} (ReplicaSet ${facts.newReplicaSet.name})`
    : 'the new revision';
  const cause = failed
    ? findings[0]!.message
    : newFailing
      ? `pod ${newFailing.pod.name}: ${newFailing.finding.reason}: ${newFailing.finding.message}`
      : undefined;

  if (progressing?.status === 'False' && progressing.reason === 'ProgressDeadlineExceeded') {
    findings.push(
      finding('ProgressDeadlineExceeded', object, {
        message:
          `rollout of ${revision} made no progress for ${deployment.spec?.progressDeadlineSeconds ?? 600} s: ${progressing.message ?? ''}`.trim(),
        evidence: [
          `condition Progressing=False ProgressDeadlineExceeded since ${progressing.lastTransitionTime ?? '?'}`,
          ...podEvidence(facts.newPods),
        ],
        facts: { cause },
      }),
    );
  }
  if (newFailing && oldServing > 0) {
    findings.push(
      finding('RolloutStuck', object, {
        message: `rollout to ${revision} is stuck: its pod ${newFailing.pod.name} is ${newFailing.finding.reason} while ${oldServing} old pod(s) still serve`,
        evidence: [
          `new pod ${newFailing.pod.name} ${newFailing.pod.status}: ${newFailing.finding.message}`,
          `${facts.newPods.filter((p) => p.ready).length}/${facts.newPods.length} new pods ready, ${oldServing} old pod(s) ready`,
        ],
        facts: { namespace, name: object.name, pod: newFailing.pod.name },
      }),
    );
  } else if (available < wanted && !failed) {
    const all = [...facts.newPods, ...facts.oldPods].filter((p) => !p.ready);
    const top = topPodFinding(all);
    findings.push(
      finding('ReplicasUnavailable', object, {
        message: `${available}/${wanted} replicas available${top ? `: pod ${top.pod.name} ${top.finding.reason}: ${top.finding.message}` : ''}`,
        evidence: [
          `status: ${deployment.status?.readyReplicas ?? 0} ready, ${deployment.status?.updatedReplicas ?? 0} up to date, ${deployment.status?.unavailableReplicas ?? wanted - available} unavailable`,
          ...podEvidence(all),
        ],
        facts: { namespace, pod: top?.pod.name },
        severity: available === 0 ? 'critical' : 'warning',
      }),
    );
  }
  return findings;
}

// ---------------------------------------------------------------- other pod controllers

export interface ControllerFacts {
  /** Warning events about the object. */
  events: Event[];
  pods: WorkloadPod[];
  quotas: readonly ResourceQuota[];
  conditions?: Condition[];
  wanted: number;
  ready: number;
}

/** ReplicaSets without a Deployment, StatefulSets and DaemonSets: pods not created, replicas not ready. */
export function diagnoseController(object: ObjectRef, facts: ControllerFacts): Finding[] {
  const findings: Finding[] = [];
  const failed = latestFailedCreate(facts.conditions, facts.events);
  if (failed) findings.push(failedCreateFinding(object, failed.message, failed.from, facts.quotas));
  else if (facts.ready < facts.wanted) {
    const top = topPodFinding(facts.pods.filter((p) => !p.ready));
    findings.push(
      finding('ReplicasUnavailable', object, {
        message: `${facts.ready}/${facts.wanted} pods ready${top ? `: pod ${top.pod.name} ${top.finding.reason}: ${top.finding.message}` : ''}`,
        evidence: podEvidence(facts.pods),
        facts: { namespace: object.namespace ?? '', pod: top?.pod.name },
        severity: facts.ready === 0 ? 'critical' : 'warning',
      }),
    );
  }
  return findings;
}

// ---------------------------------------------------------------- Jobs and CronJobs

export function diagnoseJob(
  job: Job,
  events: Event[],
  pods: WorkloadPod[],
  quotas: readonly ResourceQuota[],
): Finding[] {
  const object: ObjectRef = {
    kind: 'Job',
    namespace: job.metadata?.namespace,
    name: job.metadata?.name ?? '',
  };
  const findings: Finding[] = [];
  const failed = job.status?.conditions?.find((c) => c.type === 'Failed' && c.status === 'True');
  const podCause = topPodFinding(pods);
  const causeText = podCause
    ? `pod ${podCause.pod.name} ${podCause.pod.status}: ${podCause.finding.reason}: ${podCause.finding.message}`
    : '';
  if (failed?.reason === 'BackoffLimitExceeded')
    findings.push(
      finding('JobBackoffLimitExceeded', object, {
        message: `Job failed after ${job.status?.failed ?? '?'} failed pod(s) (backoffLimit ${job.spec?.backoffLimit ?? 6})${causeText ? `; ${causeText}` : ''}`,
        evidence: [
          `condition Failed=True BackoffLimitExceeded: ${failed.message ?? ''}`,
          ...podEvidence(pods),
        ],
      }),
    );
  else if (failed?.reason === 'DeadlineExceeded')
    findings.push(
      finding('JobDeadlineExceeded', object, {
        message: `Job failed: active longer than activeDeadlineSeconds ${job.spec?.activeDeadlineSeconds ?? '?'}${causeText ? `; ${causeText}` : ''}`,
        evidence: [
          `condition Failed=True DeadlineExceeded: ${failed.message ?? ''}`,
          ...podEvidence(pods),
          ...events
            .filter((e) => e.reason === 'DeadlineExceeded')
            .slice(0, 1)
            .map((e) => `event DeadlineExceeded: ${e.message ?? ''}`),
        ],
      }),
    );
  if (!failed) {
    const failedCreate = latestFailedCreate(undefined, events);
    if (failedCreate)
      findings.push(failedCreateFinding(object, failedCreate.message, failedCreate.from, quotas));
  }
  return findings;
}

export function diagnoseCronJob(cronJob: CronJob): Finding[] {
  const object: ObjectRef = {
    kind: 'CronJob',
    namespace: cronJob.metadata?.namespace,
    name: cronJob.metadata?.name ?? '',
  };
  if (!cronJob.spec?.suspend) return [];
  return [
    finding('CronJobSuspended', object, {
      message: `suspended: schedule "${cronJob.spec.schedule ?? ''}" starts no Job`,
      evidence: [`last scheduled ${cronJob.status?.lastScheduleTime ?? 'never'}`],
      facts: { namespace: object.namespace ?? '', name: object.name },
    }),
  ];
}

// ---------------------------------------------------------------- quotas

/** Hard limits at QUOTA_NEAR_LIMIT or more of their value, from the resourcequota controller's status. */
export function diagnoseQuota(quota: ResourceQuota): Finding[] {
  const object: ObjectRef = {
    kind: 'ResourceQuota',
    namespace: quota.metadata?.namespace,
    name: quota.metadata?.name ?? '',
  };
  const hard = quota.status?.hard ?? {};
  const used = quota.status?.used ?? {};
  const near = Object.entries(hard)
    .map(([resource, limit]) => {
      const max = parseQuantity(limit);
      const now = parseQuantity(used[resource] ?? '0');
      return {
        resource,
        limit,
        now: used[resource] ?? '0',
        share: max > 0 ? now / max : now > 0 ? Infinity : 1,
      };
    })
    .filter((r) => r.share >= QUOTA_NEAR_LIMIT)
    .sort((a, b) => b.share - a.share);
  if (near.length === 0) return [];
  const pct = (share: number) => (Number.isFinite(share) ? `${Math.round(share * 100)} %` : 'over');
  return [
    finding('QuotaNearLimit', object, {
      message: `${near.map((r) => `${r.resource} ${r.now}/${r.limit} (${pct(r.share)})`).join(', ')}`,
      evidence: near.map((r) => `status.used.${r.resource}=${r.now}, status.hard.${r.resource}=${r.limit}`),
      facts: { namespace: object.namespace ?? '', quota: object.name },
      severity: near.some((r) => r.share >= 1) ? 'warning' : 'info',
    }),
  ];
}
