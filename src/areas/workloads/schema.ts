// The workloads area's result contracts: what its queries return, shared by the queries and both renderers.

import { z } from 'zod';
import { finding, observedSource, severityCounts } from '../../queries/schemas.js';

export const workloadSummary = z.object({
  kind: z.enum([
    'Deployment',
    'ReplicaSet',
    'StatefulSet',
    'DaemonSet',
    'Job',
    'CronJob',
    'HorizontalPodAutoscaler',
    'PodDisruptionBudget',
  ]),
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
  scope: z.object({
    namespace: z.string().optional(),
    allNamespaces: z.boolean(),
    selector: z.string().optional(),
    name: z.string().optional(),
  }),
  totals: z.object({ workloads: z.number(), quotas: z.number() }),
  counts: severityCounts,
  workloads: z.array(workloadSummary),
  quotas: z.array(quotaSummary),
};

export type WorkloadReport = z.output<z.ZodObject<typeof reportOutput>>;
