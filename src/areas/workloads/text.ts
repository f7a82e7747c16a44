// Compact text for the workload queries: what a model reads first (structuredContent carries the rest).

import { countsText, findingLines, sourceLine } from '../../render/findings-text.js';
import type { WorkloadReport } from './schema.js';

export function workloadReportText(report: WorkloadReport): string {
  const where = report.scope.allNamespaces ? 'all namespaces' : `namespace ${report.scope.namespace ?? ''}`;
  const lines = [
    sourceLine(report.source),
    `${report.totals.workloads} workloads, ${report.totals.quotas} quotas in ${where}: ${countsText(report.counts)}`,
  ];
  for (const w of report.workloads) {
    lines.push(
      `${w.kind} ${w.namespace}/${w.name} ready=${w.ready}${w.revision ? ` revision=${w.revision}` : ''}`,
    );
    for (const f of w.findings) lines.push(...findingLines(f, '  '));
  }
  for (const q of report.quotas) {
    lines.push(`ResourceQuota ${q.namespace}/${q.name}`);
    for (const f of q.findings) lines.push(...findingLines(f, '  '));
  }
  if (report.workloads.length === 0 && report.quotas.length === 0)
    lines.push('No workload or quota has a finding.');
  return lines.join('\n');
}
