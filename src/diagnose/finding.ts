// What a rule reports. `reason` is a stable machine code (documented in the README), `message` one line
// for people, `evidence` the facts it is based on, `hint` what to do next.

export type Severity = 'critical' | 'warning' | 'info';

export interface ObjectRef {
  kind: string;
  namespace?: string;
  name: string;
}

export interface Finding {
  /** Stable: the reason and the object ("CrashLoopBackOff@Pod/shop/api-1"), the same from run to run. */
  id: string;
  severity: Severity;
  reason: string;
  object: ObjectRef;
  message: string;
  evidence: string[];
  hint: string;
  /** Ids of the findings that cause this one (this one is a symptom of them), when a rule could link them. */
  causedBy?: string[];
}

export function objectKey(object: ObjectRef): string {
  return `${object.kind}/${object.namespace ? `${object.namespace}/` : ''}${object.name}`;
}

export function findingId(reason: string, object: ObjectRef): string {
  return `${reason}@${objectKey(object)}`;
}

/** Records that `symptom` is caused by `causes` (ids deduplicated, never itself). */
export function link(symptom: Finding, causes: readonly Finding[]): void {
  const ids = causes.map((c) => c.id).filter((id) => id !== symptom.id);
  if (ids.length === 0) return;
  symptom.causedBy = [...new Set([...(symptom.causedBy ?? []), ...ids])];
}

export const SEVERITIES: readonly Severity[] = ['critical', 'warning', 'info'];

const RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

export function bySeverity(a: Finding, b: Finding): number {
  return RANK[a.severity] - RANK[b.severity];
}

/**
 * Root causes first, then most severe first (stable otherwise): a finding caused by another finding of the same
 * list comes after every finding that is not.
 */
export function sortFindings(findings: Finding[]): Finding[] {
  const ids = new Set(findings.map((f) => f.id));
  const caused = (f: Finding) => (f.causedBy?.some((id) => ids.has(id)) ? 1 : 0);
  return [...findings].sort((a, b) => caused(a) - caused(b) || bySeverity(a, b));
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
      id: findingId(reason, object),
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
