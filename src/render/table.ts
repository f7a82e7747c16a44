// kubectl-style output: borderless aligned columns, optional color, and the json/yaml formats.
// Columns are aligned here rather than with cli-table3, which took 1.6 s for a 2,000-row pod list.

import { randomBytes } from 'node:crypto';
import { stringify } from 'yaml';
import type { Severity } from '../diagnose/finding.js';

export type OutputFormat = 'table' | 'wide' | 'json' | 'yaml';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'wide', 'json', 'yaml'];

export interface Style {
  color: boolean;
  /** Terminal width: a long last cell is wrapped to fit it; undefined (pipes, files) keeps rows whole. */
  width?: number;
  /** false: tables without their header row (kubectl's --no-headers). */
  headers?: boolean;
}

/** Color only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function styleFor(
  stream: { isTTY?: boolean; columns?: number },
  env: NodeJS.ProcessEnv = process.env,
): Style {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return {
    color: Boolean(stream.isTTY) && !noColor && env.TERM !== 'dumb',
    width: stream.isTTY ? stream.columns : undefined,
  };
}

const SEVERITY_COLOR: Record<Severity, string> = { critical: '31', warning: '33', info: '36' };

// Security (CVE-2021-25743 class): text from the cluster or a snapshot may carry terminal escape
// sequences (set the title, clear the screen, move the cursor, write the clipboard). Every string is made
// inert before it reaches a terminal or a pipe. Our own colors are written as a placeholder that holds a
// random per-process nonce, which no cluster string can know; `toTerminal` turns only those into escapes.
const COLOR_OPEN = `\uE000${randomBytes(6).toString('hex')}[`;

export function paint(style: Style, code: string, text: string): string {
  return style.color && text !== '' ? `${COLOR_OPEN}${code}m${text}${COLOR_OPEN}0m` : text;
}

/** Control characters (C0 but newline and tab, DEL, C1) and bidirectional overrides. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function visibleEscape(char: string): string {
  const code = char.charCodeAt(0);
  if (code === 0x1b) return '^[';
  if (code === 0x0d) return '\\r';
  if (code < 0x20) return `^${String.fromCharCode(code + 64)}`;
  if (code === 0x7f) return '^?';
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Makes a string from the cluster safe to print: control characters become visible escapes (ESC as `^[`,
 * CR as `\r`, BEL as `^G`, C1 and bidi overrides as `\u009b`), as kubectl does. Newlines and tabs stay.
 */
export function inert(text: string): string {
  return text.replace(CONTROL, visibleEscape);
}

const LINE_BREAKS = /[ \t]*(?:\r?\n|[\u2028\u2029])[ \t]*/g;

/**
 * Cluster text on one line: each line break (with the blanks around it) becomes one space, so a message
 * in a table cell or a one-line field cannot start a line of its own that reads as another row.
 */
export function oneLine(text: string): string {
  return text.replace(LINE_BREAKS, ' ');
}

/** The last step before text output: everything inert, then our own color placeholders become escapes. */
export function toTerminal(text: string): string {
  return inert(text).replaceAll(COLOR_OPEN, '\u001b[');
}

export function severityText(style: Style, severity: Severity, text: string = severity): string {
  return paint(style, SEVERITY_COLOR[severity], text);
}

export function bold(style: Style, text: string): string {
  return paint(style, '1', text);
}

const ANSI = new RegExp(`${COLOR_OPEN.replace('[', '\\[')}[0-9;]*m`, 'g');

/** Width on screen: code points, not UTF-16 units, and escape sequences take no room. */
export function visibleWidth(text: string): number {
  let width = 0;
  for (const _ of text.replace(ANSI, '')) width++;
  return width;
}

/**
 * A borderless table like kubectl's: upper-case headers, three spaces between columns. On a terminal a
 * last cell wider than the room left is wrapped under itself (kubectl never drops text); in pipes and
 * files each row stays on one line. `style.headers === false` leaves out the header row (--no-headers).
 */
export function table(head: string[], rows: string[][], style: Style): string {
  const all = [
    head.map((h) => bold(style, h)),
    ...rows.map((row) => row.map((cell) => inert(oneLine(cell)))),
  ];
  const widths = head.map((_, column) =>
    all.reduce((max, row) => Math.max(max, visibleWidth(row[column] ?? '')), 0),
  );
  const last = head.length - 1;
  const used = widths.slice(0, last).reduce((sum, w) => sum + w + 3, 0);
  const room = style.width === undefined ? Infinity : Math.max(30, style.width - used);
  const indent = ' '.repeat(used);
  // A wrapped cell loses its color: breaking inside an escape sequence would garble the terminal.
  const fit = (cell: string) =>
    visibleWidth(cell) <= room ? cell : wrapWords(cell.replace(ANSI, ''), room).join(`\n${indent}`);
  return (style.headers === false ? all.slice(1) : all)
    .map((row) =>
      row
        .map((cell, column) =>
          column === last ? fit(cell) : cell + ' '.repeat(widths[column]! - visibleWidth(cell)),
        )
        .join('   ')
        .trimEnd(),
    )
    .join('\n');
}

/** What a cell may need besides its object: the style (colors), the time ages count from, -o wide. */
export interface View {
  style: Style;
  now: Date;
  wide: boolean;
}

/**
 * One column of a table, as kubectl's printers define them (TableColumnDefinition): a header, how to fill
 * the cell from one object, and `wide` for the columns only -o wide shows (the printers' priority > 0).
 */
export interface Column<T> {
  header: string;
  cell: (item: T, view: View) => string;
  wide?: boolean;
}

/** kubectl's NAMESPACE column, put first with -A (the printers' WithNamespace). */
export function withNamespace<T extends { namespace: string }>(
  columns: readonly Column<T>[],
  allNamespaces: boolean,
): readonly Column<T>[] {
  return allNamespaces ? [{ header: 'NAMESPACE', cell: (item) => item.namespace }, ...columns] : columns;
}

/** A table of `items` under `columns`; the wide ones only with -o wide. */
export function columnsTable<T>(columns: readonly Column<T>[], items: readonly T[], view: View): string {
  const shown = columns.filter((column) => view.wide || !column.wide);
  return table(
    shown.map((column) => column.header),
    items.map((item) => shown.map((column) => column.cell(item, view))),
    view.style,
  );
}

/** Lines of at most `width` characters, broken between words; a word longer than a line is split. */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.replace(/\s+/g, ' ').trim().split(' ')) {
    let rest = word;
    if (line && [...line].length + 1 + [...rest].length <= width) {
      line += ` ${rest}`;
      continue;
    }
    if (line) lines.push(line);
    while ([...rest].length > width) {
      lines.push([...rest].slice(0, width).join(''));
      rest = [...rest].slice(width).join('');
    }
    line = rest;
  }
  if (line) lines.push(line);
  return lines;
}

export function truncate(text: string, width: number): string {
  const single = text.replace(/\s+/g, ' ').trim();
  return single.length <= width ? single : `${single.slice(0, width - 1)}…`;
}

export function formatData(data: unknown, format: 'json' | 'yaml'): string {
  return format === 'json' ? JSON.stringify(data, null, 2) : stringify(data, { lineWidth: 0 }).trimEnd();
}
