// The people's view of a list answer, the same for every area: where the data came from, one summary line
// (it comes first: with 1,500 rows the problems must not scroll away under it), the table, then notes.

import type { Finding } from '../diagnose/finding.js';
import { age } from '../kube/time.js';
import { topFindingCell } from './findings.js';
import { sourceLine } from './findings-text.js';
import { columnsTable, type Column, type View } from './table.js';
import { listSummary } from './words.js';

/** The columns most lists end with: how old the object is, and its top finding. */
export const AGE: Column<{ createdAt?: string }> = { header: 'AGE', cell: (o, v) => age(o.createdAt, v.now) };
export const FINDING: Column<{ findings: Finding[] }> = {
  header: 'FINDING',
  cell: (o, v) => topFindingCell(o.findings, v.style),
};

export interface ListView<T> {
  source: Parameters<typeof sourceLine>[0];
  columns: readonly Column<T>[];
  /** The rows shown (after --problems and --sort-by). */
  items: readonly T[];
  /** The counts of the whole list for the summary line. */
  summary: Omit<Parameters<typeof listSummary>[0], 'shown'>;
  /** What is said instead when the list is empty, e.g. "No pods in namespace shop." */
  empty: string;
  /** Lines under the table that change how to read it. */
  notes?: readonly string[];
}

/** With --no-headers (style.headers false) only the table rows. */
export function listView<T>(list: ListView<T>, view: View): string {
  const rows = columnsTable(list.columns, list.items, view);
  if (view.style.headers === false) return rows;
  const lines: string[] = [];
  if (list.source.kind === 'snapshot') lines.push(sourceLine(list.source), '');
  if (list.summary.total === 0) lines.push(list.empty);
  else {
    lines.push(listSummary({ ...list.summary, shown: list.items.length }));
    if (list.items.length) lines.push('', rows);
  }
  if (list.notes?.length) lines.push('', ...list.notes);
  return lines.join('\n');
}
