// The workloads area: Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs, CronJobs and ResourceQuotas,
// joined with their pods' own findings. Every query reads whole collections (a constant number of list calls,
// each paged), never one call per object, so its cost does not grow in round trips with the object count.

import { z } from 'zod';
import type { ClusterReader } from '../../cluster/source.js';
import { indexEventsByObject } from '../../diagnose/events.js';
import { countBySeverity, sortFindings, type Finding } from '../../diagnose/finding.js';
import type { Event, KubeObject, Pod } from '../../kube/types.js';
import { assertNamespaceExists, sourceOf } from '../../queries/common.js';
import * as input from '../../queries/inputs.js';
import { defineQuery } from '../../queries/query.js';
import { diagnosePod, podStatus } from '../pods/rules.js';
import { failingContainer } from '../pods/status.js';
import { DiagError } from '../../cluster/errors.js';
import {
  diagnoseController,
  diagnoseCronJob,
  diagnoseAutoscaler,
  diagnoseDeployment,
  diagnoseDisruptionBudget,
  diagnoseJob,
  diagnoseQuota,
  type JobPodLog,
  type WorkloadPod,
} from './rules.js';
import { reportOutput, type QuotaSummary, type WorkloadSummary } from './schema.js';
import { workloadReportText } from './text.js';
import {
  REVISION_ANNOTATION,
  type CronJob,
  type DaemonSet,
  type Deployment,
  type HorizontalPodAutoscaler,
  type Job,
  type PodDisruptionBudget,
  type ReplicaSet,
  type ResourceQuota,
  type StatefulSet,
} from './types.js';

/** The uid of the object that controls `object` (its controller owner reference). */
function controllerUid(object: KubeObject): string | undefined {
  return object.metadata?.ownerReferences?.find((o) => o.controller)?.uid;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string | undefined): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

const keyOf = (o: KubeObject) => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;

function isReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

interface Collections {
  deployments: Deployment[];
  replicaSets: ReplicaSet[];
  statefulSets: StatefulSet[];
  daemonSets: DaemonSet[];
  jobs: Job[];
  cronJobs: CronJob[];
  pods: Pod[];
  events: Event[];
  quotas: ResourceQuota[];
  autoscalers: HorizontalPodAutoscaler[];
  budgets: PodDisruptionBudget[];
}

async function readCollections(cluster: ClusterReader, namespace: string | undefined, selector?: string) {
  const selected = { namespace, labelSelector: selector };
  const [
    deployments,
    replicaSets,
    statefulSets,
    daemonSets,
    jobs,
    cronJobs,
    pods,
    events,
    quotas,
    autoscalers,
    budgets,
  ] = await Promise.all([
    cluster.list<Deployment>('deployments', selected),
    cluster.list<ReplicaSet>('replicasets', { namespace }),
    cluster.list<StatefulSet>('statefulsets', selected),
    cluster.list<DaemonSet>('daemonsets', selected),
    cluster.list<Job>('jobs', selected),
    cluster.list<CronJob>('cronjobs', selected),
    cluster.list<Pod>('pods', { namespace }),
    cluster.list<Event>('events', { namespace, fieldSelector: 'type=Warning' }),
    cluster.list<ResourceQuota>('resourcequotas', { namespace }),
    cluster.list<HorizontalPodAutoscaler>('horizontalpodautoscalers', selected),
    cluster.list<PodDisruptionBudget>('poddisruptionbudgets', selected),
  ]);
  return {
    deployments,
    replicaSets,
    statefulSets,
    daemonSets,
    jobs,
    cronJobs,
    pods,
    events,
    quotas,
    autoscalers,
    budgets,
  };
}

/** Failed Jobs whose pods' last log lines are read: a bound, so the cost stays constant in the object count. */
export const JOB_LOGS_READ = 5;
const JOB_LOG_LINES = 5;

/**
 * For failed Jobs (at most JOB_LOGS_READ), the last lines of the newest failed pod's failing container:
 * the line that says why is usually there. A log that cannot be read is left out, never fatal.
 */
async function failedJobLogs(
  cluster: ClusterReader,
  jobs: readonly Job[],
  pods: readonly Pod[],
): Promise<Map<string, JobPodLog>> {
  const failed = jobs
    .filter((j) => j.status?.conditions?.some((c) => c.type === 'Failed' && c.status === 'True'))
    .slice(0, JOB_LOGS_READ);
  const podsByOwner = groupBy(pods, controllerUid);
  const logs = new Map<string, JobPodLog>();
  await Promise.all(
    failed.map(async (job) => {
      const candidates = (podsByOwner.get(job.metadata?.uid ?? '') ?? [])
        .map((pod) => ({ pod, failing: failingContainer(pod) }))
        .filter((p) => p.failing)
        .sort((a, b) =>
          (b.pod.metadata?.creationTimestamp ?? '').localeCompare(a.pod.metadata?.creationTimestamp ?? ''),
        );
      const newest = candidates[0];
      if (!newest?.failing) return;
      const podName = newest.pod.metadata?.name ?? '';
      try {
        const log = await cluster.podLog(newest.pod.metadata?.namespace ?? '', podName, {
          ...newest.failing,
          tailLines: JOB_LOG_LINES,
          limitBytes: 4096,
        });
        const lines = log.text.split('\n').filter((l) => l.trim() !== '');
        if (lines.length) logs.set(keyOf(job), { pod: podName, container: newest.failing.container, lines });
      } catch (error) {
        if (!(error instanceof DiagError)) throw error;
      }
    }),
  );
  return logs;
}

