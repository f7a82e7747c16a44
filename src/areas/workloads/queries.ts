// The workloads area's queries: diagnose_workloads (every workload of a scope with its findings) and the
// reference-style tools about one workload, a rollout, Jobs and autoscalers. Each reads whole collections
// (collect.ts): a constant number of list calls, never one call per object.

import { z } from 'zod';
import type { Finding } from '../../diagnose/finding.js';
import { countBySeverity } from '../../diagnose/finding.js';
import { assertNamespaceExists, sourceOf } from '../../queries/common.js';
import * as input from '../../queries/inputs.js';
import { defineQuery } from '../../queries/query.js';
import { failedJobLogs, readCollections } from './collect.js';
import { describeWorkload, getRolloutStatus } from './describe.js';
import { getHpaStatus, listJobs } from './jobs-hpa.js';
import { judgeWorkloads } from './judge.js';
import { reportOutput } from './schema.js';
import { workloadReportText } from './text.js';

const withFindings = <T extends { findings: Finding[] }>(items: T[], all: boolean) =>
  all ? items : items.filter((i) => i.findings.length > 0);

export const diagnoseWorkloads = defineQuery({
  name: 'diagnose_workloads',
  title: 'Diagnose workloads',
  description:
    'Why an app runs no or too few pods when the cause is on its controller: pods not created, stuck rollouts, failed Jobs, CronJobs, HPAs, quotas.',
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

export const workloadQueries = [
  diagnoseWorkloads,
  describeWorkload,
  getRolloutStatus,
  listJobs,
  getHpaStatus,
] as const;
