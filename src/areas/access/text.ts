// The access checks as text: one line per check, with its details and fix.

import type { AccessReport } from './schema.js';
import { plural } from '../../render/words.js';

export function accessLines(
  report: Pick<AccessReport, 'checks'>,
  mark: (status: string) => string = (s) => `[${s}]`,
): string[] {
  return report.checks.flatMap((c) => [
    `${mark(c.status)} ${c.name}: ${c.summary}`,
    ...c.details.map((d) => `      ${d}`),
    ...(c.fix && c.status !== 'ok' ? [`      fix: ${c.fix}`] : []),
  ]);
}

export function accessText(report: AccessReport): string {
  const warnings = plural(report.counts.warn, 'warning');
  const verdict = report.ok
    ? `access ok (${warnings})`
    : `access has problems: ${report.counts.fail} failed, ${warnings}`;
  return [verdict, ...accessLines(report)].join('\n');
}
