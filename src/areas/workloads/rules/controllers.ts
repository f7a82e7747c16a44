// Deployments (rollouts that do not progress, replicas not available) and the other pod controllers
// (ReplicaSets without a Deployment, StatefulSets, DaemonSets).

import type { Finding, ObjectRef } from '../../../diagnose/finding.js';
import type { Condition, Event } from '../../../kube/types.js';
import { finding } from '../reasons.js';
import type { Deployment, ResourceQuota } from '../types.js';
import { failedCreateFinding, latestFailedCreate } from './create.js';
import { podEvidence, topPodFinding, type WorkloadPod } from './pods.js';

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
