// The access checks as text: one line per check, with its details and fix.

import type { AccessReport } from './schema.js';

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
  const verdict = report.ok
    ? `access ok (${report.counts.warn} warnings)`
    : `access has problems: ${report.counts.fail} failed, ${report.counts.warn} warnings`;
  return [verdict, ...accessLines(report)].join('\n');
}
