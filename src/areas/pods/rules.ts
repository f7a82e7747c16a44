// Pod rules: plain objects in, findings out. No I/O; `now` is passed in so snapshots judge ages against
// the time they were taken.

import type { Container, ContainerStatus, Event, Pod } from '../../kube/types.js';
import { secondsBetween, humanDuration } from '../../kube/time.js';
import { containerOf, eventsAbout, lastSeen, occurrences } from '../../diagnose/events.js';
import { link, type Finding, type ObjectRef, type Severity } from '../../diagnose/finding.js';
import { finding, type PodReason } from './reasons.js';
import { describeExit } from './status.js';
import { explainScheduling, type PodContext } from './rules/scheduling.js';

export type { PodContext } from './rules/scheduling.js';

/** A container is treated as stuck creating after this long without an explaining event. */
export const STUCK_CREATING_SECONDS = 300;
/** Restarts at or above this count are "frequent" even when the container runs now. */
export const FREQUENT_RESTARTS = 5;
/** A pending pod with no scheduling decision after this long suggests no scheduler is working. */
export const NOT_SCHEDULED_SECONDS = 120;

interface ContainerView {
  kind: 'container' | 'init container';
  spec?: Container;
  status: ContainerStatus;
}

function refOf(pod: Pod): ObjectRef {
  return { kind: 'Pod', namespace: pod.metadata?.namespace, name: pod.metadata?.name ?? '' };
}

function containerViews(pod: Pod): ContainerView[] {
  const specs = new Map<string, Container>();
  for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])])
    specs.set(c.name, c);
  const views = (statuses: ContainerStatus[] | undefined, kind: ContainerView['kind']): ContainerView[] =>
    (statuses ?? []).map((status) => ({ kind, spec: specs.get(status.name), status }));
  return [
    ...views(pod.status?.initContainerStatuses, 'init container'),
    ...views(pod.status?.containerStatuses, 'container'),
  ];
}

function waitingFindings(pod: Pod, view: ContainerView, podEvents: Event[], now: Date): Finding[] {
  const { status, kind, spec } = view;
  const waiting = status.state?.waiting;
  if (!waiting?.reason) return [];
  const who = `${kind === 'init container' ? 'Init container' : 'Container'} "${status.name}"`;
  const msg = waiting.message ?? '';
  const last = status.lastState?.terminated;
  switch (waiting.reason) {
    case 'CrashLoopBackOff':
      return [
        finding('CrashLoopBackOff', refOf(pod), {
          message: `${who} keeps crashing${last ? `: last exit ${clusterWords(last)}` : ''}, ${status.restartCount} restarts`,
          evidence: [
            last ? `last termination: ${describeExit(last)} at ${last.finishedAt ?? 'unknown time'}` : '',
            last?.message ? `termination message: ${last.message.trim().slice(0, 300)}` : '',
            msg,
          ],
          facts: {
            exit: last,
            memoryLimit: spec?.resources?.limits?.memory,
            liveness: livenessKilled(podEvents, status.name),
          },
        }),
      ];
    case 'ImagePullBackOff':
    case 'ErrImagePull':
    case 'InvalidImageName':
    case 'ErrImageNeverPull':
      return [
        finding(waiting.reason, refOf(pod), {
          message: `${who} cannot pull image ${spec?.image ?? status.image ?? ''}`.trim(),
          evidence: [msg, ...pullEvents(podEvents, status.name)],
          facts: { message: msg },
        }),
      ];
    case 'CreateContainerConfigError':
      return [
        finding('CreateContainerConfigError', refOf(pod), {
          message: `${who} cannot start: ${msg || 'invalid configuration'}`,
          evidence: [msg],
          facts: { message: msg },
        }),
      ];
    case 'CreateContainerError':
    case 'RunContainerError':
    case 'PreCreateHookError':
    case 'PostStartHookError':
      return [
        finding(waiting.reason, refOf(pod), {
          message: `${who} cannot start: ${msg || waiting.reason}`,
          evidence: [msg],
        }),
      ];
    case 'PodInitializing':
      // An app container waits here while init containers run; a failing init container has its own finding.
      if (kind === 'container' && !initContainersDone(pod)) return [];
      return creatingFindings(pod, who, podEvents, now);
    case 'ContainerCreating':
      return creatingFindings(pod, who, podEvents, now);
    default:
      return [
        finding('ContainerWaiting', refOf(pod), {
          message: `${who} is waiting: ${waiting.reason}${msg ? `: ${msg}` : ''}`,
          evidence: [msg],
        }),
      ];
  }
}

