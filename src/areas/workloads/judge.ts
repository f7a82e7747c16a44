// Judges the collections the workload queries read: one summary row per workload with its findings, the
// pods' own findings joined by owner uid. Pure apart from the time it is given.

import { indexEventsByObject } from '../../diagnose/events.js';
import { sortFindings, type Finding } from '../../diagnose/finding.js';
import type { Event, KubeObject, Pod } from '../../kube/types.js';
import { diagnosePod, podStatus } from '../pods/rules.js';
import { controllerUid, groupBy, keyOf, type Collections } from './collect.js';
import {
  diagnoseAutoscaler,
  diagnoseController,
  diagnoseCronJob,
  diagnoseDaemonSet,
  diagnoseDeployment,
  diagnoseDisruptionBudget,
  diagnoseJob,
  diagnoseQuota,
  diagnoseStatefulSet,
  type JobPodLog,
  type SetPod,
} from './rules.js';
import type { QuotaSummary, WorkloadSummary } from './schema.js';
import { REVISION_ANNOTATION, type Deployment, type ReplicaSet } from './types.js';

export function isReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** The node a pod runs on, or the one the daemonset controller made it for (its matchFields affinity). */
function targetNode(pod: Pod): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  const terms =
    pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  return terms?.[0]?.matchFields?.find((f) => f.key === 'metadata.name' && f.operator === 'In')?.values?.[0];
}

/** ReplicaSets of a Deployment, newest revision first. */
export function revisionsOf(deployment: Deployment, replicaSets: readonly ReplicaSet[]): ReplicaSet[] {
  const uid = deployment.metadata?.uid;
  return replicaSets
    .filter((rs) => uid !== undefined && controllerUid(rs) === uid)
    .sort(
      (a, b) =>
        Number(b.metadata?.annotations?.[REVISION_ANNOTATION] ?? 0) -
        Number(a.metadata?.annotations?.[REVISION_ANNOTATION] ?? 0),
    );
}

/** The joins every rule needs: events, pods and quotas of an object. */
export function workloadIndex(c: Pick<Collections, 'events' | 'pods' | 'quotas'>, now: Date) {
  const eventsByObject = indexEventsByObject(c.events);
  const podsByOwner = groupBy(c.pods, controllerUid);
  const view = (pod: Pod): SetPod => ({
    name: pod.metadata?.name ?? '',
    status: podStatus(pod),
    ready: isReady(pod),
    findings: sortFindings(diagnosePod(pod, eventsByObject.get(keyOf(pod)) ?? [], now)),
    revision: pod.metadata?.labels?.['controller-revision-hash'],
    node: targetNode(pod),
  });
  return {
    eventsOf: (o: KubeObject, kind: string): Event[] =>
      (eventsByObject.get(keyOf(o)) ?? []).filter((e) => e.involvedObject.kind === kind),
    podsOf: (o: KubeObject | undefined): SetPod[] =>
      (o?.metadata?.uid ? (podsByOwner.get(o.metadata.uid) ?? []) : []).map(view),
    quotasIn: (ns: string | undefined) => c.quotas.filter((q) => q.metadata?.namespace === ns),
    /** Warning events of pods named like a Job's ("<job>-xxxxx"), kept after the job controller deleted them. */
    gonePodEvents: (job: KubeObject): Event[] => {
      const prefix = `${job.metadata?.name ?? ''}-`;
      return c.events.filter(
        (e) =>
          e.involvedObject.kind === 'Pod' &&
          e.involvedObject.namespace === job.metadata?.namespace &&
          e.involvedObject.name?.startsWith(prefix) === true &&
          /^[a-z0-9]{5}$/.test(e.involvedObject.name.slice(prefix.length)) &&
          e.type === 'Warning',
      );
    },
  };
}

type Kind = WorkloadSummary['kind'];

function row(
  kind: Kind,
  o: KubeObject,
  counts: { ready: string; upToDate?: number; available?: number; revision?: string },
  findings: Finding[],
): WorkloadSummary {
  return {
    kind,
    namespace: o.metadata?.namespace ?? '',
    name: o.metadata?.name ?? '',
    createdAt: o.metadata?.creationTimestamp,
    ...counts,
    findings: sortFindings(findings),
  };
}

