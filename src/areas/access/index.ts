// The access area: what it registers (check_access, the doctor command's help, the checks it runs, how the
// MCP instructions name its tool).

import { defineArea } from '../area.js';
import { checkAccess } from './queries.js';
import { ACCESS_CHECKS } from './rules.js';

export const accessArea = defineArea({
  title: 'Access checks',
  command: {
    line: 'kubectl diag doctor',
    help: {
      summary: 'Why kubectl-diag cannot reach or read the cluster, and how to fix it.',
      description:
        'Checks, in order, each with ok / warn / fail and a one-line fix: the kubeconfig (files, context, parse errors ' +
        'with file and line); reachability (server URL, TLS problems, latency); authentication (401 explained, the expiry ' +
        'of JWT tokens, failing exec plugins); permissions (every read kubectl-diag needs, via access reviews); separation ' +
        'of concerns (a warning when the identity could also write or read Secrets); whether metrics.k8s.io is served; and ' +
        'whether every allowed namespace exists. Exits 0 when nothing fails, 1 otherwise. The MCP tool check_access runs the same checks.',
      examples: [
        { command: 'kubectl diag doctor', description: 'Check the current context' },
        {
          command: 'KUBECONFIG=diagnostic-viewer.kubeconfig kubectl diag doctor',
          description: 'Check the identity made with kubectl diag rbac',
        },
        {
          command: 'kubectl diag doctor --context prod --allowed-namespaces shop -o json',
          description: 'As JSON, for scripts',
        },
      ],
    },
  },
  queries: [checkAccess],
  envelope: () => import('./envelope.js'),
  checks: ACCESS_CHECKS,
  guide: { whenDenied: [checkAccess] },
});
