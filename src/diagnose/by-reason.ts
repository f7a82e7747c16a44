// Findings by reason: the whole picture of a list in a few lines. The pods area's `byReason` (in its results
// and -o json) and the MCP lines that name every object with a finding beyond a page (src/mcp/groups.ts) are
// both made here.

import type { Finding, Severity } from './finding.js';
import { compareNames } from '../kube/names.js';

/** One finding of a list and the object (row) that has it: `namespace/name`, or `name`. */
export interface MemberFinding {
  member: string;
  finding: Finding;
}

export interface ReasonGroup {
  reason: string;
  /** The most severe of its findings. */
  severity: Severity;
  /** Each object with this reason once, in the order met. */
  members: string[];
  /** The first finding met, as an example. */
  example: MemberFinding;
}

const RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/** One group per reason: most severe groups first, then the largest, then by reason. */
export function groupByReason(findings: Iterable<MemberFinding>): ReasonGroup[] {
  const groups = new Map<string, ReasonGroup & { seen: Set<string> }>();
  for (const entry of findings) {
    const { member, finding } = entry;
    let group = groups.get(finding.reason);
    if (!group) {
      group = {
        reason: finding.reason,
        severity: finding.severity,
        members: [],
        example: entry,
        seen: new Set(),
      };
      groups.set(finding.reason, group);
    }
    if (RANK[finding.severity] < RANK[group.severity]) group.severity = finding.severity;
    if (!group.seen.has(member)) {
      group.seen.add(member);
      group.members.push(member);
    }
  }
  return [...groups.values()]
    .map(({ seen: _seen, ...group }) => group)
    .sort(
      (a, b) =>
        RANK[a.severity] - RANK[b.severity] ||
        b.members.length - a.members.length ||
        compareNames(a.reason, b.reason),
    );
}
