// The workloads area's result contracts: what its queries return, shared by the queries and both renderers.

import { z } from 'zod';
import {
  condition,
  event,
  finding,
  listScope,
  observedSource,
  severityCounts,
} from '../../queries/schemas.js';

/** The pod controllers a workload tool takes by kind. */
export const workloadKind = z.enum([
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
]);

export const workloadSummary = z.object({
  kind: z.enum([...workloadKind.options, 'HorizontalPodAutoscaler', 'PodDisruptionBudget']),
  namespace: z.string(),
  name: z.string(),
  ready: z
    .string()
    .describe(
      'Ready/wanted pods as kubectl get prints them (Jobs: succeeded/completions; HPAs: current/max replicas; PDBs: healthy/desired)',
    ),
  upToDate: z.number().optional(),
  available: z.number().optional(),
  revision: z.string().optional().describe('Deployments: the revision of the newest ReplicaSet'),
  createdAt: z.string().optional(),
  findings: z.array(finding),
});

export type WorkloadSummary = z.output<typeof workloadSummary>;

export const quotaSummary = z.object({
  namespace: z.string(),
  name: z.string(),
  used: z.record(z.string(), z.string()),
  hard: z.record(z.string(), z.string()),
  findings: z.array(finding),
});

export type QuotaSummary = z.output<typeof quotaSummary>;

export const reportOutput = {
  source: observedSource,
  scope: listScope.extend({ name: z.string().optional() }),
  totals: z.object({ workloads: z.number(), quotas: z.number() }),
  counts: severityCounts,
  workloads: z.array(workloadSummary),
  quotas: z.array(quotaSummary),
};

export type WorkloadReport = z.output<z.ZodObject<typeof reportOutput>>;

const podLine = z.object({
  name: z.string(),
  status: z.string(),
  ready: z.boolean(),
  node: z.string().optional(),
  finding: z.string().optional().describe("The pod's top finding: reason: message"),
});

export type PodLine = z.output<typeof podLine>;

const revisionLine = z.object({
  name: z.string(),
  revision: z.string(),
  ready: z.string(),
  images: z.array(z.string()),
  createdAt: z.string().optional(),
});

export type RevisionLine = z.output<typeof revisionLine>;

export const describeOutput = {
  source: observedSource,
  workload: workloadSummary,
  images: z.array(z.string()),
  selector: z.string().optional(),
  conditions: z.array(condition),
  revisions: z
    .array(revisionLine)
    .describe(
      'ReplicaSets of a Deployment, ControllerRevisions of a StatefulSet or DaemonSet, Jobs of a CronJob',
    ),
  pods: z.array(podLine),
  podsTotal: z.number(),
  events: z.array(event),
};

export const rolloutOutput = {
  source: observedSource,
  kind: workloadKind,
  namespace: z.string(),
  name: z.string(),
  done: z.boolean(),
  message: z.string().describe('kubectl rollout status words'),
  replicas: z.object({ wanted: z.number(), updated: z.number(), ready: z.number(), available: z.number() }),
  currentRevision: z.string().optional(),
  updateRevision: z.string().optional(),
  conditions: z.array(condition),
  findings: z.array(finding),
};

const jobLine = z.object({
  namespace: z.string(),
  name: z.string(),
  status: z.enum(['Running', 'Complete', 'Failed', 'Suspended']),
  completions: z.string(),
  failed: z.number(),
  startTime: z.string().optional(),
  durationSeconds: z.number().optional(),
  cronJob: z.string().optional(),
  findings: z.array(finding),
});

export type JobLine = z.output<typeof jobLine>;

export const jobsOutput = {
  source: observedSource,
  counts: z.object({ running: z.number(), complete: z.number(), failed: z.number(), suspended: z.number() }),
  jobs: z.array(jobLine),
};

const metricLine = z.object({
  type: z.string(),
  name: z.string(),
  current: z.string().optional(),
  target: z.string().optional(),
});

export const hpaOutput = {
  source: observedSource,
  namespace: z.string(),
  name: z.string(),
  target: z.string(),
  targetExists: z.boolean(),
  replicas: z.object({ min: z.number(), max: z.number(), current: z.number(), desired: z.number() }),
  lastScaleTime: z.string().optional(),
  metrics: z.array(metricLine),
  conditions: z.array(condition),
  events: z.array(event),
  findings: z.array(finding),
};
