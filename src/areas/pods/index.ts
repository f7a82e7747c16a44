// The pods area: what it registers (tools, the pods command's help, reason codes, how the MCP instructions
// name its tools).

import { defineArea } from '../area.js';
import { describePod, diagnosePods, getPodLogs, podQueries } from './queries.js';
import { POD_REASONS } from './reasons.js';

export const podsArea = defineArea({
  title: 'Pods',
  command: {
    line: 'kubectl diag pods',
    help: {
      summary: 'Pods and what is wrong with them.',
      description:
        'Lists pods with their real status (CrashLoopBackOff with the last exit reason, OOMKilled, image pull errors, ' +
        "Pending: Unschedulable with the scheduler's message, failing probes, evictions, stuck pods) and the top finding " +
        'for each. With a pod name, shows that pod in depth: conditions, containers, recent events, the log tail of the ' +
        'failing container (its previous instance after a crash) and every finding with a hint.',
      examples: [
        { command: 'kubectl diag pods -n shop', description: 'Pods of one namespace with their findings' },
        {
          command: 'kubectl diag pods -A -o wide',
          description: 'Every namespace, with node, IP and last exit',
        },
        { command: 'kubectl diag pods -n shop -l app=web', description: 'Only the pods a selector matches' },
        {
          command: 'kubectl diag pods web-7d9f -n shop',
          description: 'One pod in depth, with events and log tail',
        },
      ],
    },
  },
  queries: podQueries,
  envelope: () => import('./envelope.js'),
  reasons: POD_REASONS,
  guide: {
    survey: [diagnosePods],
    explain: [describePod, { query: getPodLogs, note: 'previous=true for a crash loop' }],
  },
});
