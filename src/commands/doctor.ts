import { DiagCommand } from '../cli/base.js';
import { accessEnvelope } from '../cli/envelope.js';
import { accessArea } from '../areas/access/index.js';
import { BadInput, DiagError } from '../cluster/errors.js';
import type { Session } from '../cluster/session.js';
import { overall, skipped, type CheckResult } from '../areas/access/rules.js';
import { checkAccess } from '../areas/access/queries.js';
import type { AccessReport } from '../areas/access/schema.js';
import { doctorReport } from '../areas/access/table.js';

const LATER = [
  'reachability',
  'authentication',
  'permissions',
  'separation of concerns',
  'metrics',
  'allowed namespaces',
  'flow control',
];

export default class Doctor extends DiagCommand {
  static override summary = accessArea.command.help.summary;
  static override description = accessArea.command.help.description;

  static override examples = accessArea.command.help.examples;

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