function pullEvents(events: Event[], container: string): string[] {
  return events
    .filter(
      (e) =>
        (e.reason === 'Failed' || e.reason === 'BackOff') &&
        containerOf(e) === container &&
        /image/i.test(e.message ?? ''),
    )
    .slice(0, 2)
    .map((e) => `event ${e.reason}: ${e.message ?? ''}`);
}

const CREATING_BLOCKERS = [
  'FailedMount',
  'FailedAttachVolume',
  'FailedCreatePodSandBox',
  'FailedCreatePodContainer',
];

/**
 * Which blocking event names the cause best: the attach/detach controller's Multi-Attach error
 * (pkg/controller/volume/attachdetach/reconciler/reconciler.go) and other attach failures
 * (pkg/volume/util/operationexecutor/operation_generator.go) come before the kubelet's mount errors, and a
 * specific mount error ("MountVolume.SetUp failed for volume …") before the kubelet's summary "Unable to attach
 * or mount volumes: … timed out waiting for the condition" (pkg/kubelet/kubelet.go), which only says it waited.
 */
function blockerRank(e: Event): number {
  const message = e.message ?? '';
  if (/^Multi-Attach error/.test(message)) return 0;
  if (e.reason === 'FailedAttachVolume') return 1;
  if (e.reason === 'FailedMount' && !/^Unable to attach or mount volumes/.test(message)) return 2;
  if (e.reason === 'FailedCreatePodSandBox' || e.reason === 'FailedCreatePodContainer') return 3;
  return 4;
}

function creatingFindings(pod: Pod, who: string, podEvents: Event[], now: Date): Finding[] {
  const blockers = podEvents
    .filter((e) => CREATING_BLOCKERS.includes(e.reason ?? ''))
    .map((e, i) => ({ e, i }))
    .sort((a, b) => blockerRank(a.e) - blockerRank(b.e) || a.i - b.i)
    .map(({ e }) => e);
  const waited = secondsBetween(pod.status?.startTime ?? pod.metadata?.creationTimestamp, now) ?? 0;
  if (blockers.length === 0 && waited < STUCK_CREATING_SECONDS) return [];
  const first = blockers[0];
  const said = first?.message ? `: ${oneLine(first.message)}` : '';
  return [
    finding('StuckContainerCreating', refOf(pod), {
      message: `${who} has been creating for ${humanDuration(waited)}${first ? `: ${first.reason}${said}` : ''}`,
      evidence: blockers.slice(0, 3).map((e) => `event ${e.reason} (x${occurrences(e)}): ${e.message ?? ''}`),
      severity: blockers.length > 0 ? 'critical' : 'warning',
      facts: {
        blocker: first?.reason,
        multiAttach: /^Multi-Attach error/.test(first?.message ?? ''),
        message: first?.message ?? '',
      },
    }),
  ];
}

/** Whether every (non-sidecar) init container has finished successfully. */
function initContainersDone(pod: Pod): boolean {
  const sidecars = new Set(
    (pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => c.name),
  );
  return (pod.status?.initContainerStatuses ?? []).every(
    (c) => sidecars.has(c.name) || c.state?.terminated?.exitCode === 0,
  );
}

/**
 * The first line of a cluster message, bounded for a headline. Go errors wrap outward ("a: b: root cause"), so a
 * long one keeps its beginning and its end, where the cause is.
 */
function oneLine(text: string, max = 240): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > max ? `${line.slice(0, 60)}…${line.slice(line.length - (max - 61))}` : line;
}

