// What a rule reports. `reason` is a stable machine code (documented in the README), `message` one line
// for people, `evidence` the facts it is based on, `hint` what to do next.

export type Severity = 'critical' | 'warning' | 'info';

export interface ObjectRef {
  kind: string;
  namespace?: string;
  name: string;
}

export interface Finding {
  severity: Severity;
  reason: string;
  object: ObjectRef;
  message: string;
  evidence: string[];
  hint: string;
}

export const SEVERITIES: readonly Severity[] = ['critical', 'warning', 'info'];

const RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

export function bySeverity(a: Finding, b: Finding): number {
  return RANK[a.severity] - RANK[b.severity];
}

/** Findings most severe first (stable within a severity). */
export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(bySeverity);
}

export function topFinding(findings: Finding[]): Finding | undefined {
  return sortFindings(findings)[0];
}

export type SeverityCounts = Record<Severity, number>;

export function countBySeverity(findings: Iterable<Finding>): SeverityCounts {
  const counts: SeverityCounts = { critical: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}
