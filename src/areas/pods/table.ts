// People's views of the pods queries: the list table and the one-pod description.

import type { PodReport } from './schema.js';
import { scopeText } from '../../render/words.js';
import { AGE, listView } from '../../render/list.js';
import { section } from '../../render/sections.js';
import { withNamespace, type Column, type Style } from '../../render/table.js';
import { findingsBlock, statusCell, topFindingCell } from '../../render/findings.js';

type PodRow = PodReport['pods'][number];

const POD_COLUMNS: readonly Column<PodRow>[] = [
  { header: 'NAME', cell: (p) => p.name },
  { header: 'READY', cell: (p) => p.ready },
  { header: 'STATUS', cell: (p, v) => statusCell(p.status, p.findings, v.style) },
  { header: 'RESTARTS', cell: (p) => String(p.restarts) },
  AGE,
  { header: 'NODE', cell: (p) => p.node ?? '<none>', wide: true },
  { header: 'IP', cell: (p) => p.ip ?? '<none>', wide: true },
  { header: 'LAST EXIT', cell: (p) => p.lastExit ?? '', wide: true },
  { header: 'FINDING', cell: (p, v) => topFindingCell(p.findings, v.style, p.status) },
];

export function podTable(report: PodReport, wide: boolean, style: Style): string {
  const where = scopeText(report.scope);
  return listView(
    {
      source: report.source,
      columns: withNamespace(POD_COLUMNS, report.scope.allNamespaces),
      items: report.pods,
      summary: {
        total: report.totalPods,
        withFindings: report.podsWithFindings,
        one: 'pod',
        where,
        counts: report.counts,
      },
      empty: `No pods in ${where}.`,
      notes: report.noPodsBecause?.length
        ? [
            section(
              'Why: controllers here cannot create pods:',
              findingsBlock(report.noPodsBecause, style),
              style,
            ),
          ]
        : undefined,
    },
    { style, wide, now: new Date(report.source.observedAt) },
  );
}

// One pod in depth: ./describe.ts.
export { podDescription } from './describe.js';
