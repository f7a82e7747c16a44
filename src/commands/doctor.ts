import { DiagCommand } from '../cli/base.js';
import { accessArea } from '../areas/access/index.js';
import { DiagError } from '../cluster/errors.js';
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
];

export default class Doctor extends DiagCommand {
  static override summary = accessArea.command.help.summary;
  static override description = accessArea.command.help.description;

  static override examples = accessArea.command.help.examples;

  async run(): Promise<void> {
    const { flags } = await this.parse(Doctor);
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
    this.emit(flags.output, report, (_, style) => doctorReport(report, style));
    if (!report.ok) this.exit(1);
  }
}
