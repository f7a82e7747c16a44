// Pod rules: plain objects in, findings out. No I/O; `now` is passed in so snapshots judge ages against
// the time they were taken.

import type { Event, Pod } from '../../kube/types.js';
import { secondsBetween, humanDuration } from '../../kube/time.js';
import { containerOf, eventsAbout, lastSeenAgo, occurrences } from '../../diagnose/events.js';
import { link, type Finding, type Severity } from '../../diagnose/finding.js';
import { finding, type PodReason } from './reasons.js';
import { explainScheduling, type PodContext } from './rules/scheduling.js';

export type { PodContext } from './rules/scheduling.js';

import {
  containerViews,
  refOf,
  terminatedFindings,
  waitingFindings,
  type ContainerView,
} from './rules/containers.js';

export { FREQUENT_RESTARTS, STUCK_CREATING_SECONDS } from './rules/containers.js';
/** A pending pod with no scheduling decision after this long suggests no scheduler is working. */
export const NOT_SCHEDULED_SECONDS = 120;

const PROBES: {
  prefix: string;
  reason: Extract<PodReason, `${string}ProbeFailed`>;
  kind: string;
}[] = [
  { prefix: 'Liveness probe', reason: 'LivenessProbeFailed', kind: 'liveness' },
  { prefix: 'Readiness probe', reason: 'ReadinessProbeFailed', kind: 'readiness' },
  { prefix: 'Startup probe', reason: 'StartupProbeFailed', kind: 'startup' },
];

function probeFindings(pod: Pod, podEvents: Event[], now: Date): Finding[] {
  const findings: Finding[] = [];
  const unhealthy = podEvents.filter((e) => e.reason === 'Unhealthy' || e.reason === 'ProbeWarning');
  for (const probe of PROBES) {
    const events = unhealthy.filter((e) => (e.message ?? '').startsWith(probe.prefix));
    if (events.length === 0) continue;
    // Events without a fieldPath still belong to the only container, when there is one.
    const only = pod.spec?.containers.length === 1 ? pod.spec.containers[0]!.name : '';
    const byContainer = new Map<string, Event[]>();
    for (const e of events) {
      const container = containerOf(e) ?? only;
      byContainer.set(container, [...(byContainer.get(container) ?? []), e]);
    }
    for (const [container, list] of byContainer) {
      const total = list.reduce((n, e) => n + occurrences(e), 0);
      const status = pod.status?.containerStatuses?.find((c) => c.name === container);
      const severity: Severity =
        probe.kind === 'liveness' && (status?.restartCount ?? 0) > 0 ? 'critical' : 'warning';
      findings.push(
        finding(probe.reason, refOf(pod), {
          message: `${probe.prefix} of container "${container || '?'}" is failing (${total} times, last ${lastSeenAgo(list[0]!, now)})`,
          evidence: list.slice(0, 3).map((e) => e.message ?? ''),
          severity,
        }),
      );
    }
  }
  return findings;
}

export { podRequestsText as podRequests } from './rules/scheduling.js';

function schedulingFindings(pod: Pod, podEvents: Event[], now: Date, context: PodContext): Finding[] {
  if (pod.status?.phase !== 'Pending' || pod.spec?.nodeName) return [];
  const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
  const failed = podEvents.find((e) => e.reason === 'FailedScheduling');
  if (scheduled?.status === 'False' && (scheduled.reason === 'Unschedulable' || failed)) {
    const message = scheduled.message || failed?.message || 'the scheduler found no node for it';
    const why = explainScheduling(pod, message, context);
    return [
      finding('Unschedulable', refOf(pod), {
        message: `Pod cannot be scheduled: ${message}`,
        evidence: [
          ...why.evidence,
          scheduled.lastTransitionTime ? `unschedulable since ${scheduled.lastTransitionTime}` : '',
          failed && failed.message !== message
            ? `event FailedScheduling (x${occurrences(failed)}): ${failed.message ?? ''}`
            : '',
          why.facts.requests ? `requests: ${why.facts.requests}` : '',
        ],
        facts: why.facts,
      }),
    ];
  }
  const waited = secondsBetween(pod.metadata?.creationTimestamp, now) ?? 0;
  if (!scheduled && waited >= NOT_SCHEDULED_SECONDS) {
    const scheduler = pod.spec?.schedulerName ?? 'default-scheduler';
    return [
      finding('NotScheduled', refOf(pod), {
        message: `Pod has waited ${humanDuration(waited)} without a scheduling decision`,
        evidence: [`schedulerName: ${scheduler}`],
        facts: { scheduler },
      }),
    ];
  }
  return [];
}

