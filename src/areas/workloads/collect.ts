// What the workload queries read: whole collections (a constant number of list calls, each paged), never
// one call per object, so the cost does not grow in round trips with the object count.

import type { ClusterReader } from '../../cluster/source.js';
import { DiagError } from '../../cluster/errors.js';
import type { Event, KubeObject, Node, Pod } from '../../kube/types.js';
import { failingContainer } from '../pods/status.js';
import type { JobPodLog } from './rules.js';
import type {
  CronJob,
  DaemonSet,
  Deployment,
  HorizontalPodAutoscaler,
  Job,
  PodDisruptionBudget,
  ReplicaSet,
  ResourceQuota,
  StatefulSet,
} from './types.js';

export interface Collections {
  deployments: Deployment[];
  replicaSets: ReplicaSet[];
  statefulSets: StatefulSet[];
  daemonSets: DaemonSet[];
  jobs: Job[];
  cronJobs: CronJob[];
  pods: Pod[];
  /** Warning events, plus the cronjob controller's JobAlreadyActive (a Normal event that says a run was skipped). */
  events: Event[];
  quotas: ResourceQuota[];
  autoscalers: HorizontalPodAutoscaler[];
  budgets: PodDisruptionBudget[];
  /** Read only when there is a DaemonSet: where it should run. */
  nodes: Node[];
}

/** The uid of the object that controls `object` (its controller owner reference). */
export function controllerUid(object: KubeObject): string | undefined {
  return object.metadata?.ownerReferences?.find((o) => o.controller)?.uid;
}

export function groupBy<T>(items: readonly T[], key: (item: T) => string | undefined): Map<string, T[]> {
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

export const keyOf = (o: KubeObject) => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;

export async function readCollections(
  cluster: ClusterReader,
  namespace: string | undefined,
  selector?: string,
): Promise<Collections> {
  const selected = { namespace, labelSelector: selector };
  // Two groups of six lists, all in flight at once.
  const owners = Promise.all([
    cluster.list<Deployment>('deployments', selected),
    cluster.list<ReplicaSet>('replicasets', { namespace }),
    cluster.list<StatefulSet>('statefulsets', selected),
    cluster.list<DaemonSet>('daemonsets', selected),
    cluster.list<Job>('jobs', selected),
    cluster.list<CronJob>('cronjobs', selected),
  ]);
  const joined = Promise.all([
    cluster.list<Pod>('pods', { namespace }),
    cluster.list<Event>('events', { namespace, fieldSelector: 'type=Warning' }),
    cluster.list<Event>('events', { namespace, fieldSelector: 'reason=JobAlreadyActive' }),
    cluster.list<ResourceQuota>('resourcequotas', { namespace }),
    cluster.list<HorizontalPodAutoscaler>('horizontalpodautoscalers', selected),
    cluster.list<PodDisruptionBudget>('poddisruptionbudgets', selected),
  ]);
  const [
    [deployments, replicaSets, statefulSets, daemonSets, jobs, cronJobs],
    [pods, warnings, skipped, quotas, autoscalers, budgets],
  ] = await Promise.all([owners, joined]);
  const nodes = daemonSets.length ? await cluster.list<Node>('nodes', {}) : [];
  const events = [...warnings, ...skipped];
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
    nodes,
  };
}

/** Failed Jobs whose pods' last log lines are read: a bound, so the cost stays constant in the object count. */
export const JOB_LOGS_READ = 5;
const JOB_LOG_LINES = 5;

const isFailed = (job: Job) =>
  job.status?.conditions?.some((c) => c.type === 'Failed' && c.status === 'True');

/**
 * For failed Jobs (at most JOB_LOGS_READ), the last lines of the newest failed pod's failing container:
 * the line that says why is usually there. A log that cannot be read is left out, never fatal.
 */
export async function failedJobLogs(
  cluster: ClusterReader,
  jobs: readonly Job[],
  pods: readonly Pod[],
): Promise<Map<string, JobPodLog>> {
  const failed = jobs.filter(isFailed).slice(0, JOB_LOGS_READ);
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
