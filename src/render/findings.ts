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

/**
 * The FINDING column of a list: the most severe finding, whole (the table wraps it on a terminal). When
 * the row already shows its reason (the STATUS column says CrashLoopBackOff), the cell leads with the
 * cause instead of repeating it.
 */
export function topFindingCell(findings: Finding[], style: Style, shown?: string): string {
  const top = findings[0];
  if (!top) return '';
  if (shown !== undefined && shown.split(/[:\s]+/).includes(top.reason)) return top.message;
  return `${severityText(style, top.severity, top.reason)}: ${top.message}`;
}

/** A cell (STATUS, TYPE) colored as the object's most severe finding; `info: false` leaves info plain. */
export function statusCell(text: string, findings: Finding[], style: Style, info = true): string {
  const top = findings[0];
  return top && (info || top.severity !== 'info') ? severityText(style, top.severity, text) : text;
}