/**
 * How a termination reads in a headline, the cluster's words first: the termination message (what the
 * process or the runtime wrote, e.g. "exec: \"foo\": executable file not found in $PATH") and the reason.
 */
function clusterWords(t: NonNullable<ContainerStatus['lastState']>['terminated'] & object): string {
  return t.message?.trim() ? `"${oneLine(t.message)}" (${describeExit(t)})` : describeExit(t);
}

/** Whether the kubelet killed the container for failing its liveness probe (prober_manager / kuberuntime). */
function livenessKilled(events: Event[], container: string): boolean {
  return events.some(
    (e) =>
      (e.reason === 'Killing' &&
        /failed liveness probe/.test(e.message ?? '') &&
        (containerOf(e) ?? container) === container) ||
      (e.reason === 'Unhealthy' &&
        /^Liveness probe failed/.test(e.message ?? '') &&
        (containerOf(e) ?? container) === container),
  );
}

function terminatedFindings(pod: Pod, view: ContainerView): Finding[] {
  const { status, kind, spec } = view;
  const who = `${kind === 'init container' ? 'Init container' : 'Container'} "${status.name}"`;
  const findings: Finding[] = [];
  const current = status.state?.terminated;
  const previous = status.lastState?.terminated;
  const oom =
    current?.reason === 'OOMKilled' ? current : previous?.reason === 'OOMKilled' ? previous : undefined;
  if (oom) {
    const limit = spec?.resources?.limits?.memory;
    findings.push(
      finding('OOMKilled', refOf(pod), {
        message: `${who} was OOMKilled${limit ? ` (memory limit ${limit})` : ' (no memory limit: the node ran out of memory)'}`,
        evidence: [
          `${current === oom ? 'current' : 'previous'} instance: ${describeExit(oom)} at ${oom.finishedAt ?? 'unknown time'}`,
        ],
        facts: { exit: oom, memoryLimit: limit, liveness: false },
      }),
    );
  }
  if (current && current.exitCode !== 0 && current.reason !== 'OOMKilled') {
    findings.push(
      finding('NonZeroExit', refOf(pod), {
        message: `${who} exited with ${clusterWords(current)}`,
        evidence: [
          current.message ? `termination message: ${current.message.trim().slice(0, 300)}` : '',
          `finished at ${current.finishedAt ?? 'unknown time'}`,
        ],
        severity: kind === 'init container' || pod.status?.phase === 'Failed' ? 'critical' : 'warning',
        facts: { exit: current, memoryLimit: spec?.resources?.limits?.memory, liveness: false },
      }),
    );
  }
  const crashLooping = status.state?.waiting?.reason === 'CrashLoopBackOff';
  if (!crashLooping && status.restartCount >= FREQUENT_RESTARTS) {
    findings.push(
      finding('FrequentRestarts', refOf(pod), {
        message: `${who} has restarted ${status.restartCount} times${previous?.message?.trim() ? `: last exit ${clusterWords(previous)}` : ''}`,
        evidence: [
          previous
            ? `last termination: ${describeExit(previous)} at ${previous.finishedAt ?? 'unknown time'}`
            : '',
        ],
        facts: { exit: previous, memoryLimit: spec?.resources?.limits?.memory, liveness: false },
      }),
    );
  }
  return findings;
}

const PROBES: {
  prefix: string;
  reason: Extract<PodReason, `${string}ProbeFailed`>;
  kind: string;
}[] = [
  { prefix: 'Liveness probe', reason: 'LivenessProbeFailed', kind: 'liveness' },
  { prefix: 'Readiness probe', reason: 'ReadinessProbeFailed', kind: 'readiness' },
  { prefix: 'Startup probe', reason: 'StartupProbeFailed', kind: 'startup' },
];

function probeFindings(pod: Pod, podEvents: Event[]): Finding[] {
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
          message: `${probe.prefix} of container "${container || '?'}" is failing (${total} times, last ${lastSeen(list[0]!) ?? 'unknown'})`,
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
  const probes = probeFindings(pod, podEvents);
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
