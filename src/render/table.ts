// kubectl-style output: borderless aligned columns, optional color, and the json/yaml formats.

import Table from 'cli-table3';
import { stringify } from 'yaml';
import type { Severity } from '../diagnose/finding.js';

export type OutputFormat = 'table' | 'wide' | 'json' | 'yaml';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'wide', 'json', 'yaml'];

export interface Style {
  color: boolean;
}

/** Color only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function styleFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Style {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return { color: Boolean(stream.isTTY) && !noColor && env.TERM !== 'dumb' };
}

const SEVERITY_COLOR: Record<Severity, string> = { critical: '31', warning: '33', info: '36' };

export function paint(style: Style, code: string, text: string): string {
  return style.color && text !== '' ? `\u001b[${code}m${text}\u001b[0m` : text;
}

export function severityText(style: Style, severity: Severity, text: string = severity): string {
  return paint(style, SEVERITY_COLOR[severity], text);
}

export function bold(style: Style, text: string): string {
  return paint(style, '1', text);
}

const NO_BORDERS = {
  top: '',
  'top-mid': '',
  'top-left': '',
  'top-right': '',
  bottom: '',
  'bottom-mid': '',
  'bottom-left': '',
  'bottom-right': '',
  left: '',
  'left-mid': '',
  mid: '',
  'mid-mid': '',
  right: '',
  'right-mid': '',
  middle: '   ',
};

/** A borderless table like kubectl's: upper-case headers, three spaces between columns. */
export function table(head: string[], rows: string[][], style: Style): string {
  const t = new Table({
    head: head.map((h) => bold(style, h)),
    chars: NO_BORDERS,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true },
    wordWrap: false,
  });
  t.push(...rows);
  return t
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}

export function truncate(text: string, width: number): string {
  const single = text.replace(/\s+/g, ' ').trim();
  return single.length <= width ? single : `${single.slice(0, width - 1)}…`;
}

export function formatData(data: unknown, format: 'json' | 'yaml'): string {
  return format === 'json' ? JSON.stringify(data, null, 2) : stringify(data, { lineWidth: 0 }).trimEnd();
}
