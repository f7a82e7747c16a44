// The triage area: every other area's rules in one pass over lists read once, as causal chains. It registers
// one tool (triage), the triage command's help and, instead of reason codes (its findings are the areas'), the
// links it draws across objects (./links.ts), which the README lists.

import { defineArea } from '../area.js';
import { triageQueries, triageQuery } from './queries.js';

export const triageArea = defineArea({
  title: 'Triage',
  command: {
    line: 'kubectl diag triage',
    help: {
      summary: 'Root causes first, across every area.',
      description:
        'Reads pods, services, nodes, storage and workloads once (each list one request, shared by every ' +
        "area's rules), links findings across objects (a pending pod to the cordoned node that keeps it away, a " +
        'Service to its crashing pods, a Deployment to its pods) and prints causal chains: each root cause ' +
        'first, with the symptoms it explains folded under it. With --exit-code, exits non-zero when a ' +
        'critical root cause exists.',
      examples: [
        { command: 'kubectl diag triage -n shop', description: 'Root causes in one namespace' },
        { command: 'kubectl diag triage -A -o wide', description: 'Every namespace, with the evidence' },
        {
          command: 'kubectl diag triage -A --exit-code',
          description: 'For CI: exit 7 when a critical root cause exists',
        },
      ],
    },
  },
  queries: triageQueries,
  envelope: () => import('./envelope.js'),
  checks: {
    'pending pod → node':
      'An Unschedulable pod links to the cordoned node, the tainted node or the NotReady/pressured node (its node.kubernetes.io taint) the scheduler blamed, and names those nodes.',
    'pending pod → claim':
      'A pod kept Pending (or stuck creating) by its claim links to the claim’s finding.',
    'pod → its node':
      'A pod on a NotReady or silent node, or evicted under pressure, links to that node’s condition.',
    'Service → pods': 'A Service without ready endpoints links to the findings of the pods it selects.',
    'workload → pods':
      'A Deployment, StatefulSet, DaemonSet or Job short of replicas (or failed) links to its own pods’ findings.',
  },
  guide: { survey: [triageQuery] },
});
