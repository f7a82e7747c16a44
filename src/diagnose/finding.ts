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

/**
 * What one reason code means, as data: the severity its findings have (unless the rule passes another, where
 * the case decides), the one-line meaning shown in the README, the hint (a sentence, or one made from the facts
 * the rule passes) and the Kubernetes documentation of the mechanism behind it.
 */
export interface ReasonSpec {
  severity: Severity;
  title: string;
  hint: string | ((facts: never) => string);
  docs: string;
}

export type ReasonMap = Readonly<Record<string, ReasonSpec>>;

type FactsOf<S> = S extends { hint: (facts: infer F) => string } ? F : never;

/** What a rule says about one case; `facts` exactly when the reason's hint is made from facts. */
export type FindingReport<S> = {
  message: string;
  evidence: readonly string[];
  severity?: Severity;
} & ([FactsOf<S>] extends [never] ? { facts?: undefined } : { facts: FactsOf<S> });

/**
 * The one finding constructor, bound to an area's reason map: a reason is a key of the map, so a misspelt
 * reason fails type checking, and the hint comes from the map rather than from the rule's body.
 */
export function findingsOf<M extends ReasonMap>(reasons: M) {
  return <R extends keyof M & string>(reason: R, object: ObjectRef, report: FindingReport<M[R]>): Finding => {
    const spec = reasons[reason]!;
    const hint =
      typeof spec.hint === 'string' ? spec.hint : (spec.hint as (facts: unknown) => string)(report.facts);
    return {
      severity: report.severity ?? spec.severity,
      reason,
      object,
      message: report.message,
      evidence: report.evidence.filter(Boolean),
      hint,
    };
  };
}

/** Whether `code` is a reason of the map (for rules whose reason comes from the cluster, e.g. a waiting reason). */
export function isReasonOf<M extends ReasonMap>(reasons: M, code: string): code is keyof M & string {
  return Object.hasOwn(reasons, code);
}
