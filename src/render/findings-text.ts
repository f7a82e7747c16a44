// Compact, plain-text findings for models (and the CLI's detail views): one block per finding.

import type { Finding, SeverityCounts } from '../diagnose/finding.js';
import type { EventResult } from '../queries/common.js';

export function findingLines(finding: Finding, indent = ''): string[] {
  const lines = [`${indent}[${finding.severity}] ${finding.reason}: ${finding.message}`];
  for (const evidence of finding.evidence.slice(0, 3)) lines.push(`${indent}  evidence: ${evidence}`);
  if (finding.hint) lines.push(`${indent}  hint: ${finding.hint}`);
  return lines;
}

export function countsText(counts: SeverityCounts): string {
  return `${counts.critical} critical, ${counts.warning} warning, ${counts.info} info`;
}

export function sourceLine(source: {
  kind: string;
  description: string;
  notCaptured?: string[];
  freshness?: string;
}): string {
  if (source.kind !== 'snapshot')
    return `source: ${source.description}${source.freshness ? `; ${source.freshness}` : ''}`;
  const missing = source.notCaptured?.length ? `\nnot in the snapshot: ${source.notCaptured.join('; ')}` : '';
  return `source: snapshot ${source.description}${missing}`;
}

/** `title` and one line per event, newest first, at most ten; nothing when there are none. */
export function eventLines(title: string, events: readonly EventResult[]): string[] {
  if (events.length === 0) return [];
  return [
    title,
    ...events
      .slice(0, 10)
      .map((e) => `  ${e.lastSeen ?? '?'} ${e.type} ${e.reason} (x${e.count}): ${e.message}`),
  ];
}
