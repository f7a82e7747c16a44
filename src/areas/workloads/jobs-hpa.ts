// list_jobs and get_hpa_status: the Jobs of a scope with their state and findings (paged by the MCP server),
// and one HorizontalPodAutoscaler with its target, metrics against their targets, conditions and events.

import { z } from 'zod';
import { DiagError, NotFound } from '../../cluster/errors.js';
import type { ClusterReader } from '../../cluster/source.js';
import { sortFindings } from '../../diagnose/finding.js';
import type { Event, KubeObject, Pod } from '../../kube/types.js';
import { assertNamespaceExists, eventResult, eventsFor, sourceOf } from '../../queries/common.js';
import * as input from '../../queries/inputs.js';
import { defineQuery } from '../../queries/query.js';
import { failedJobLogs, keyOf } from './collect.js';
import { workloadIndex } from './judge.js';
import { diagnoseAutoscaler, diagnoseJob } from './rules.js';
import { hpaOutput, jobsOutput, type JobLine } from './schema.js';
import { hpaText, jobsText } from './text-tools.js';
import type { HorizontalPodAutoscaler, Job, MetricSpec, MetricValue, ResourceQuota } from './types.js';

function jobStatus(job: Job): JobLine['status'] {
  const conditions = job.status?.conditions ?? [];
  const has = (type: string) => conditions.some((c) => c.type === type && c.status === 'True');
  if (has('Complete')) return 'Complete';
  if (has('Failed')) return 'Failed';
  if (job.spec?.suspend) return 'Suspended';
  return 'Running';
}

function durationSeconds(job: Job, now: Date): number | undefined {
  const start = Date.parse(job.status?.startTime ?? '');
  if (Number.isNaN(start)) return undefined;
  const end = Date.parse(job.status?.completionTime ?? '') || now.getTime();
  return Math.max(0, Math.round((end - start) / 1000));
}

const statusFilter = z.enum(['Running', 'Complete', 'Failed', 'Suspended']);

export const listJobs = defineQuery({
  name: 'list_jobs',
  title: 'List jobs',
  description:
    "Jobs: state, completions, duration, CronJob, and why failed ones failed (pods' cause, last log line).",
  input: {
    namespace: input.namespace.optional(),
    allNamespaces: input.allNamespaces.optional(),
    selector: input.labelSelector.optional(),
    status: statusFilter.optional(),
  },
  output: jobsOutput,
  async run({ cluster }, args) {
    const namespace = args.allNamespaces ? undefined : (args.namespace ?? cluster.defaultNamespace);
    // Four lists, whatever the number of Jobs, and the logs of at most JOB_LOGS_READ failed ones.
    const [jobs, pods, events, quotas] = await Promise.all([
      cluster.list<Job>('jobs', { namespace, labelSelector: args.selector }),
      cluster.list<Pod>('pods', { namespace }),
      cluster.list<Event>('events', { namespace, fieldSelector: 'type=Warning' }),
      cluster.list<ResourceQuota>('resourcequotas', { namespace }),
    ]);
    if (jobs.length === 0 && namespace !== undefined) await assertNamespaceExists(cluster, namespace);
    const chosen = jobs.filter((j) => args.status === undefined || jobStatus(j) === args.status);
    const logs = await failedJobLogs(cluster, chosen, pods);
    const now = cluster.now();
    const index = workloadIndex({ events, pods, quotas }, now);
    const rows: JobLine[] = chosen.map((job) => ({
      namespace: job.metadata?.namespace ?? '',
      name: job.metadata?.name ?? '',
      status: jobStatus(job),
      completions: `${job.status?.succeeded ?? 0}/${job.spec?.completions ?? 1}`,
      failed: job.status?.failed ?? 0,
      startTime: job.status?.startTime,
      durationSeconds: durationSeconds(job, now),
      cronJob: job.metadata?.ownerReferences?.find((o) => o.controller && o.kind === 'CronJob')?.name,
      findings: sortFindings(
        diagnoseJob(
          job,
          index.eventsOf(job, 'Job'),
          index.podsOf(job),
          index.quotasIn(job.metadata?.namespace),
          logs.get(keyOf(job)),
          index.gonePodEvents(job),
        ),
      ),
    }));
    const count = (s: JobLine['status']) => jobs.filter((j) => jobStatus(j) === s).length;
    return {
      source: sourceOf(cluster),
      counts: {
        running: count('Running'),
        complete: count('Complete'),
        failed: count('Failed'),
        suspended: count('Suspended'),
      },
      jobs: rows.sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name)),
    };
  },
  text: jobsText,
});

