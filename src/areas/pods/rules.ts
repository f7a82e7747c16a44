// Pod rules: plain objects in, findings out. No I/O; `now` is passed in so snapshots judge ages against
// the time they were taken.

import type { Container, ContainerStatus, ContainerStateTerminated, Event, Pod } from '../../kube/types.js';
import { secondsBetween, humanDuration } from '../../kube/time.js';
import { containerOf, eventsAbout, lastSeen, occurrences } from '../../diagnose/events.js';
import type { Finding, ObjectRef, Severity } from '../../diagnose/finding.js';

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

export function describeExit(t: ContainerStateTerminated): string {
  const signal = t.signal ? `, signal ${t.signal}` : '';
  return `${t.reason ?? 'exited'} (exit code ${t.exitCode}${signal})`;
}

/** What an exit code usually means, for the hint. */
function exitHint(t: ContainerStateTerminated | undefined, memoryLimit: string | undefined): string {
  if (!t) return 'Read the log of the previous instance to see why it stopped.';
  if (t.reason === 'OOMKilled') {
    return `The kernel killed it for using more memory than its limit${memoryLimit ? ` (${memoryLimit})` : ''}: raise resources.limits.memory or reduce the memory the process uses.`;
  }
  switch (t.exitCode) {
    case 0:
      return 'The process exits successfully but the pod restarts it: a container under restartPolicy Always must keep running (check the command).';
    case 126:
      return 'Exit 126: the command is not executable (permissions or wrong binary for the image).';
    case 127:
      return 'Exit 127: the command was not found in the image; check command/args and the image.';
    case 137:
      return 'Exit 137 (SIGKILL) without OOMKilled: usually a failing liveness probe or an external kill; check probe events.';
    case 139:
      return 'Exit 139: the process crashed with a segmentation fault.';
    case 143:
      return 'Exit 143 (SIGTERM): the container was asked to stop; if unexpected, check probes and the node.';
    default:
      return 'The process exited with an error: read the log of the previous instance (kubectl diag pods NAME shows its tail).';
  }
}

function imageHint(message: string): string {
  if (/not found|manifest unknown|does not exist|no such manifest/i.test(message)) {
    return 'The image or tag does not exist in the registry: check the image name and tag.';
  }
  if (/unauthorized|authentication required|denied|forbidden|401|403/i.test(message)) {
    return 'The registry refused the pull: add or fix imagePullSecrets (or the node credentials) for this registry.';
  }
  if (/no such host|timeout|i\/o timeout|connection refused|TLS handshake|dial tcp/i.test(message)) {
    return 'The node cannot reach the registry: check DNS, proxy and egress rules from the node.';
  }
  return 'Check the image name, tag and registry credentials (imagePullSecrets).';
}

function configHint(message: string): string {
  const key = /couldn't find key (\S+) in (ConfigMap|Secret) (\S+)/.exec(message);
  if (key)
    return `${key[2]} ${key[3]} has no key "${key[1]}": add the key or fix the reference in env/envFrom.`;
  const missing = /(configmap|secret) "([^"]+)" not found/i.exec(message);
  if (missing)
    return `The ${missing[1]} "${missing[2]}" the pod references does not exist in its namespace: create it or fix the name.`;
  return 'A ConfigMap, Secret or key the container references is missing or invalid.';
}

