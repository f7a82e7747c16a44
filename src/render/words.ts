// Counting words for people: "1 pod", "2 pods", "1 storage class"; and the findings of a list in one phrase.

import type { SeverityCounts } from '../diagnose/finding.js';

/** `plural(1, 'pod')` → "1 pod"; `plural(2, 'storage class', 'storage classes')` → "2 storage classes". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** "5 findings: 3 critical, 2 warning", "1 finding: 1 info", "no findings". */
export function findingsPhrase(counts: SeverityCounts): string {
  const total = counts.critical + counts.warning + counts.info;
  if (total === 0) return 'no findings';
  const parts = (['critical', 'warning', 'info'] as const)
    .filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${s}`);
  return `${plural(total, 'finding')}: ${parts.join(', ')}`;
}

/**
 * The line above a list: "12 pods in namespace shop, 3 with findings (5 findings: 5 critical)", and what
 * --problems left out.
 */
export function listSummary(opts: {
  total: number;
  withFindings: number;
  one: string;
  many?: string;
  where: string;
  counts: SeverityCounts;
  shown: number;
}): string {
  const all = `${plural(opts.total, opts.one, opts.many)}${opts.where ? ` in ${opts.where}` : ''}`;
  const problems =
    opts.withFindings === 0
      ? 'none with findings'
      : `${opts.withFindings} with findings (${findingsPhrase(opts.counts)})`;
  const hidden = opts.total - opts.shown;
  return `${all}, ${problems}${hidden > 0 ? `; ${hidden} without findings not shown` : ''}.`;
}

/** "namespace shop", "all namespaces matching app=web": where a namespaced list looked. */
export function scopeText(
  scope: { allNamespaces: boolean; namespace?: string; selector?: string },
  selectorWord = 'matching',
): string {
  const where = scope.allNamespaces ? 'all namespaces' : `namespace ${scope.namespace}`;
  return `${where}${scope.selector ? ` ${selectorWord} ${scope.selector}` : ''}`;
}
