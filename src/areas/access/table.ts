// `kubectl diag doctor` for people: one line per check, colored status, details and the fix.

import type { AccessReport } from './schema.js';
import { accessLines } from './text.js';
import { paint, type Style } from '../../render/table.js';
import { plural } from '../../render/words.js';

const MARKS: Record<string, [string, string]> = {
  ok: ['OK  ', '32'],
  warn: ['WARN', '33'],
  fail: ['FAIL', '31'],
  skip: ['SKIP', '2'],
};

export function doctorReport(report: Pick<AccessReport, 'checks' | 'ok' | 'counts'>, style: Style): string {
  const lines = accessLines(report, (status) => {
    const [text, code] = MARKS[status] ?? [status, '0'];
    return paint(style, code, text);
  });
  const warnings = plural(report.counts.warn, 'warning');
  const verdict = report.ok
    ? `All checks passed${report.counts.warn ? ` (${warnings})` : ''}.`
    : `${plural(report.counts.fail, 'check')} failed${report.counts.warn ? `, ${warnings}` : ''}.`;
  return [...lines, '', verdict].join('\n');
}
