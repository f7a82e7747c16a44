// Compact, plain-text findings for models (and the CLI's detail views): one block per finding.

import type { Finding, SeverityCounts } from '../diagnose/finding.js';

export function findingLines(finding: Finding, indent = ''): string[] {
  const lines = [`${indent}[${finding.severity}] ${finding.reason}: ${finding.message}`];
  for (const evidence of finding.evidence.slice(0, 3)) lines.push(`${indent}  evidence: ${evidence}`);
  if (finding.hint) lines.push(`${indent}  hint: ${finding.hint}`);
  return lines;
}

export function countsText(counts: SeverityCounts): string {
  return `${counts.critical} critical, ${counts.warning} warning, ${counts.info} info`;
}

export function sourceLine(source: { kind: string; description: string; takenAt?: string }): string {
  return source.kind === 'snapshot'
    ? `source: snapshot ${source.description}${source.takenAt ? `, taken ${source.takenAt}` : ''}`
    : `source: ${source.description}`;
}
