// The services area: what it registers (tools, the endpoints command's help, reason codes, how the MCP
// instructions name its tools).

import { defineArea } from '../area.js';
import { diagnoseServices, getService, serviceQueries } from './queries.js';
import { SERVICE_REASONS } from './reasons.js';

export const servicesArea = defineArea({
  title: 'Services',
  command: {
    line: 'kubectl diag endpoints',
    help: {
      summary: 'Services and why they do or do not reach their pods.',
      description:
        'Lists Services with their type, selector, ports, READY / NOT-READY endpoint counts (from EndpointSlices), ' +
        'the pods their selector matches and the top finding: a selector that matches no pod (naming the label that ' +
        'differs and the pods that almost match), no or only some ready endpoints (with the pods’ own findings), ' +
        'targetPorts no container has, pending load balancers, Warning events. With a Service name, shows it in depth: ' +
        'ports and target ports, every endpoint with its readiness, the matched pods, events and every finding with a hint. ' +
        '-l selects Services by their own labels.',
      examples: [
        {
          command: 'kubectl diag endpoints -n shop',
          description: 'Services of one namespace with their findings',
        },
        {
          command: 'kubectl diag endpoints -A -o wide',
          description: 'Every namespace, with cluster IP, external address and age',
        },
        {
          command: 'kubectl diag endpoints -n shop -l tier=frontend',
          description: 'Only Services labelled tier=frontend',
        },
        {
          command: 'kubectl diag endpoints web -n shop',
          description: 'One Service in depth: endpoints, pods, findings',
        },
      ],
    },
  },
  queries: serviceQueries,
  envelope: () => import('./envelope.js'),
  reasons: SERVICE_REASONS,
  guide: { survey: [diagnoseServices], explain: [getService] },
});
