// The problems of a whole list answer, by reason, for the text a model reads: a page shows ten or twenty rows
// in detail, and these lines name every object with a finding in the whole answer — one line per reason,
// each namespace written once — so a model learns every problem from the first answer. Pods have their own
// groups (byReason, made by the pods area); this covers every other list tool the same way, and both are
// grouped by src/diagnose/by-reason.ts.

import { groupByReason, type MemberFinding } from '../diagnose/by-reason.js';
import type { Finding, Severity } from '../diagnose/finding.js';
import { boundedList, namesByNamespace } from '../render/grouped.js';

export interface FindingGroup {
  reason: string;
  severity: Severity;
  /** `namespace/name` or `name`, sorted, each once. */
  objects: string[];
  example: Finding;
}

/** One reason's line stops naming objects beyond this (it says how many more): the page has the rest. */
const LINE_BYTES = 3_000;

function isFinding(value: unknown): value is Finding {
  const f = value as Finding | undefined;
  return (
    typeof f?.reason === 'string' && typeof f.severity === 'string' && typeof f.object?.name === 'string'
  );
}

/** The findings of the rows of every top-level list in the answer, each with its object's key. */
function findingsOf(result: Record<string, unknown>): MemberFinding[] {
  const found: MemberFinding[] = [];
  for (const value of Object.values(result)) {
    if (!Array.isArray(value)) continue;
    for (const row of value as { findings?: unknown }[])
      if (row && Array.isArray(row.findings))
        for (const finding of row.findings.filter(isFinding)) {
          const { namespace, name } = finding.object;
          found.push({ member: namespace ? `${namespace}/${name}` : name, finding });
        }
  }
  return found;
}

export function findingGroups(result: Record<string, unknown>): FindingGroup[] {
  return groupByReason(findingsOf(result)).map(({ reason, severity, members, example }) => ({
    reason,
    severity,
    objects: members.sort(),
    example: example.finding,
  }));
}

/** `[critical] NodeNotReady (12): node-a, node-b …` per group, bounded; an example's message under each. */
export function groupLines(groups: readonly FindingGroup[]): string[] {
  return groups.flatMap((group) => {
    const { shown, more } = boundedList(group.objects, LINE_BYTES);
    return [
      `[${group.severity}] ${group.reason} (${group.objects.length}): ${namesByNamespace(shown)}${more ? ` … and ${more} more (page through them with limit/continue)` : ''}`,
      `  e.g. ${group.example.object.name}: ${group.example.message}`,
    ];
  });
}

/**
 * The grouped lines to add to a page's text when the page does not show every object with a finding;
 * nothing when it does (the rows then say it all).
 */
export function groupsBeyondPage(full: Record<string, unknown>, page: Record<string, unknown>): string[] {
  const all = findingGroups(full);
  const objects = (groups: FindingGroup[]) => new Set(groups.flatMap((g) => g.objects));
  const total = objects(all);
  if (total.size === 0 || objects(findingGroups(page)).size >= total.size) return [];
  return [`every object with a finding (${total.size}), by reason:`, ...groupLines(all)];
}
