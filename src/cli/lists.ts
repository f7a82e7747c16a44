// How every list is arranged before it is shown: problems first (severity, then namespace/name), healthy
// rows hidden with --problems, or kubectl's --sort-by on any field of the -o json item.

import type { Finding, Severity } from '../diagnose/finding.js';
import { compareNames } from '../kube/names.js';

export interface ListItem {
  name: string;
  namespace?: string;
  findings: Finding[];
}

const RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

function rank(item: ListItem): number {
  return item.findings.reduce((best, f) => Math.min(best, RANK[f.severity]), 3);
}

/** Rows with findings first, the most severe first; then by namespace and name. */
export function problemsFirst<T extends ListItem>(items: readonly T[]): T[] {
  return [...items].sort(
    (a, b) =>
      rank(a) - rank(b) || compareNames(a.namespace ?? '', b.namespace ?? '') || compareNames(a.name, b.name),
  );
}

/**
 * kubectl's --sort-by: a field of the -o json item, written `{.restarts}`, `.restarts` or `restarts`
 * (dots for nested fields, `resources.cpu.usage`). Numbers sort as numbers; rows without it go last.
 */
export function sortByField<T extends object>(items: readonly T[], path: string): T[] {
  const keys = path
    .trim()
    .replace(/^\{(.*)\}$/, '$1')
    .replace(/^\./, '')
    .split('.')
    .filter(Boolean);
  const value = (item: T): unknown =>
    keys.reduce<unknown>(
      (v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined),
      item,
    );
  return [...items].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === undefined || x === null) return y === undefined || y === null ? 0 : 1;
    if (y === undefined || y === null) return -1;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x).localeCompare(String(y), undefined, { numeric: true });
  });
}

export interface ArrangeOptions {
  problems?: boolean;
  sortBy?: string;
}

/** The rows to show, in the order to show them. */
export function arrange<T extends ListItem>(items: readonly T[], options: ArrangeOptions): T[] {
  const shown = options.problems ? items.filter((i) => i.findings.length > 0) : items;
  return options.sortBy ? sortByField(shown, options.sortBy) : problemsFirst(shown);
}