function valueText(v: MetricValue | undefined): string | undefined {
  if (!v) return undefined;
  if (v.averageUtilization !== undefined) return `${v.averageUtilization}%`;
  if (v.averageValue !== undefined) return `${v.averageValue} (average)`;
  return v.value;
}

/** One line per metric: spec targets joined with the status's current values by type and name. */
function metricLines(hpa: HorizontalPodAutoscaler) {
  const nameOf = (m: MetricSpec) => {
    const s = m.resource ?? m.containerResource ?? m.pods ?? m.object ?? m.external;
    const base = s?.name ?? s?.metric?.name ?? '?';
    return m.containerResource?.container ? `${base} (container ${m.containerResource.container})` : base;
  };
  const sourceOf = (m: MetricSpec) => m.resource ?? m.containerResource ?? m.pods ?? m.object ?? m.external;
  const current = new Map((hpa.status?.currentMetrics ?? []).map((m) => [`${m.type}/${nameOf(m)}`, m]));
  return (hpa.spec?.metrics ?? []).map((m) => ({
    type: m.type,
    name: nameOf(m),
    target: valueText(sourceOf(m)?.target),
    current: valueText(sourceOf(current.get(`${m.type}/${nameOf(m)}`) ?? m)?.current),
  }));
}

const SCALABLE = {
  Deployment: 'deployments',
  StatefulSet: 'statefulsets',
  ReplicaSet: 'replicasets',
} as const;

/** Whether the HPA's target exists: one get, for the kinds it can read; others count as present. */
async function targetExists(cluster: ClusterReader, hpa: HorizontalPodAutoscaler): Promise<boolean> {
  const ref = hpa.spec?.scaleTargetRef;
  const resource = SCALABLE[(ref?.kind ?? '') as keyof typeof SCALABLE];
  if (!resource || !ref?.name) return true;
  try {
    await cluster.get<KubeObject>(resource, ref.name, hpa.metadata?.namespace);
    return true;
  } catch (error) {
    if (error instanceof NotFound) return false;
    if (error instanceof DiagError) return true;
    throw error;
  }
}

export const getHpaStatus = defineQuery({
  name: 'get_hpa_status',
  title: 'Get HPA status',
  description: 'An HPA: target, replicas, each metric against its target, conditions, events and findings.',
  input: { name: input.objectName('HorizontalPodAutoscaler'), namespace: input.namespace.optional() },
  output: hpaOutput,
  async run({ cluster }, args) {
    const namespace = args.namespace ?? cluster.defaultNamespace;
    let hpa: HorizontalPodAutoscaler;
    try {
      hpa = await cluster.get<HorizontalPodAutoscaler>('horizontalpodautoscalers', args.name, namespace);
    } catch (error) {
      if (error instanceof NotFound)
        throw new NotFound(
          'HorizontalPodAutoscaler',
          args.name,
          namespace,
          `\`kubectl get hpa -n ${namespace}\` lists them.`,
        );
      throw error;
    }
    const [events, exists] = await Promise.all([
      eventsFor(cluster, 'HorizontalPodAutoscaler', hpa),
      targetExists(cluster, hpa),
    ]);
    const ref = hpa.spec?.scaleTargetRef;
    return {
      source: sourceOf(cluster),
      namespace,
      name: args.name,
      target: `${ref?.kind ?? '?'}/${ref?.name ?? '?'}`,
      targetExists: exists,
      replicas: {
        min: hpa.spec?.minReplicas ?? 1,
        max: hpa.spec?.maxReplicas ?? 0,
        current: hpa.status?.currentReplicas ?? 0,
        desired: hpa.status?.desiredReplicas ?? 0,
      },
      lastScaleTime: hpa.status?.lastScaleTime,
      metrics: metricLines(hpa),
      conditions: (hpa.status?.conditions ?? []).map((c) => ({
        type: c.type,
        status: c.status,
        reason: c.reason,
        message: c.message,
        lastTransitionTime: c.lastTransitionTime,
      })),
      events: events.slice(0, 20).map(eventResult),
      findings: sortFindings(
        diagnoseAutoscaler(
          hpa,
          events.filter((e) => e.type === 'Warning'),
        ),
      ),
    };
  },
  text: hpaText,
});
