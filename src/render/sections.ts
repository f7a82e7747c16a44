// The blocks every one-object view shares: a titled section, the events table, the findings.

import type { Finding } from '../diagnose/finding.js';
import { age } from '../kube/time.js';
import type { EventResult } from '../queries/common.js';
import { findingsBlock } from './findings.js';
import { bold, table, type Style } from './table.js';

export function section(title: string, body: string, style: Style): string {
  return `${bold(style, title)}\n${body
    .split('\n')
    .map((l) => (l ? `  ${l}` : l))
    .join('\n')}`;
}

/** A titled table, or `<none>` when there are no rows. */
export function tableSection(title: string, head: string[], rows: string[][], style: Style): string {
  return section(title, rows.length ? table(head, rows, style) : '<none>', style);
}

/** Events newest first; `withObject` adds the OBJECT column when they are about several objects. */
export function eventsSection(events: EventResult[], now: Date, style: Style, withObject = false): string {
  const head = ['LAST SEEN', 'TYPE', 'REASON', ...(withObject ? ['OBJECT'] : []), 'COUNT', 'MESSAGE'];
  const rows = events.map((e) => [
    age(e.lastSeen, now),
    e.type,
    e.reason,
    ...(withObject ? [e.object] : []),
    String(e.count),
    e.message,
  ]);
  return tableSection('Events:', head, rows, style);
}

export function findingsSection(findings: Finding[], whenNone: string, style: Style): string {
  return section('Findings:', findings.length ? findingsBlock(findings, style) : whenNone, style);
}
