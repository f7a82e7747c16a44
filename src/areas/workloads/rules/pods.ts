// The pods of a workload as its rules see them: their own findings (from the pods rules), the top one and
// a few lines of evidence.

import { sortFindings, type Finding } from '../../../diagnose/finding.js';

export interface WorkloadPod {
  name: string;
  status: string;
  ready: boolean;
  /** The pod's own findings (from the pods rules), most severe first. */
  findings: Finding[];
}

export function topPodFinding(
  pods: readonly WorkloadPod[],
): { pod: WorkloadPod; finding: Finding } | undefined {
  for (const pod of pods) {
    const top = sortFindings(pod.findings)[0];
    if (top) return { pod, finding: top };
  }
  return undefined;
}

export function podEvidence(pods: readonly WorkloadPod[]): string[] {
  return pods
    .filter((p) => p.findings.length > 0)
    .slice(0, 3)
    .map((p) => `pod ${p.name} ${p.status}: ${p.findings[0]!.reason}: ${p.findings[0]!.message}`);
}
