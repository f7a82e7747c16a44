// The size budget of one tool answer. A model pays for every byte it reads, and most clients put the whole
// answer into its context: so the text is cut at ~6k tokens, the structured content too, a large payload
// (a log) is sent once, and whatever is left out is said, with how to narrow the question.
//
// Nothing is said twice: what the text shows verbatim (a log, the names of a group's members, the message,
// evidence and hint of a pod row's finding) is left out of the structure, which keeps the facts a program
// reads (reason, severity, ids, counts, the rows' own fields) and says in `omitted` where the rest is; a
// group's example is left out when the structure's rows carry that very finding. The findings of a
// one-object answer stay whole (one object's are few), and so, for now, do other lists' rows (clients and
// tests read their messages from the structure: a follow-up).

import { namesByNamespace } from '../render/grouped.js';

/** ~6k tokens of text (about 4 bytes a token). */
export const TEXT_BUDGET_BYTES = 24_000;
/** The JSON of structuredContent. */
export const STRUCTURED_BUDGET_BYTES = 24_000;
/** A string in structuredContent longer than this is cut (with a marker). */
const LONG_STRING = 4_000;
/** Top-level string fields that carry a payload the text content already shows in full. */
export const PAYLOAD_FIELDS = ['text'] as const;

export const NARROW_HINT =
  'Narrow the question to get the rest: a namespace, a label selector, one object by name, limit/continue on a ' +
  'list tool (or fewer log lines).';
/** Member lists of groups smaller than this stay in the structure even when the text names them too. */
const GROUP_PAYLOAD_BYTES = 1024;

export interface Answer {
  text: string;
  structured: Record<string, unknown>;
}

export interface BudgetOptions {
  textBytes?: number;
  structuredBytes?: number;
  /** Keep the end of an over-long text instead of its beginning (logs: the last lines explain). */
  keepTail?: boolean;
  /** Groups of the structure that name objects (byReason's pods), sent once when the text names them. */
  groups?: { field: string; members: string };
  /**
   * With `groups`: the rows of the list (each `namespace`/`name` with `findings`), where a group's example
   * comes from, and whose findings' text the text content shows.
   */
  rows?: string;
}

const bytes = (s: string) => Buffer.byteLength(s);

/**
 * Cuts text at a line boundary so it fits, with a marker saying what was left out. `keepTail` keeps the
 * first line (the header) and the end (a log's last lines explain).
 */
export function fitText(text: string, budget: number, keepTail = false): string {
  const total = bytes(text);
  if (total <= budget) return text;
  const lines = text.split('\n');
  const header = keepTail ? lines.shift()! : undefined;
  const room = budget - 400 - (header !== undefined ? bytes(header) + 1 : 0);
  const kept: string[] = [];
  let used = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[keepTail ? lines.length - 1 - i : i]!;
    const size = bytes(line) + 1;
    if (used + size > room) break;
    kept.push(line);
    used += size;
  }
  const left = lines.length - kept.length;
  const marker =
    `[truncated: ${left} of ${lines.length} lines (${Math.round((total - used) / 1024)} KB) ` +
    `left out${keepTail ? ' from the start' : ''}. ${NARROW_HINT}]`;
  if (!keepTail) return `${kept.join('\n')}\n${marker}`;
  return [header, marker, ...kept.reverse()].join('\n');
}

/** The arrays of an answer (top level and one level down), largest first. */
function arraysOf(
  value: Record<string, unknown>,
): { path: string; owner: Record<string, unknown>; key: string }[] {
  const found: { path: string; owner: Record<string, unknown>; key: string; size: number }[] = [];
  for (const [key, child] of Object.entries(value)) {
    if (Array.isArray(child)) found.push({ path: key, owner: value, key, size: child.length });
    else if (child && typeof child === 'object') {
      for (const [inner, grandchild] of Object.entries(child as Record<string, unknown>)) {
        if (Array.isArray(grandchild))
          found.push({
            path: `${key}.${inner}`,
            owner: child as Record<string, unknown>,
            key: inner,
            size: grandchild.length,
          });
      }
    }
  }
  return found.sort((a, b) => b.size - a.size);
}

function cutLongStrings(value: unknown): unknown {
  if (typeof value === 'string')
    return value.length > LONG_STRING
      ? `${value.slice(0, LONG_STRING)}… [cut: ${value.length} characters]`
      : value;
  if (Array.isArray(value)) return value.map(cutLongStrings);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cutLongStrings(v)]));
  return value;
}

/**
 * Structured content within its budget: long strings cut, then the largest arrays shortened (by halves)
 * until it fits; `truncated` says for each array how many items are shown of how many.
 */
export function fitStructured(structured: Record<string, unknown>, budget: number): Record<string, unknown> {
  if (bytes(JSON.stringify(structured)) <= budget) return structured;
  const out = cutLongStrings(structured) as Record<string, unknown>;
  const truncated: Record<string, { shown: number; total: number }> = {};
  const fits = () => bytes(JSON.stringify({ ...out, truncated })) <= budget;
  for (let round = 0; round < 64 && !fits(); round++) {
    const largest = arraysOf(out).find((a) => (a.owner[a.key] as unknown[]).length > 0);
    if (!largest) break;
    const items = largest.owner[largest.key] as unknown[];
    const total = truncated[largest.path]?.total ?? items.length;
    largest.owner[largest.key] = items.slice(0, Math.floor(items.length / 2));
    truncated[largest.path] = { shown: (largest.owner[largest.key] as unknown[]).length, total };
  }
  return Object.keys(truncated).length ? { ...out, truncated, narrow: NARROW_HINT } : out;
}