function finding(
  pod: Pod,
  severity: Severity,
  reason: string,
  message: string,
  evidence: string[],
  hint: string,
): Finding {
  return { severity, reason, object: refOf(pod), message, evidence: evidence.filter(Boolean), hint };
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
        finding(
          pod,
          'critical',
          'CrashLoopBackOff',
          `${who} keeps crashing${last ? `: last exit ${describeExit(last)}` : ''}, ${status.restartCount} restarts`,
          [
            last ? `last termination: ${describeExit(last)} at ${last.finishedAt ?? 'unknown time'}` : '',
            last?.message ? `termination message: ${last.message.trim().slice(0, 300)}` : '',
            msg,
          ],
          exitHint(last, spec?.resources?.limits?.memory),
        ),
      ];
    case 'ImagePullBackOff':
    case 'ErrImagePull':
    case 'InvalidImageName':
    case 'ErrImageNeverPull':
      return [
        finding(
          pod,
          'critical',
          waiting.reason,
          `${who} cannot pull image ${spec?.image ?? status.image ?? ''}`.trim(),
          [msg, ...pullEvents(podEvents, status.name)],
          waiting.reason === 'InvalidImageName'
            ? 'The image reference is malformed: fix spec.containers[].image.'
            : imageHint(msg),
        ),
      ];
    case 'CreateContainerConfigError':
      return [
        finding(
          pod,
          'critical',
          'CreateContainerConfigError',
          `${who} cannot start: ${msg || 'invalid configuration'}`,
          [msg],
          configHint(msg),
        ),
      ];
    case 'CreateContainerError':
    case 'RunContainerError':
    case 'PreCreateHookError':
    case 'PostStartHookError':
      return [
        finding(
          pod,
          'critical',
          waiting.reason,
          `${who} cannot start: ${msg || waiting.reason}`,
          [msg],
          'The runtime could not create or start the container: check command, mounts and security context.',
        ),
      ];
    case 'ContainerCreating':
    case 'PodInitializing':
      return creatingFindings(pod, who, podEvents, now);
    default:
      return [
        finding(
          pod,
          'warning',
          'ContainerWaiting',
          `${who} is waiting: ${waiting.reason}${msg ? `: ${msg}` : ''}`,
          [msg],
          'Check the pod events for why the container cannot start.',
        ),
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

function creatingFindings(pod: Pod, who: string, podEvents: Event[], now: Date): Finding[] {
  const blockers = podEvents.filter((e) => CREATING_BLOCKERS.includes(e.reason ?? ''));
  const waited = secondsBetween(pod.status?.startTime ?? pod.metadata?.creationTimestamp, now) ?? 0;
  if (blockers.length === 0 && waited < STUCK_CREATING_SECONDS) return [];
  const first = blockers[0];
  const hint =
    first?.reason === 'FailedMount' || first?.reason === 'FailedAttachVolume'
      ? 'A volume cannot be mounted: check that the referenced ConfigMap/Secret/PVC exists and the volume can attach to this node (kubectl diag storage).'
      : first?.reason === 'FailedCreatePodSandBox'
        ? 'The node could not create the pod sandbox: usually the CNI network plugin or the container runtime on that node is failing.'
        : 'Nothing explains the wait yet: check the node and its kubelet (kubectl diag nodes).';
  return [
    finding(
      pod,
      blockers.length > 0 ? 'critical' : 'warning',
      'StuckContainerCreating',
      `${who} has been creating for ${humanDuration(waited)}${first ? `: ${first.reason}` : ''}`,
      blockers.slice(0, 3).map((e) => `event ${e.reason} (x${occurrences(e)}): ${e.message ?? ''}`),
      hint,
    ),
  ];
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
      finding(
        pod,
        'critical',
        'OOMKilled',
        `${who} was OOMKilled${limit ? ` (memory limit ${limit})` : ' (no memory limit: the node ran out of memory)'}`,
        [
          `${current === oom ? 'current' : 'previous'} instance: ${describeExit(oom)} at ${oom.finishedAt ?? 'unknown time'}`,
        ],
        exitHint(oom, limit),
      ),
    );
  }
  if (current && current.exitCode !== 0 && current.reason !== 'OOMKilled') {
    findings.push(
      finding(
        pod,
        kind === 'init container' || pod.status?.phase === 'Failed' ? 'critical' : 'warning',
        'NonZeroExit',
        `${who} exited with ${describeExit(current)}`,
        [
          current.message ? `termination message: ${current.message.trim().slice(0, 300)}` : '',
          `finished at ${current.finishedAt ?? 'unknown time'}`,
        ],
        exitHint(current, spec?.resources?.limits?.memory),
      ),
    );
  }
  const crashLooping = status.state?.waiting?.reason === 'CrashLoopBackOff';
  if (!crashLooping && status.restartCount >= FREQUENT_RESTARTS) {
    findings.push(
      finding(
        pod,
        'warning',
        'FrequentRestarts',
        `${who} has restarted ${status.restartCount} times`,
        [
          previous
            ? `last termination: ${describeExit(previous)} at ${previous.finishedAt ?? 'unknown time'}`
            : '',
        ],
        exitHint(previous, spec?.resources?.limits?.memory),
      ),
    );
  }
  return findings;
}

