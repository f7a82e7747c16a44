// The pods area's summaries: a pod as the list shows it, its details and containers, and the list of a
// scope read in three list calls (pods, events, claims), each paged, whatever the number of pods.

import { mountsOf, portsOf, probesOf, tolerationText, volumeOf } from './spec-text.js';
import type { z } from 'zod';
import { Forbidden } from '../../cluster/errors.js';
import type { ClusterReader } from '../../cluster/source.js';
import { indexEventsByObject } from '../../diagnose/events.js';
import { sortFindings, type Finding } from '../../diagnose/finding.js';
import { describeExit, diagnosePod, lastTermination, podStatus, readyContainers, restarts } from './rules.js';
import { headlineOf } from './status.js';
import { claimKey, claimNamesOf, podBlockedByClaims } from '../storage/rules.js';
import type { ContainerState, Event, PersistentVolumeClaim, Pod } from '../../kube/types.js';
import { assertNamespaceExists, sourceOf } from '../../queries/common.js';
import type { containerState, containerDetail, podDetail, PodSummary } from './schema.js';
import { compareNames } from '../../kube/names.js';

function stateOf(state: ContainerState | undefined): z.output<typeof containerState> {
  if (state?.waiting)
    return { state: 'waiting', reason: state.waiting.reason, message: state.waiting.message };
  if (state?.running) return { state: 'running', startedAt: state.running.startedAt };
  if (state?.terminated) {
    const t = state.terminated;
    return {
      state: 'terminated',
      reason: t.reason,
      message: t.message,
      exitCode: t.exitCode,
      signal: t.signal,
      startedAt: t.startedAt,
      finishedAt: t.finishedAt,
    };
  }
  return { state: 'unknown' };
}

type ClaimIndex = ReadonlyMap<string, PersistentVolumeClaim>;

/**
 * The claims of a scope by "namespace/name", for PodBlockedByPVC. Undefined when this identity may list
 * pods but not claims: the pod findings then stand without the claim check instead of failing.
 */
async function claimIndex(
  cluster: ClusterReader,
  namespace: string | undefined,
): Promise<ClaimIndex | undefined> {
  try {
    const claims = await cluster.list<PersistentVolumeClaim>('persistentvolumeclaims', { namespace });
    return new Map(claims.map((c) => [claimKey(c.metadata?.namespace, c.metadata?.name), c]));
  } catch (error) {
    if (error instanceof Forbidden) return undefined;
    throw error;
  }
}

/** Pod rules plus PodBlockedByPVC (from the storage rules) when the claims are known. */
export function podFindings(pod: Pod, events: Event[], now: Date, claims: ClaimIndex | undefined): Finding[] {
  return [...diagnosePod(pod, events, now), ...(claims ? podBlockedByClaims(pod, claims) : [])];
}

/** For one pod: the claim list is read only when the rule can fire (a Pending pod that mounts claims). */
export async function claimsForPod(cluster: ClusterReader, pod: Pod): Promise<ClaimIndex | undefined> {
  if (pod.status?.phase !== 'Pending' || claimNamesOf(pod).length === 0) return new Map();
  return claimIndex(cluster, pod.metadata?.namespace);
}

function summarize(pod: Pod, events: Event[], now: Date, claims: ClaimIndex | undefined): PodSummary {
  const { ready, total } = readyContainers(pod);
  const last = lastTermination(pod);
  return {
    namespace: pod.metadata?.namespace ?? '',
    name: pod.metadata?.name ?? '',
    status: podStatus(pod),
    ready: `${ready}/${total}`,
    restarts: restarts(pod),
    createdAt: pod.metadata?.creationTimestamp,
    node: pod.spec?.nodeName,
    ip: pod.status?.podIP,
    lastExit: last ? `${last.container}: ${describeExit(last.terminated)}` : undefined,
    findings: sortFindings(podFindings(pod, events, now, claims)),
  };
}

export function detail(pod: Pod): z.output<typeof podDetail> {
  return {
    ...headlineOf(pod),
    node: pod.spec?.nodeName,
    ip: pod.status?.podIP,
    qosClass: pod.status?.qosClass,
    createdAt: pod.metadata?.creationTimestamp,
    startTime: pod.status?.startTime,
    deletionTimestamp: pod.metadata?.deletionTimestamp,
    labels: pod.metadata?.labels ?? {},
    owners: (pod.metadata?.ownerReferences ?? []).map((o) => `${o.kind}/${o.name}`),
    hostIP: pod.status?.hostIP,
    serviceAccount: pod.spec?.serviceAccountName,
    priority: pod.spec?.priority,
    priorityClass: pod.spec?.priorityClassName,
    nodeSelector: pod.spec?.nodeSelector ?? {},
    tolerations: (pod.spec?.tolerations ?? []).map(tolerationText),
    volumes: (pod.spec?.volumes ?? []).map((v) => volumeOf(v, pod)),
  };
}

export function containers(pod: Pod): z.output<typeof containerDetail>[] {
  const specs = [
    ...(pod.spec?.initContainers ?? []).map((spec) => ({ spec, kind: 'init' as const })),
    ...(pod.spec?.containers ?? []).map((spec) => ({ spec, kind: 'app' as const })),
  ];
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  return specs.map(({ spec, kind }) => {
    const status = statuses.find((s) => s.name === spec.name);
    return {
      name: spec.name,
      kind,
      image: spec.image,
      ready: status?.ready ?? false,
      restartCount: status?.restartCount ?? 0,
      state: stateOf(status?.state),
      lastState:
        status?.lastState && Object.keys(status.lastState).length > 0 ? stateOf(status.lastState) : undefined,
      requests: spec.resources?.requests ?? {},
      limits: spec.resources?.limits ?? {},
      probes: probesOf(spec),
      ports: portsOf(spec),
      mounts: mountsOf(spec),
    };
  });
}

/** Pods, their events and the claims of the scope in three list calls (each paged), whatever the number of pods. */
export async function podReport(
  cluster: ClusterReader,
  scope: { namespace?: string; allNamespaces?: boolean; selector?: string },
) {
  const namespace = scope.allNamespaces ? undefined : (scope.namespace ?? cluster.defaultNamespace);
  const [pods, events, claims] = await Promise.all([
    cluster.list<Pod>('pods', { namespace, labelSelector: scope.selector }),
    cluster.list<Event>('events', { namespace, fieldSelector: 'involvedObject.kind=Pod' }),
    claimIndex(cluster, namespace),
  ]);
  if (pods.length === 0 && namespace !== undefined) await assertNamespaceExists(cluster, namespace);
  const byPod = indexEventsByObject(events);
  const now = cluster.now();
  const summaries = pods
    .map((pod) =>
      summarize(
        pod,
        byPod.get(`${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`) ?? [],
        now,
        claims,
      ),
    )
    .sort((a, b) => compareNames(a.namespace, b.namespace) || compareNames(a.name, b.name));
  return {
    source: sourceOf(cluster),
    scope: { namespace, allNamespaces: namespace === undefined, selector: scope.selector },
    summaries,
  };
}
