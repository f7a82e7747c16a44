import { DiagCommand } from '../../cli/base.js';
import { accessEnvelope } from '../../cli/envelope.js';
import { accessArea } from './index.js';
import { BadInput, DiagError } from '../../cluster/errors.js';
import { Flags } from '@oclif/core';
import { documented } from '../../cli/envelope.js';
import { resolveAllowedContexts } from '../../cluster/contexts.js';
import { listContexts } from '../../cluster/kubeconfig.js';
import { formatData, toTerminal } from '../../render/table.js';
import { LATER_CHECKS, overall, skipped, type CheckResult } from './rules.js';
import { checkAccess } from './queries.js';
import type { AccessReport } from './schema.js';
import { doctorReport } from './table.js';

type Report = Pick<AccessReport, 'checks' | 'ok' | 'counts'>;

export default class Doctor extends DiagCommand {
  static override summary = accessArea.command.help.summary;
  static override description = accessArea.command.help.description;

  static override examples = accessArea.command.help.examples;

  static override flags = {
    'all-contexts': Flags.boolean({
      summary:
        'Check every kubeconfig context (those in --allowed-contexts / ALLOWED_CONTEXTS when set), one report each.',
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Doctor);
    if (flags.demo || flags.snapshot)
      throw new BadInput(
        `doctor checks a live cluster (kubeconfig, reachability, credentials, permissions); ${flags.demo ? '--demo' : '--snapshot'} reads a saved one, which has none of these to check`,
      );
    if (!flags['all-contexts']) {
      const report = await this.check(flags);
      await this.emit(flags, accessEnvelope(report), (_, style) => doctorReport(report, style));
      if (!report.ok) this.exit(1);
      return;
    }
    if (flags.context !== undefined)
      throw new BadInput('--all-contexts checks every allowed context; leave out --context');
    const allowed = resolveAllowedContexts(flags['allowed-contexts'], process.env);
    const names = listContexts({ kubeconfig: flags.kubeconfig, env: process.env })
      .map((c) => c.name)
      .filter((name) => allowed === null || allowed.has(name));
    if (names.length === 0) throw new BadInput('no kubeconfig context to check (none, or none allowed)');
    const reports: [string, Report][] = [];
    for (const context of names) {
      reports.push([context, await this.check({ ...flags, context })]);
      await this.closeSession();
    }
    if (flags.output === 'json' || flags.output === 'yaml') {
      const list = {
        apiVersion: 'v1',
        kind: 'List',
        items: await Promise.all(reports.map(([, r]) => documented(accessEnvelope(r)))),
      };
      this.log(formatData(list, flags.output));
    } else {
      for (const [context, report] of reports) {
        this.log(toTerminal(`context "${context}":`));
        await this.emit(flags, accessEnvelope(report), (_, style) => doctorReport(report, style));
      }
    }
    if (reports.some(([, r]) => !r.ok)) this.exit(1);
  }

  private async check(flags: Parameters<Doctor['openSession']>[0]): Promise<Report> {
    try {
      const session = this.openSession(flags);
      return await this.runQuery(session, checkAccess, {});
    } catch (error) {
      if (
        !(error instanceof DiagError) ||
        !['ConfigError', 'WriteModeRefused', 'ContextDenied'].includes(error.code)
      )
        throw error;
      // The configuration itself is the problem: report it as the first check, the rest cannot run.
      const failed: CheckResult = {
        name: 'configuration',
        status: 'fail',
        summary: error.message,
        details: [],
        fix: error.hint,
      };
      const checks = [failed, ...LATER_CHECKS.map((n) => skipped(n, 'the configuration is not usable'))];
      return { checks, ...overall(checks) };
    }
  }
}
