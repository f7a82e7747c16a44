// People's view of the workloads query: the summary first, one table of controllers, then quotas, then the
// findings in full. Columns are data, as kubectl's printers define them (src/render/table.ts).

import { findingsBlock } from '../../render/findings.js';
import { AGE, FINDING, listView } from '../../render/list.js';
import { section } from '../../render/sections.js';
import { columnsTable, withNamespace, type Column, type Style } from '../../render/table.js';
import { scopeText } from '../../render/words.js';
import type { QuotaSummary, WorkloadReport, WorkloadSummary } from './schema.js';

const count = (n: number | undefined) => (n === undefined ? '' : String(n));

const WORKLOAD_COLUMNS: readonly Column<WorkloadSummary>[] = [
  { header: 'NAME', cell: (w) => `${w.kind.toLowerCase()}/${w.name}` },
  { header: 'READY', cell: (w) => w.ready },
  { header: 'UP-TO-DATE', cell: (w) => count(w.upToDate) },
  { header: 'AVAILABLE', cell: (w) => count(w.available) },
  { header: 'REVISION', cell: (w) => w.revision ?? '', wide: true },
  AGE,
  FINDING,
];

const QUOTA_COLUMNS: readonly Column<QuotaSummary>[] = [
  { header: 'NAME', cell: (q) => q.name },
  {
    header: 'USED/HARD',
    cell: (q) =>
      Object.keys(q.hard)
        .sort()
        .map((r) => `${r} ${q.used[r] ?? '0'}/${q.hard[r]}`)
        .join(', '),
  },
  FINDING,
];

export function workloadTables(report: WorkloadReport, wide: boolean, style: Style): string {
  const view = { style, wide, now: new Date(report.source.observedAt) };
  const all = report.scope.allNamespaces;
  const where = scopeText(report.scope);
  const notes: string[] = [];
  if (report.quotas.length > 0)
    notes.push(
      section('Resource quotas', columnsTable(withNamespace(QUOTA_COLUMNS, all), report.quotas, view), style),
    );
  const findings = [...report.workloads, ...report.quotas].flatMap((w) => w.findings);
  if (findings.length > 0) notes.push(section('Findings', findingsBlock(findings, style), style));
  return listView(
    {
      source: report.source,
      columns: withNamespace(WORKLOAD_COLUMNS, all),
      items: report.workloads,
      summary: {
        total: report.totals.workloads,
        withFindings: [...report.workloads, ...report.quotas].filter((w) => w.findings.length > 0).length,
        one: 'workload',
        where,
        counts: report.counts,
      },
      empty: `No workloads in ${where}.`,
      notes: notes.length ? [notes.join('\n\n')] : undefined,
    },
    view,
  );
}