/**
 * The groups' member lists (and examples), when the text already carries each of them verbatim and together
 * they are a payload: each group keeps its reason, severity and count, and `omitted` says where the rest is.
 */
function withoutNamedGroups(
  structured: Record<string, unknown>,
  text: string,
  groups: { field: string; members: string },
): boolean {
  const list = structured[groups.field];
  if (!Array.isArray(list)) return false;
  const named = (list as Record<string, unknown>[]).map((g) =>
    Array.isArray(g[groups.members]) ? (g[groups.members] as unknown[]).map(String) : undefined,
  );
  if (named.some((m) => m === undefined || !text.includes(namesByNamespace(m)))) return false;
  if (named.reduce((n, m) => n + bytes(m!.join(', ')), 0) < GROUP_PAYLOAD_BYTES) return false;
  structured[groups.field] = (list as Record<string, unknown>[]).map((g, i) => {
    const { [groups.members]: _named, example, ...rest } = g;
    const shown = typeof example === 'string' && text.includes(example);
    return { ...rest, count: named[i]!.length, ...(example !== undefined && !shown ? { example } : {}) };
  });
  return true;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * A finding without what the text shows of it, as findingLines (render/findings-text.ts) writes it: its
 * `[severity] reason: message` line, then its evidence (all of it) and its hint. Unchanged when the text does
 * not show its message line; a part the text does not show verbatim stays.
 */
function findingBeyondText(finding: unknown, text: string): unknown {
  if (!isObject(finding) || typeof finding['message'] !== 'string' || typeof finding['reason'] !== 'string')
    return finding;
  if (!text.includes(`] ${finding['reason']}: ${finding['message']}`)) return finding;
  const { message: _message, evidence, hint, ...rest } = finding;
  const evidenceShown =
    Array.isArray(evidence) &&
    evidence.every(
      (e) => text.includes(`evidence: ${String(e)}\n`) || text.endsWith(`evidence: ${String(e)}`),
    );
  const hintShown = hint === '' || (typeof hint === 'string' && text.includes(`hint: ${hint}`));
  return { ...rest, ...(evidenceShown ? {} : { evidence }), ...(hintShown ? {} : { hint }) };
}

/** The findings of a list answer's rows without what the text shows; true when any was cut. */
function withoutFindingText(structured: Json, text: string, rows: string): boolean {
  const list = structured[rows];
  if (!Array.isArray(list)) return false;
  let cut = false;
  structured[rows] = list.map((row) => {
    if (!isObject(row) || !Array.isArray(row['findings'])) return row;
    const findings = row['findings'] as unknown[];
    const slim = findings.map((f) => findingBeyondText(f, text));
    if (slim.every((f, i) => f === findings[i])) return row;
    cut = true;
    return { ...row, findings: slim };
  });
  return cut;
}

/**
 * Each group's example, when it is the finding of the group's first member and that member's row is in the
 * structure with a finding of the group's reason: the row carries it (or the text does, see above).
 */
function withoutRowExamples(
  structured: Json,
  groups: { field: string; members: string },
  rows: string,
): boolean {
  const list = structured[groups.field];
  const shown = structured[rows];
  if (!Array.isArray(list) || !Array.isArray(shown)) return false;
  const reasonsByRow = new Map<string, Set<unknown>>();
  for (const row of shown) {
    if (!isObject(row) || !Array.isArray(row['findings'])) continue;
    const key =
      typeof row['namespace'] === 'string'
        ? `${row['namespace']}/${String(row['name'])}`
        : String(row['name']);
    reasonsByRow.set(key, new Set(row['findings'].map((f) => (isObject(f) ? f['reason'] : undefined))));
  }
  let cut = false;
  structured[groups.field] = list.map((group) => {
    const members = isObject(group) ? group[groups.members] : undefined;
    if (!isObject(group) || group['example'] === undefined || !Array.isArray(members)) return group;
    if (!reasonsByRow.get(String(members[0]))?.has(group['reason'])) return group;
    cut = true;
    const { example: _example, ...rest } = group;
    return rest;
  });
  return cut;
}

/** One answer within its budget; a payload the text already carries is not repeated in the structure. */
export function budgetAnswer(answer: Answer, options: BudgetOptions = {}): Answer {
  const structured = { ...answer.structured };
  const text = fitText(answer.text, options.textBytes ?? TEXT_BUDGET_BYTES, options.keepTail);
  const omitted: string[] = [];
  for (const field of PAYLOAD_FIELDS) {
    const value = structured[field];
    if (typeof value === 'string' && value.length > 1024 && text.includes(value.slice(-1024))) {
      delete structured[field];
      omitted.push(`${field} (in the text content)`);
    }
  }
  if (options.groups && withoutNamedGroups(structured, text, options.groups))
    omitted.push(
      `${options.groups.field}[].${options.groups.members} and .example (named in the text content)`,
    );
  else if (options.groups && options.rows && withoutRowExamples(structured, options.groups, options.rows))
    omitted.push(`${options.groups.field}[].example (in the ${options.rows} rows)`);
  if (options.groups && options.rows && withoutFindingText(structured, text, options.rows))
    omitted.push(`${options.rows}[].findings[].message, .evidence, .hint (in the text content)`);
  if (omitted.length) structured.omitted = omitted;
  return {
    text,
    structured: fitStructured(structured, options.structuredBytes ?? STRUCTURED_BUDGET_BYTES),
  };
}
