// The workloads area: what it registers (tools, the workloads command's help, reason codes, how the MCP
// instructions name its tools).

import { defineArea } from '../area.js';
import { describeWorkload, getRolloutStatus } from './describe.js';
import { getHpaStatus, listJobs } from './jobs-hpa.js';
import { diagnoseWorkloads, workloadQueries } from './queries.js';
import { WORKLOAD_REASONS } from './reasons.js';

export const workloadsArea = defineArea({
  title: 'Workloads',
  command: {
    line: 'kubectl diag workloads',
    help: {
      summary: 'Deployments, StatefulSets, DaemonSets, Jobs and quotas, and why they do not run their pods.',
      description:
        'Answers "why is my app not running?" when the answer is on a controller, not on a pod, and sometimes no pod ' +
        'exists: controllers that cannot create pods (FailedCreate with the cause parsed: ResourceQuota exceeded with ' +
        'quota, resource, used/hard and what one pod asks; missing ServiceAccount; admission webhook or policy denied; ' +
        "PodSecurity violation), Deployments past their progress deadline or stuck mid-rollout (the new revision's pod " +
        "finding named), unavailable replicas linked to their pods' findings, StatefulSets waiting on one ordinal, " +
        "DaemonSets missing from Ready nodes (the taint named), failed Jobs with their pods' cause and last log " +
        'line, CronJobs suspended, skipped under concurrencyPolicy Forbid or missing start times, autoscalers that ' +
        'cannot scale, budgets that allow no disruption and quotas at 90 % or more. With a name, only workloads of that name.',
      examples: [
        {
          command: 'kubectl diag workloads -n shop',
          description: 'Workloads of one namespace with their findings',
        },
        { command: 'kubectl diag workloads -A', description: 'Every namespace' },
        { command: 'kubectl diag deploy web -n shop', description: 'Only the workloads named web' },
        { command: 'kubectl diag wl -n shop -o json', description: 'The full report for scripts' },
      ],
    },
  },
  queries: workloadQueries,
  envelope: () => import('./envelope.js'),
  reasons: WORKLOAD_REASONS,
  guide: {
    survey: [diagnoseWorkloads, listJobs],
    explain: [describeWorkload, getRolloutStatus, getHpaStatus],
  },
});
