// People's view of the workloads query: the summary first, one table of controllers, then quotas, then the
// findings in full.

import { age } from '../../kube/time.js';
import { findingsBlock, topFindingCell } from '../../render/findings.js';
import { sourceLine } from '../../render/findings-text.js';
import { section } from '../../render/sections.js';
import { table, type Style } from '../../render/table.js';
import { listSummary } from '../../render/words.js';
import type { WorkloadReport } from './schema.js';

export function workloadTables(report: WorkloadReport, wide: boolean, style: Style): string {
  const now = new Date(report.source.observedAt);
  const all = report.scope.allNamespaces;
  const head = [
    ...(all ? ['NAMESPACE'] : []),
    'NAME',
    'READY',
    'UP-TO-DATE',
    'AVAILABLE',
    ...(wide ? ['REVISION'] : []),
    'AGE',
    'FINDING',
  ];
  const rows = report.workloads.map((w) => [
    ...(all ? [w.namespace] : []),
    `${w.kind.toLowerCase()}/${w.name}`,
    w.ready,
    w.upToDate === undefined ? '' : String(w.upToDate),
    w.available === undefined ? '' : String(w.available),
    ...(wide ? [w.revision ?? ''] : []),
    age(w.createdAt, now),
    topFindingCell(w.findings, style),
  ]);
  if (style.headers === false) return table(head, rows, style);
  const where = all ? 'all namespaces' : `namespace ${report.scope.namespace ?? ''}`;
  const matching = `${where}${report.scope.selector ? ` matching ${report.scope.selector}` : ''}`;
  const parts: string[] = [];
  if (report.source.kind === 'snapshot') parts.push(sourceLine(report.source));
  const withFindings = [...report.workloads, ...report.quotas].filter((w) => w.findings.length > 0).length;
  parts.push(
    listSummary({
      total: report.totals.workloads,
      withFindings,
      one: 'workload',
      where: matching,
      counts: report.counts,
      shown: report.workloads.length,
    }),
  );
  if (rows.length > 0) parts.push(table(head, rows, style));
  if (report.quotas.length > 0)
    parts.push(
      section(
        'Resource quotas',
        table(
          [...(all ? ['NAMESPACE'] : []), 'NAME', 'USED/HARD', 'FINDING'],
          report.quotas.map((q) => [
            ...(all ? [q.namespace] : []),
            q.name,
            Object.keys(q.hard)
              .sort()
              .map((r) => `${r} ${q.used[r] ?? '0'}/${q.hard[r]}`)
              .join(', '),
            topFindingCell(q.findings, style),
          ]),
          style,
        ),
        style,
      ),
    );
  const findings = [...report.workloads, ...report.quotas].flatMap((w) => w.findings);
  if (findings.length > 0) parts.push(section('Findings', findingsBlock(findings, style), style));
  return parts.join('\n\n');
}