function lifecycleFindings(pod: Pod, now: Date): Finding[] {
  const findings: Finding[] = [];
  if (pod.status?.reason === 'Evicted') {
    findings.push(
      finding('Evicted', refOf(pod), {
        message: `Pod was evicted: ${pod.status.message ?? 'node pressure'}`,
        evidence: [pod.spec?.nodeName ? `node: ${pod.spec.nodeName}` : ''],
      }),
    );
  }
  const deletion = pod.metadata?.deletionTimestamp;
  const overdue = secondsBetween(deletion, now);
  // deletionTimestamp already includes the grace period; a pod still here after it is stuck.
  if (deletion && overdue !== undefined && new Date(deletion).getTime() <= now.getTime()) {
    const finalizers = pod.metadata?.finalizers ?? [];
    findings.push(
      finding('StuckTerminating', refOf(pod), {
        message: `Pod is still terminating ${humanDuration(overdue)} after its grace period ended`,
        evidence: [
          `deletionTimestamp: ${deletion}`,
          finalizers.length ? `finalizers: ${finalizers.join(', ')}` : '',
          pod.spec?.nodeName ? `node: ${pod.spec.nodeName}` : '',
        ],
        facts: { finalizers: finalizers.length > 0 },
      }),
    );
  }
  return findings;
}

function readinessFindings(
  pod: Pod,
  views: ContainerView[],
  hasProbeFindings: boolean,
  now: Date,
): Finding[] {
  if (hasProbeFindings || pod.metadata?.deletionTimestamp) return [];
  return views
    .filter((v) => v.kind === 'container' && v.status.state?.running && !v.status.ready)
    .filter((v) => (secondsBetween(v.status.state?.running?.startedAt, now) ?? 0) >= 60)
    .map((v) =>
      finding('ContainerNotReady', refOf(pod), {
        message: `Container "${v.status.name}" runs but is not ready`,
        evidence: [
          `running since ${v.status.state?.running?.startedAt ?? 'unknown'}`,
          v.spec?.readinessProbe ? 'it has a readiness probe' : 'it has no readiness probe',
        ],
      }),
    );
}

/**
 * A pod that node-lifecycle marked not ready because its node stopped reporting: the controller sets
 * the pod's Ready condition False and records a NodeNotReady event "Node is not ready"
 * (MarkPodsNotReady, pkg/controller/util/node/controller_utils.go), while the container statuses —
 * written only by that node's kubelet, now silent — still say ready.
 */
function nodeNotReadyFindings(pod: Pod, views: ContainerView[], podEvents: Event[]): Finding[] {
  if (pod.metadata?.deletionTimestamp || pod.status?.phase !== 'Running') return [];
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
  const containers = views.filter((v) => v.kind === 'container');
  if (ready?.status !== 'False' || containers.length === 0 || !containers.every((v) => v.status.ready))
    return [];
  const event = podEvents.find((e) => e.reason === 'NodeNotReady');
  const node = pod.spec?.nodeName ?? 'its node';
  return [
    finding('OnNotReadyNode', refOf(pod), {
      message: `Pod is not ready because node ${node} is not ready; its containers' last reported state is stale`,
      evidence: [
        `Ready=False since ${ready.lastTransitionTime ?? 'unknown'}, every container last reported ready`,
        event ? `event NodeNotReady: ${event.message ?? ''}` : '',
      ],
      facts: { node: pod.spec?.nodeName ?? '' },
    }),
  ];
}

/** Every finding for one pod. `events` may contain events of other objects; only this pod's are used. */
export function diagnosePod(pod: Pod, events: Event[], now: Date, context: PodContext = {}): Finding[] {
  const podEvents = eventsAbout(pod, 'Pod', events);
  const views = containerViews(pod);
  const probes = probeFindings(pod, podEvents, now);
  return linkWithinPod([
    ...schedulingFindings(pod, podEvents, now, context),
    ...lifecycleFindings(pod, now),
    ...views.flatMap((view) => [
      ...waitingFindings(pod, view, podEvents, now),
      ...terminatedFindings(pod, view),
    ]),
    ...probes,
    ...readinessFindings(pod, views, probes.length > 0, now),
    ...nodeNotReadyFindings(pod, views, podEvents),
  ]);
}

const RESTART_SYMPTOMS = new Set(['CrashLoopBackOff', 'FrequentRestarts', 'NonZeroExit']);

/**
 * Within one pod: a crash loop or restarts are the symptom of an OOM kill or of a failing liveness probe when
 * the pod shows one (the kubelet restarts the container for it); an evicted pod's container terminations
 * (the kubelet's ContainerStatusUnknown, exit 137) are the symptom of the eviction.
 */
export function linkWithinPod(findings: Finding[]): Finding[] {
  const restartCauses = findings.filter(
    (f) => f.reason === 'OOMKilled' || f.reason === 'LivenessProbeFailed',
  );
  const evicted = findings.filter((f) => f.reason === 'Evicted');
  const claims = findings.filter((f) => f.reason === 'PodBlockedByPVC');
  for (const f of findings) {
    if (RESTART_SYMPTOMS.has(f.reason)) link(f, [...restartCauses, ...evicted]);
    if (f.reason === 'OOMKilled') link(f, evicted);
    if (f.reason === 'Unschedulable') link(f, claims);
  }
  return findings;
}
export {
  describeExit,
  failingContainer,
  lastTermination,
  podStatus,
  readyContainers,
  restarts,
} from './status.js';