/** Judges every collection; pure apart from the time it is given. */
export function judgeWorkloads(
  c: Collections,
  now: Date,
  name?: string,
  jobLogs: ReadonlyMap<string, JobPodLog> = new Map(),
) {
  const eventsByObject = indexEventsByObject(c.events);
  const eventsOf = (o: KubeObject, kind: string) =>
    (eventsByObject.get(keyOf(o)) ?? []).filter((e) => e.involvedObject.kind === kind);
  const podsByOwner = groupBy(c.pods, controllerUid);
  const view = (pod: Pod): WorkloadPod => ({
    name: pod.metadata?.name ?? '',
    status: podStatus(pod),
    ready: isReady(pod),
    findings: sortFindings(diagnosePod(pod, eventsByObject.get(keyOf(pod)) ?? [], now)),
  });
  const podsOf = (uid: string | undefined) => (uid ? (podsByOwner.get(uid) ?? []) : []).map(view);
  const quotasIn = (ns: string | undefined) => c.quotas.filter((q) => q.metadata?.namespace === ns);
  const replicaSetsByOwner = groupBy(c.replicaSets, controllerUid);
  const deploymentUids = new Set(c.deployments.map((d) => d.metadata?.uid));
  const wanted = (n: string | undefined) => name === undefined || n === name;

  const summaries: WorkloadSummary[] = [];
  const base = (kind: WorkloadSummary['kind'], o: KubeObject) => ({
    kind,
    namespace: o.metadata?.namespace ?? '',
    name: o.metadata?.name ?? '',
    createdAt: o.metadata?.creationTimestamp,
  });

  for (const d of c.deployments.filter((x) => wanted(x.metadata?.name))) {
    const sets = (replicaSetsByOwner.get(d.metadata?.uid ?? '') ?? []).sort(
      (a, b) =>
        Number(b.metadata?.annotations?.[REVISION_ANNOTATION] ?? 0) -
        Number(a.metadata?.annotations?.[REVISION_ANNOTATION] ?? 0),
    );
    const [newest, ...older] = sets;
    const findings = diagnoseDeployment(d, {
      events: [eventsOf(d, 'Deployment'), ...sets.map((rs) => eventsOf(rs, 'ReplicaSet'))].flat(),
      newReplicaSet: newest && {
        name: newest.metadata?.name ?? '',
        revision: newest.metadata?.annotations?.[REVISION_ANNOTATION] ?? '?',
        conditions: newest.status?.conditions,
      },
      newPods: podsOf(newest?.metadata?.uid),
      oldPods: older.flatMap((rs) => podsOf(rs.metadata?.uid)),
      quotas: quotasIn(d.metadata?.namespace),
    });
    summaries.push({
      ...base('Deployment', d),
      ready: `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 1}`,
      upToDate: d.status?.updatedReplicas ?? 0,
      available: d.status?.availableReplicas ?? 0,
      revision: newest?.metadata?.annotations?.[REVISION_ANNOTATION],
      findings: sortFindings(findings),
    });
  }
  const standalone = c.replicaSets.filter(
    (rs) => !deploymentUids.has(controllerUid(rs)) && !controllerUid(rs) && wanted(rs.metadata?.name),
  );
  for (const rs of standalone) {
    const ready = rs.status?.readyReplicas ?? 0;
    const replicas = rs.spec?.replicas ?? 1;
    summaries.push({
      ...base('ReplicaSet', rs),
      ready: `${ready}/${replicas}`,
      available: rs.status?.availableReplicas ?? 0,
      findings: sortFindings(
        diagnoseController(
          { kind: 'ReplicaSet', namespace: rs.metadata?.namespace, name: rs.metadata?.name ?? '' },
          {
            events: eventsOf(rs, 'ReplicaSet'),
            pods: podsOf(rs.metadata?.uid),
            quotas: quotasIn(rs.metadata?.namespace),
            conditions: rs.status?.conditions,
            wanted: replicas,
            ready,
          },
        ),
      ),
    });
  }
  for (const s of c.statefulSets.filter((x) => wanted(x.metadata?.name))) {
    const ready = s.status?.readyReplicas ?? 0;
    const replicas = s.spec?.replicas ?? 1;
    summaries.push({
      ...base('StatefulSet', s),
      ready: `${ready}/${replicas}`,
      upToDate: s.status?.updatedReplicas ?? 0,
      available: s.status?.availableReplicas ?? 0,
      findings: sortFindings(
        diagnoseController(
          { kind: 'StatefulSet', namespace: s.metadata?.namespace, name: s.metadata?.name ?? '' },
          {
            events: eventsOf(s, 'StatefulSet'),
            pods: podsOf(s.metadata?.uid),
            quotas: quotasIn(s.metadata?.namespace),
            conditions: s.status?.conditions,
            wanted: replicas,
            ready,
          },
        ),
      ),
    });
  }
  for (const ds of c.daemonSets.filter((x) => wanted(x.metadata?.name))) {
    const ready = ds.status?.numberReady ?? 0;
    const desired = ds.status?.desiredNumberScheduled ?? 0;
    summaries.push({
      ...base('DaemonSet', ds),
      ready: `${ready}/${desired}`,
      upToDate: ds.status?.updatedNumberScheduled ?? 0,
      available: ds.status?.numberAvailable ?? 0,
      findings: sortFindings(
        diagnoseController(
          { kind: 'DaemonSet', namespace: ds.metadata?.namespace, name: ds.metadata?.name ?? '' },
          {
            events: eventsOf(ds, 'DaemonSet'),
            pods: podsOf(ds.metadata?.uid),
            quotas: quotasIn(ds.metadata?.namespace),
            conditions: ds.status?.conditions,
            wanted: desired,
            ready,
          },
        ),
      ),
    });
  }
  for (const job of c.jobs.filter((x) => wanted(x.metadata?.name))) {
    summaries.push({
      ...base('Job', job),
      ready: `${job.status?.succeeded ?? 0}/${job.spec?.completions ?? 1}`,
      findings: sortFindings(
        diagnoseJob(
          job,
          eventsOf(job, 'Job'),
          podsOf(job.metadata?.uid),
          quotasIn(job.metadata?.namespace),
          jobLogs.get(keyOf(job)),
        ),
      ),
    });
  }
  for (const cron of c.cronJobs.filter((x) => wanted(x.metadata?.name))) {
    summaries.push({
      ...base('CronJob', cron),
      ready: `${cron.status?.active?.length ?? 0} active`,
      findings: sortFindings(diagnoseCronJob(cron)),
    });
  }
  for (const hpa of c.autoscalers.filter((x) => wanted(x.metadata?.name))) {
    summaries.push({
      ...base('HorizontalPodAutoscaler', hpa),
      ready: `${hpa.status?.currentReplicas ?? 0}/${hpa.spec?.maxReplicas ?? '?'}`,
      findings: sortFindings(diagnoseAutoscaler(hpa, eventsOf(hpa, 'HorizontalPodAutoscaler'))),
    });
  }
  for (const pdb of c.budgets.filter((x) => wanted(x.metadata?.name))) {
    summaries.push({
      ...base('PodDisruptionBudget', pdb),
      ready: `${pdb.status?.currentHealthy ?? 0}/${pdb.status?.desiredHealthy ?? 0}`,
      available: pdb.status?.disruptionsAllowed,
      findings: sortFindings(diagnoseDisruptionBudget(pdb)),
    });
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
  return { workloads: summaries.sort(order), quotas: quotas.sort(order) };
}

const withFindings = <T extends { findings: Finding[] }>(items: T[], all: boolean) =>
  all ? items : items.filter((i) => i.findings.length > 0);

export const diagnoseWorkloads = defineQuery({
  name: 'diagnose_workloads',
  title: 'Diagnose workloads',
  description:
    'Why an app runs no or too few pods, when the cause is on its controller: FailedCreate (quota, ServiceAccount, admission, PodSecurity), stuck rollouts, failed Jobs, CronJobs, quotas ≥ 90 %.',
  input: {
    namespace: input.namespace.optional(),
    allNamespaces: input.allNamespaces.optional(),
    selector: input.labelSelector.optional(),
    name: input.objectName('workload').optional(),
    includeHealthy: z.boolean().optional().describe('Also list objects without findings.'),
  },
  output: reportOutput,
  async run({ cluster }, args) {
    const namespace = args.allNamespaces ? undefined : (args.namespace ?? cluster.defaultNamespace);
    const collections = await readCollections(cluster, namespace, args.selector);
    const named = collections.jobs.filter((j) => args.name === undefined || j.metadata?.name === args.name);
    const logs = await failedJobLogs(cluster, named, collections.pods);
    const judged = judgeWorkloads(collections, cluster.now(), args.name, logs);
    if (judged.workloads.length === 0 && judged.quotas.length === 0 && namespace !== undefined)
      await assertNamespaceExists(cluster, namespace);
    const all = [...judged.workloads, ...judged.quotas].flatMap((w) => w.findings);
    const keep = args.includeHealthy ?? false;
    return {
      source: sourceOf(cluster),
      scope: {
        namespace,
        allNamespaces: namespace === undefined,
        selector: args.selector,
        name: args.name,
      },
      totals: { workloads: judged.workloads.length, quotas: judged.quotas.length },
      counts: countBySeverity(all),
      workloads: withFindings(judged.workloads, keep),
      quotas: withFindings(judged.quotas, keep),
    };
  },
  text: workloadReportText,
});

export const workloadQueries = [diagnoseWorkloads] as const;
