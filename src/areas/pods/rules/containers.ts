// Pod rules for one container: waiting, creating and terminated states, in the kubelet's own words.
// No I/O; `now` is passed in.

import type { Container, ContainerStatus, Event, Pod } from '../../../kube/types.js';
import { secondsBetween, humanDuration } from '../../../kube/time.js';
import { containerOf, occurrences } from '../../../diagnose/events.js';
import type { Finding, ObjectRef } from '../../../diagnose/finding.js';
import { finding } from '../reasons.js';
import { describeExit } from '../status.js';

/** A container is treated as stuck creating after this long without an explaining event. */
export const STUCK_CREATING_SECONDS = 300;
/** Restarts at or above this count are "frequent" even when the container runs now. */
export const FREQUENT_RESTARTS = 5;

export interface ContainerView {
  kind: 'container' | 'init container';
  spec?: Container;
  status: ContainerStatus;
}

export function refOf(pod: Pod): ObjectRef {
  return { kind: 'Pod', namespace: pod.metadata?.namespace, name: pod.metadata?.name ?? '' };
}

export function containerViews(pod: Pod): ContainerView[] {
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

export function waitingFindings(pod: Pod, view: ContainerView, podEvents: Event[], now: Date): Finding[] {
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

export function terminatedFindings(pod: Pod, view: ContainerView): Finding[] {
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
