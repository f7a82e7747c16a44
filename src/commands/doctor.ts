import { DiagCommand } from '../cli/base.js';
import { accessEnvelope } from '../cli/envelope.js';
import { BadInput, DiagError } from '../cluster/errors.js';
import type { Session } from '../cluster/session.js';
import { overall, skipped, type CheckResult } from '../diagnose/access.js';
import { checkAccess, type AccessReport } from '../queries/access.js';
import { doctorReport } from '../render/access.js';

const LATER = [
  'reachability',
  'authentication',
  'permissions',
  'separation of concerns',
  'metrics',
  'allowed namespaces',
];

export default class Doctor extends DiagCommand {
  static override summary = 'Why kubectl-diag cannot reach or read the cluster, and how to fix it.';
  static override description =
    'Checks, in order, each with ok / warn / fail and a one-line fix: the kubeconfig (files, context, parse errors ' +
    'with file and line); reachability (server URL, TLS problems, latency); authentication (401 explained, the expiry ' +
    'of JWT tokens, failing exec plugins); permissions (every read kubectl-diag needs, via access reviews); separation ' +
    'of concerns (a warning when the identity could also write or read Secrets); whether metrics.k8s.io is served; and ' +
    'whether every allowed namespace exists. Exits 0 when nothing fails, 1 otherwise. The MCP tool check_access runs the same checks.';

  static override examples = [
    { command: 'kubectl diag doctor', description: 'Check the current context' },
    {
      command: 'KUBECONFIG=diagnostic-viewer.kubeconfig kubectl diag doctor',
      description: 'Check the identity made with kubectl diag rbac',
    },
    {
      command: 'kubectl diag doctor --context prod --allowed-namespaces shop -o json',
      description: 'As JSON, for scripts',
    },
  ];

  async run(): Promise<void> {
    const { flags } = await this.parse(Doctor);
    if (flags.demo || flags.snapshot)
      throw new BadInput(
        `doctor checks a live cluster (kubeconfig, reachability, credentials, permissions); ${flags.demo ? '--demo' : '--snapshot'} reads a saved one, which has none of these to check`,
      );
    let session: Session;
    let report: Pick<AccessReport, 'checks' | 'ok' | 'counts'>;
    try {
      session = this.openSession(flags);
      report = await this.runQuery(session, checkAccess, {});
    } catch (error) {
      if (!(error instanceof DiagError) || !['ConfigError', 'WriteModeRefused'].includes(error.code))
        throw error;
      // The configuration itself is the problem: report it as the first check, the rest cannot run.
      const failed: CheckResult = {
        name: 'configuration',
        status: 'fail',
        summary: error.message,
        details: [],
        fix: error.hint,
      };
      const checks = [failed, ...LATER.map((n) => skipped(n, 'the configuration is not usable'))];
      report = { checks, ...overall(checks) };
    }
    this.emit(flags, accessEnvelope(report), (_, style) => doctorReport(report, style));
    if (!report.ok) this.exit(1);
  }
}
