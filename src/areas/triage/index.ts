// The triage area: every other area's rules in one pass over lists read once, as causal chains. It registers
// one tool (triage), the triage command's help and no reason codes of its own (its findings are the areas').

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
  guide: { survey: [triageQuery] },
});