const PROBES: { prefix: string; reason: string; kind: string }[] = [
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
        finding(
          pod,
          severity,
          probe.reason,
          `${probe.prefix} of container "${container || '?'}" is failing (${total} times, last ${lastSeen(list[0]!) ?? 'unknown'})`,
          list.slice(0, 3).map((e) => e.message ?? ''),
          probe.kind === 'readiness'
            ? 'The pod is taken out of its Services while the readiness probe fails: check the probe path/port and what the app answers.'
            : probe.kind === 'liveness'
              ? 'The kubelet restarts the container when the liveness probe fails: check the probe, and give slow starts a startupProbe or a longer initialDelaySeconds.'
              : 'The startup probe has not passed yet: the app starts slowly or the probe is wrong; raise failureThreshold × periodSeconds if it is just slow.',
        ),
      );
    }
  }
  return findings;
}

function schedulingHint(message: string, pod: Pod): string {
  if (/Insufficient (cpu|memory|ephemeral-storage|pods|[a-z.\/-]+)/i.test(message)) {
    const requests = podRequests(pod);
    return `No node has enough free capacity for the pod's requests (${requests || 'none set'}): lower the requests, free capacity, or add nodes (kubectl diag nodes shows requested vs allocatable).`;
  }
  if (/untolerated taint|had taint|taint\(s\)/i.test(message)) {
    return 'The nodes carry taints the pod does not tolerate: add a matching toleration or remove the taint (kubectl diag nodes lists taints).';
  }
  if (/node affinity|node selector|nodeSelector/i.test(message)) {
    const selector = Object.entries(pod.spec?.nodeSelector ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    return `No node matches the pod's node selector/affinity${selector ? ` (${selector})` : ''}: fix the labels or the selector.`;
  }
  if (/PersistentVolumeClaim|volume node affinity|bind/i.test(message)) {
    return 'A volume blocks scheduling: an unbound claim or a volume pinned to other nodes (kubectl diag storage).';
  }
  if (/unschedulable/i.test(message)) return 'The candidate nodes are cordoned: uncordon them or add nodes.';
  return "Read the scheduler's message: it says why each node was rejected.";
}

export function podRequests(pod: Pod): string {
  const totals = new Map<string, string[]>();
  for (const c of pod.spec?.containers ?? []) {
    for (const [resource, value] of Object.entries(c.resources?.requests ?? {}))
      totals.set(resource, [...(totals.get(resource) ?? []), value]);
  }
  return [...totals].map(([r, v]) => `${r}=${v.join('+')}`).join(', ');
}

function schedulingFindings(pod: Pod, podEvents: Event[], now: Date): Finding[] {
  if (pod.status?.phase !== 'Pending' || pod.spec?.nodeName) return [];
  const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
  const failed = podEvents.find((e) => e.reason === 'FailedScheduling');
  if (scheduled?.status === 'False' && (scheduled.reason === 'Unschedulable' || failed)) {
    const message = scheduled.message || failed?.message || 'the scheduler found no node for it';
    return [
      finding(
        pod,
        'critical',
        'Unschedulable',
        `Pod cannot be scheduled: ${message}`,
        [
          scheduled.lastTransitionTime ? `unschedulable since ${scheduled.lastTransitionTime}` : '',
          failed ? `event FailedScheduling (x${occurrences(failed)}): ${failed.message ?? ''}` : '',
          podRequests(pod) ? `requests: ${podRequests(pod)}` : '',
        ],
        schedulingHint(message, pod),
      ),
    ];
  }
  const waited = secondsBetween(pod.metadata?.creationTimestamp, now) ?? 0;
  if (!scheduled && waited >= NOT_SCHEDULED_SECONDS) {
    const scheduler = pod.spec?.schedulerName ?? 'default-scheduler';
    return [
      finding(
        pod,
        'warning',
        'NotScheduled',
        `Pod has waited ${humanDuration(waited)} without a scheduling decision`,
        [`schedulerName: ${scheduler}`],
        `No scheduler has looked at this pod: check that ${scheduler} is running.`,
      ),
    ];
  }
  return [];
}

function lifecycleFindings(pod: Pod, now: Date): Finding[] {
  const findings: Finding[] = [];
  if (pod.status?.reason === 'Evicted') {
    findings.push(
      finding(
        pod,
        'warning',
        'Evicted',
        `Pod was evicted: ${pod.status.message ?? 'node pressure'}`,
        [pod.spec?.nodeName ? `node: ${pod.spec.nodeName}` : ''],
        'The kubelet evicted it under node pressure: set requests/limits that match real usage and check the node (kubectl diag nodes). Evicted pods stay listed until deleted.',
      ),
    );
  }
  const deletion = pod.metadata?.deletionTimestamp;
  const overdue = secondsBetween(deletion, now);
  // deletionTimestamp already includes the grace period; a pod still here after it is stuck.
  if (deletion && overdue !== undefined && new Date(deletion).getTime() <= now.getTime()) {
    const finalizers = pod.metadata?.finalizers ?? [];
    findings.push(
      finding(
        pod,
        'warning',
        'StuckTerminating',
        `Pod is still terminating ${humanDuration(overdue)} after its grace period ended`,
        [
          `deletionTimestamp: ${deletion}`,
          finalizers.length ? `finalizers: ${finalizers.join(', ')}` : '',
          pod.spec?.nodeName ? `node: ${pod.spec.nodeName}` : '',
        ],
        finalizers.length
          ? 'A finalizer keeps the pod: the controller that owns it must remove it (or it is gone and the finalizer must be removed by hand).'
          : 'The kubelet on its node has not confirmed the stop: the node may be down or unreachable (kubectl diag nodes).',
      ),
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
      finding(
        pod,
        'warning',
        'ContainerNotReady',
        `Container "${v.status.name}" runs but is not ready`,
        [
          `running since ${v.status.state?.running?.startedAt ?? 'unknown'}`,
          v.spec?.readinessProbe ? 'it has a readiness probe' : 'it has no readiness probe',
        ],
        'The pod receives no Service traffic while not ready: check the readiness probe and the app.',
      ),
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
    finding(
      pod,
      'critical',
      'OnNotReadyNode',
      `Pod is not ready because node ${node} is not ready; its containers' last reported state is stale`,
      [
        `Ready=False since ${ready.lastTransitionTime ?? 'unknown'}, every container last reported ready`,
        event ? `event NodeNotReady: ${event.message ?? ''}` : '',
      ],
      `The pod gets no Service traffic; check the node (kubectl diag nodes ${pod.spec?.nodeName ?? ''}): its kubelet stopped reporting.`,
    ),
  ];
}

/** Every finding for one pod. `events` may contain events of other objects; only this pod's are used. */
export function diagnosePod(pod: Pod, events: Event[], now: Date): Finding[] {
  const podEvents = eventsAbout(pod, 'Pod', events);
  const views = containerViews(pod);
  const probes = probeFindings(pod, podEvents);
  return [
    ...schedulingFindings(pod, podEvents, now),
    ...lifecycleFindings(pod, now),
    ...views.flatMap((view) => [
      ...waitingFindings(pod, view, podEvents, now),
      ...terminatedFindings(pod, view),
    ]),
    ...probes,
    ...readinessFindings(pod, views, probes.length > 0, now),
    ...nodeNotReadyFindings(pod, views, podEvents),
  ];
}

/**
 * The STATUS column: the real reason, as kubectl prints it (CrashLoopBackOff, OOMKilled, Init:0/2,
 * Terminating, …), with "Pending: Unschedulable" where kubectl would only say Pending.
 */
export function podStatus(pod: Pod): string {
  const status = pod.status ?? {};
  let reason = status.reason ?? status.phase ?? 'Unknown';
  const inits = status.initContainerStatuses ?? [];
  let initializing = false;
  for (const [i, c] of inits.entries()) {
    const t = c.state?.terminated;
    if (t && t.exitCode === 0) continue;
    initializing = true;
    if (t) reason = `Init:${t.reason || (t.signal ? `Signal:${t.signal}` : `ExitCode:${t.exitCode}`)}`;
    else if (c.state?.waiting?.reason && c.state.waiting.reason !== 'PodInitializing')
      reason = `Init:${c.state.waiting.reason}`;
    else reason = `Init:${i}/${pod.spec?.initContainers?.length ?? inits.length}`;
    break;
  }
  if (!initializing) {
    let running = false;
    for (const c of [...(status.containerStatuses ?? [])].reverse()) {
      const t = c.state?.terminated;
      if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
      else if (t) reason = t.reason || (t.signal ? `Signal:${t.signal}` : `ExitCode:${t.exitCode}`);
      else if (c.state?.running && c.ready) running = true;
    }
    if (reason === 'Completed' && running) reason = 'Running';
  }
  if (pod.metadata?.deletionTimestamp) return status.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
  if (reason === 'Pending') {
    const scheduled = status.conditions?.find((c) => c.type === 'PodScheduled');
    if (scheduled?.status === 'False' && scheduled.reason) return `Pending: ${scheduled.reason}`;
  }
  return reason;
}

export function readyContainers(pod: Pod): { ready: number; total: number } {
  const statuses = pod.status?.containerStatuses ?? [];
  return {
    ready: statuses.filter((c) => c.ready).length,
    total: pod.spec?.containers.length ?? statuses.length,
  };
}

export function restarts(pod: Pod): number {
  return (pod.status?.containerStatuses ?? []).reduce((n, c) => n + c.restartCount, 0);
}

/** The most recent termination of any container, for the LAST EXIT column. */
export function lastTermination(
  pod: Pod,
): { container: string; terminated: ContainerStateTerminated } | undefined {
  let best: { container: string; terminated: ContainerStateTerminated } | undefined;
  for (const c of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
    for (const t of [c.state?.terminated, c.lastState?.terminated]) {
      if (!t) continue;
      if (!best || (t.finishedAt ?? '') > (best.terminated.finishedAt ?? ''))
        best = { container: c.name, terminated: t };
    }
  }
  return best;
}

/**
 * The container whose log explains the trouble, and whether to read its previous instance: a
 * crash-looping or restarted container's last run, or a terminated container's only run.
 */
export function failingContainer(pod: Pod): { container: string; previous: boolean } | undefined {
  for (const c of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
    const waiting = c.state?.waiting?.reason;
    if (
      c.lastState?.terminated &&
      (waiting === 'CrashLoopBackOff' || waiting === undefined) &&
      c.restartCount > 0
    ) {
      if (waiting === 'CrashLoopBackOff' || c.lastState.terminated.exitCode !== 0)
        return { container: c.name, previous: true };
    }
    if (c.state?.terminated && c.state.terminated.exitCode !== 0)
      return { container: c.name, previous: false };
  }
  return undefined;
}

/** Every reason code the pod rules emit, with what it means (the README's table is generated from this). */
export const POD_REASONS = {
  CrashLoopBackOff: 'A container keeps crashing; the last exit reason and code say why.',
  OOMKilled: 'A container was killed for exceeding its memory limit (or the node ran out of memory).',
  ImagePullBackOff: 'The image cannot be pulled; the kubelet is backing off.',
  ErrImagePull: 'The last image pull failed (missing tag, registry credentials, or registry unreachable).',
  InvalidImageName: 'The image reference is malformed.',
  ErrImageNeverPull: 'imagePullPolicy Never and the image is not on the node.',
  CreateContainerConfigError: 'A ConfigMap, Secret or key the container references is missing.',
  CreateContainerError: 'The runtime could not create the container.',
  RunContainerError: 'The runtime could not start the container.',
  PreCreateHookError: 'A pre-create hook failed.',
  PostStartHookError: 'The postStart hook failed.',
  ContainerWaiting: 'A container waits for another reason the kubelet reported.',
  StuckContainerCreating: 'Containers are not created: a volume cannot mount, or the sandbox/network fails.',
  NonZeroExit: 'A container exited with a non-zero code.',
  FrequentRestarts: 'A container that runs now has restarted many times.',
  LivenessProbeFailed: 'The liveness probe fails; the kubelet restarts the container.',
  ReadinessProbeFailed: 'The readiness probe fails; the pod gets no Service traffic.',
  StartupProbeFailed: 'The startup probe has not passed yet.',
  ContainerNotReady: 'A running container is not ready and no probe event explains it.',
  Unschedulable: 'The scheduler found no node; its message says why (resources, taints, selectors, volumes).',
  NotScheduled: 'No scheduling decision at all for minutes: the scheduler may not be running.',
  Evicted: 'The kubelet evicted the pod under node pressure.',
  StuckTerminating: 'The pod outlived its grace period: a finalizer or an unreachable node holds it.',
  OnNotReadyNode:
    "The pod's node stopped reporting; node-lifecycle marked the pod not ready (its container states are stale).",
} as const satisfies Record<string, string>;
