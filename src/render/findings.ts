// Findings for people: severity-colored, with evidence and the hint.

import type { Finding } from '../diagnose/finding.js';
import { severityText, type Style } from './table.js';

export function findingsBlock(findings: Finding[], style: Style): string {
  return findings
    .map((f) =>
      [
        `${severityText(style, f.severity, f.severity.toUpperCase())} ${f.reason}: ${f.message}`,
        ...f.evidence.map((e) => `    ${e}`),
        `    → ${f.hint}`,
      ].join('\n'),
    )
    .join('\n');
}

/** The FINDING column of a list: the most severe finding, whole (the table fits it to the terminal). */
export function topFindingCell(findings: Finding[], style: Style): string {
  const top = findings[0];
  return top ? `${severityText(style, top.severity, top.reason)}: ${top.message}` : '';
}
