// How a pod is shown: the STATUS column as kubectl prints it, ready and restart counts, the last exit, and
// the container whose log explains the trouble. Plain objects in; no I/O.

import type { ContainerStateTerminated, Pod } from '../../kube/types.js';

export function describeExit(t: ContainerStateTerminated): string {
  const signal = t.signal ? `, signal ${t.signal}` : '';
  return `${t.reason ?? 'exited'} (exit code ${t.exitCode}${signal})`;
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

/**
 * The RESTARTS column as kubectl counts it (printPod, pkg/printers/internalversion/printers.go): init
 * container restarts included.
 */
export function restarts(pod: Pod): number {
  return [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])].reduce(
    (n, c) => n + c.restartCount,
    0,
  );
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

/** The fields every view of a pod begins with (see podHeadline in schema.ts). */
export function headlineOf(pod: Pod) {
  const { ready, total } = readyContainers(pod);
  return {
    namespace: pod.metadata?.namespace ?? '',
    name: pod.metadata?.name ?? '',
    status: podStatus(pod),
    phase: pod.status?.phase ?? 'Unknown',
    ready: `${ready}/${total}`,
    restarts: restarts(pod),
  };
}
