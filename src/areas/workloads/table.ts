// People's view of the workloads query: one table of controllers, then quotas, then the findings in full.

import { age } from '../../kube/time.js';
import { findingsBlock, topFindingCell } from '../../render/findings.js';
import { countsText, sourceLine } from '../../render/findings-text.js';
import { section } from '../../render/sections.js';
import { table, type Style } from '../../render/table.js';
import type { WorkloadReport } from './schema.js';

export function workloadTables(report: WorkloadReport, wide: boolean, style: Style): string {
  const now = new Date(report.source.observedAt);
  const all = report.scope.allNamespaces;
  const parts: string[] = [];
  if (report.workloads.length === 0) {
    const where = all ? 'any namespace' : `namespace ${report.scope.namespace ?? ''}`;
    parts.push(`No workloads found in ${where}.`);
  } else {
    parts.push(
      table(
        [
          ...(all ? ['NAMESPACE'] : []),
          'NAME',
          'READY',
          'UP-TO-DATE',
          'AVAILABLE',
          ...(wide ? ['REVISION'] : []),
          'AGE',
          'FINDING',
        ],
        report.workloads.map((w) => [
          ...(all ? [w.namespace] : []),
          `${w.kind.toLowerCase()}/${w.name}`,
          w.ready,
          w.upToDate === undefined ? '' : String(w.upToDate),
          w.available === undefined ? '' : String(w.available),
          ...(wide ? [w.revision ?? ''] : []),
          age(w.createdAt, now),
          topFindingCell(w.findings, style),
        ]),
        style,
      ),
    );
  }
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
  parts.push(`${countsText(report.counts)} · ${sourceLine(report.source)}`);
  return parts.join('\n\n');
}