export function judgeWorkloads(
  c: Collections,
  now: Date,
  name?: string,
  jobLogs: ReadonlyMap<string, JobPodLog> = new Map(),
) {
  const index = workloadIndex(c, now);
  const { eventsOf, podsOf, quotasIn } = index;
  const wanted = <T extends KubeObject>(items: readonly T[]) =>
    items.filter((x) => name === undefined || x.metadata?.name === name);
  const setFacts = (o: KubeObject, kind: string) => ({
    events: eventsOf(o, kind),
    pods: podsOf(o),
    quotas: quotasIn(o.metadata?.namespace),
  });
  const jobsByName = new Map(c.jobs.map((j) => [keyOf(j), j]));
  const rows: WorkloadSummary[] = [];

  for (const d of wanted(c.deployments)) {
    const [newest, ...older] = revisionsOf(d, c.replicaSets);
    const findings = diagnoseDeployment(d, {
      events: [
        ...eventsOf(d, 'Deployment'),
        ...[newest, ...older].flatMap((rs) => (rs ? eventsOf(rs, 'ReplicaSet') : [])),
      ],
      newReplicaSet: newest && {
        name: newest.metadata?.name ?? '',
        revision: newest.metadata?.annotations?.[REVISION_ANNOTATION] ?? '?',
        conditions: newest.status?.conditions,
      },
      newPods: podsOf(newest),
      oldPods: older.flatMap((rs) => podsOf(rs)),
      quotas: quotasIn(d.metadata?.namespace),
    });
    const counts = {
      ready: `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 1}`,
      upToDate: d.status?.updatedReplicas ?? 0,
      available: d.status?.availableReplicas ?? 0,
      revision: newest?.metadata?.annotations?.[REVISION_ANNOTATION],
    };
    rows.push(row('Deployment', d, counts, findings));
  }
  for (const rs of wanted(c.replicaSets.filter((x) => !controllerUid(x)))) {
    const ready = rs.status?.readyReplicas ?? 0;
    const replicas = rs.spec?.replicas ?? 1;
    const facts = {
      ...setFacts(rs, 'ReplicaSet'),
      conditions: rs.status?.conditions,
      wanted: replicas,
      ready,
    };
    const counts = { ready: `${ready}/${replicas}`, available: rs.status?.availableReplicas ?? 0 };
    rows.push(row('ReplicaSet', rs, counts, diagnoseController(refOf('ReplicaSet', rs), facts)));
  }
  for (const s of wanted(c.statefulSets)) {
    const counts = {
      ready: `${s.status?.readyReplicas ?? 0}/${s.spec?.replicas ?? 1}`,
      upToDate: s.status?.updatedReplicas ?? 0,
      available: s.status?.availableReplicas ?? 0,
    };
    rows.push(row('StatefulSet', s, counts, diagnoseStatefulSet(s, setFacts(s, 'StatefulSet'))));
  }
  for (const ds of wanted(c.daemonSets)) {
    const counts = {
      ready: `${ds.status?.numberReady ?? 0}/${ds.status?.desiredNumberScheduled ?? 0}`,
      upToDate: ds.status?.updatedNumberScheduled ?? 0,
      available: ds.status?.numberAvailable ?? 0,
    };
    const facts = { ...setFacts(ds, 'DaemonSet'), nodes: c.nodes };
    rows.push(row('DaemonSet', ds, counts, diagnoseDaemonSet(ds, facts)));
  }
  for (const job of wanted(c.jobs)) {
    const facts = setFacts(job, 'Job');
    const log = jobLogs.get(keyOf(job));
    const findings = diagnoseJob(job, facts.events, facts.pods, facts.quotas, log, index.gonePodEvents(job));
    rows.push(
      row('Job', job, { ready: `${job.status?.succeeded ?? 0}/${job.spec?.completions ?? 1}` }, findings),
    );
  }
  for (const cron of wanted(c.cronJobs)) {
    const active = (cron.status?.active ?? []).map((ref) => {
      const job = jobsByName.get(`${cron.metadata?.namespace ?? ''}/${ref.name ?? ''}`);
      return { name: ref.name ?? '', startTime: job?.status?.startTime, pods: podsOf(job) };
    });
    const facts = { events: eventsOf(cron, 'CronJob'), active, quotas: quotasIn(cron.metadata?.namespace) };
    rows.push(row('CronJob', cron, { ready: `${active.length} active` }, diagnoseCronJob(cron, facts)));
  }
  for (const hpa of wanted(c.autoscalers)) {
    const ready = `${hpa.status?.currentReplicas ?? 0}/${hpa.spec?.maxReplicas ?? '?'}`;
    const findings = diagnoseAutoscaler(hpa, eventsOf(hpa, 'HorizontalPodAutoscaler'));
    rows.push(row('HorizontalPodAutoscaler', hpa, { ready }, findings));
  }
  for (const pdb of wanted(c.budgets)) {
    const counts = {
      ready: `${pdb.status?.currentHealthy ?? 0}/${pdb.status?.desiredHealthy ?? 0}`,
      available: pdb.status?.disruptionsAllowed,
    };
    rows.push(row('PodDisruptionBudget', pdb, counts, diagnoseDisruptionBudget(pdb)));
  }
  const quotas: QuotaSummary[] = c.quotas.map((q) => ({
    namespace: q.metadata?.namespace ?? '',
    name: q.metadata?.name ?? '',
    used: q.status?.used ?? {},
    hard: q.status?.hard ?? {},
    findings: diagnoseQuota(q),
  }));
  const order = (a: { namespace: string; name: string }, b: { namespace: string; name: string }) =>
    a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name);
  return { workloads: rows.sort(order), quotas: quotas.sort(order) };
}

function refOf(kind: string, o: KubeObject) {
  return { kind, namespace: o.metadata?.namespace, name: o.metadata?.name ?? '' };
}
