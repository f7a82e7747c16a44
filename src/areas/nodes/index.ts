// The nodes area: what it registers (tools, the nodes command's help, reason codes, how the MCP instructions
// name its tools).

import { defineArea } from '../area.js';
import { getNodeConditions, listNodes, nodeQueries } from './queries.js';
import { NODE_REASONS } from './reasons.js';

export const nodesArea = defineArea({
  title: 'Nodes',
  command: {
    line: 'kubectl diag nodes',
    help: {
      summary: 'Node health, pressure and capacity.',
      description:
        'Lists nodes with their status (Ready / NotReady / Unknown, SchedulingDisabled), roles, pressure conditions, ' +
        'CPU and memory requested and used against allocatable, pod count against capacity, taints, age, kubelet ' +
        'version and the top finding for each. Usage comes from metrics.k8s.io; when it is not served the rest is ' +
        'shown and the command says so. With a node name, shows that node in depth: every condition with its reason ' +
        'and last transition, addresses, taints, capacity vs allocatable, the pods on it with their requests and ' +
        'findings, recent node events and every finding with a hint. -l selects nodes by label; -n and -A do not apply.',
      examples: [
        { command: 'kubectl diag nodes', description: 'Every node with its top finding' },
        {
          command: 'kubectl diag nodes -o wide',
          description: 'With absolute requests, limits, taints and IPs',
        },
        {
          command: 'kubectl diag nodes -l node-role.kubernetes.io/worker',
          description: 'Only the nodes a label selector matches',
        },
        { command: 'kubectl diag nodes node-7', description: 'One node in depth, with its pods and events' },
      ],
    },
  },
  queries: nodeQueries,
  envelope: () => import('./envelope.js'),
  reasons: NODE_REASONS,
  guide: { survey: [listNodes], explain: [getNodeConditions] },
});
