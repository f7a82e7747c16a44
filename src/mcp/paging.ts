// Pages of a list answer for the MCP tools: `limit` rows at a time and a `continue` token for the next page,
// like the API's own list paging, so that a large scope is read completely in answers that each fit the
// budget instead of one answer cut in the middle.
//
// Pages follow the rows' keys (namespace/name) in order, and a token holds the last key it returned: a row
// added or removed between two calls moves no other row from one page to another (offsets would), so
// paging through a scope returns every row that existed throughout exactly once. A token also carries a
// digest of the question (tool and arguments without limit/continue); it is refused for another question.
//
// Without `limit`, a list answer carries DEFAULT_LIMIT rows (GROUPED_LIMIT when it names more failing objects
// than that by reason) and its groups (every failing object named under its reason) whole: the first answer
// names every problem, the rows give the evidence for the first ones.
// With `limit` or `continue`, the groups are cut to the page's rows, so every page stays within the budget.

import { createHash } from 'node:crypto';
import { z } from 'zod';
import { BadInput } from '../cluster/errors.js';
import { plainPrototype } from '../queries/query.js';

export interface PageSpec {
  /** The top-level array of rows (each with `name` and, when namespaced, `namespace`). */
  rows: string;
  /** Groups naming rows by key (`namespace/name`), e.g. byReason's pods. */
  groups?: { field: string; members: string };
}

/** The list tools and the rows they page. A tool added to an area that lists objects belongs here. */
export const PAGED: Readonly<Record<string, PageSpec>> = {
  diagnose_pods: { rows: 'pods', groups: { field: 'byReason', members: 'pods' } },
  list_pods_by_selector: { rows: 'pods', groups: { field: 'byReason', members: 'pods' } },
  diagnose_services: { rows: 'services' },
  list_nodes: { rows: 'nodes' },
  diagnose_nodes: { rows: 'nodes' },
  get_node_metrics: { rows: 'nodes' },
  list_pods_on_node: { rows: 'pods' },
  diagnose_storage: { rows: 'claims' },
  get_volume_attachments: { rows: 'attachments' },
  diagnose_workloads: { rows: 'workloads' },
  list_jobs: { rows: 'jobs' },
};

export const DEFAULT_LIMIT = 20;
/**
 * Without `limit`, an answer whose text names every failing object by reason (more than DEFAULT_LIMIT of them:
 * the pods text groups beyond DETAILED_PODS, the same 20; other lists' texts get groups.ts's lines) carries fewer rows: the names are the answer, the
 * rows evidence for the first few, and the rest is a `continue` away. At 2,000 pods with 500 failing this
 * keeps the first answer near 14 KB.
 */
export const GROUPED_LIMIT = 10;
export const MAX_LIMIT = 500;
const TOKEN_MAX = 600;

/** The paging arguments a list tool takes on top of its query's own (the schema a client sees). */
export const pagingInput = {
  limit: z.number().int().min(1).max(MAX_LIMIT, `at most ${MAX_LIMIT} rows a page`),
  continue: z.string().max(TOKEN_MAX, 'not a continue token of this server'),
};

const pagingArgs = z.object({
  limit: pagingInput.limit.optional(),
  continue: pagingInput.continue.optional(),
});

export interface PageRequest {
  limit?: number;
  after?: string;
  /** Digest of the question, tied into every token. */
  question: string;
}

type Row = { name?: unknown; namespace?: unknown };

const keyOf = (row: Row) =>
  typeof row.namespace === 'string' ? `${row.namespace}/${String(row.name)}` : String(row.name);

function digest(tool: string, args: Record<string, unknown>): string {
  const canonical = JSON.stringify(
    Object.keys(args)
      .sort()
      .map((k) => [k, args[k]]),
  );
  return createHash('sha256').update(`${tool}\n${canonical}`).digest('base64url').slice(0, 16);
}

function encode(question: string, after: string): string {
  return Buffer.from(JSON.stringify({ q: question, a: after })).toString('base64url');
}

/**
 * Splits a list tool's arguments into its query's and the page asked for. Refuses a bad limit, and a token
 * that is not one of ours or was given for another question (with what to do instead).
 */
export function pageRequest(
  tool: string,
  raw: unknown,
): { args: Record<string, unknown>; page: PageRequest } | undefined {
  if (raw === undefined || raw === null) return { args: {}, page: { question: digest(tool, {}) } };
  // Anything but a plain object goes to the query as it came, which refuses it (a `__proto__` smuggle too).
  if (!PAGED[tool] || typeof raw !== 'object' || Array.isArray(raw) || !plainPrototype(raw)) return undefined;
  const { limit, continue: token, ...args } = raw as Record<string, unknown>;
  const parsed = pagingArgs.safeParse({ limit, continue: token });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new BadInput(`invalid input for ${tool}: ${issue.path.join('.')}: ${issue.message}`);
  }
  const question = digest(tool, args);
  let after: string | undefined;
  if (parsed.data.continue !== undefined) {
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(parsed.data.continue, 'base64url').toString('utf8'));
    } catch {
      decoded = undefined;
    }
    const fields = decoded as { q?: unknown; a?: unknown } | undefined;
    if (typeof fields?.q !== 'string' || typeof fields.a !== 'string')
      throw new BadInput(
        `invalid input for ${tool}: continue: not a continue token of this server; pass the one an answer gave`,
      );
    if (fields.q !== question)
      throw new BadInput(
        `invalid input for ${tool}: continue: the token belongs to another question; ask again with the ` +
          'same arguments as the answer that gave it, or without continue to start over',
      );
    after = fields.a;
  }
  return { args, page: { limit: parsed.data.limit, after, question } };
}

export interface PageInfo {
  /** Rows in this page. */
  returned: number;
  /** Rows in the whole answer. */
  total: number;
  /** Rows before this page. */
  before: number;
  /** Pass as `continue` (with the same arguments) for the next page; absent on the last. */
  continue?: string;
}

/** How many objects the answer's groups name (each once); without groups, how many rows have findings. */
function groupMembers(result: Record<string, unknown>, spec: PageSpec): number {
  if (!spec.groups) {
    const rows = Array.isArray(result[spec.rows]) ? (result[spec.rows] as { findings?: unknown[] }[]) : [];
    return rows.filter((r) => Array.isArray(r?.findings) && r.findings.length > 0).length;
  }
  if (!Array.isArray(result[spec.groups.field])) return 0;
  const members = new Set<string>();
  for (const group of result[spec.groups.field] as Record<string, unknown>[])
    for (const member of (group[spec.groups.members] as unknown[]) ?? []) members.add(String(member));
  return members.size;
}

/** The rows of a page when the caller did not say: fewer when the groups already name every problem. */
export function defaultLimit(result: Record<string, unknown>, spec: PageSpec): number {
  return groupMembers(result, spec) > DEFAULT_LIMIT ? GROUPED_LIMIT : DEFAULT_LIMIT;
}

/**
 * One page of a list answer. `limit` defaults to defaultLimit(); groups are cut to the page when the caller
 * asked for a page (limit or continue), and left whole otherwise.
 */
export function pageOf(
  result: Record<string, unknown>,
  spec: PageSpec,
  request: PageRequest,
  limit = request.limit ?? defaultLimit(result, spec),
): { result: Record<string, unknown>; page: PageInfo } {
  const rows = Array.isArray(result[spec.rows]) ? (result[spec.rows] as Row[]) : [];
  const keys = rows.map(keyOf);
  const ordered = [...keys].sort();
  const before = request.after === undefined ? 0 : ordered.filter((k) => k <= request.after!).length;
  const chosen = new Set(ordered.slice(before, before + limit));
  const kept = rows.filter((_, i) => chosen.has(keys[i]!));
  const out: Record<string, unknown> = { ...result, [spec.rows]: kept };
  const explicit = request.limit !== undefined || request.after !== undefined;
  if (spec.groups && explicit && Array.isArray(result[spec.groups.field])) {
    const { field, members } = spec.groups;
    out[field] = (result[field] as Record<string, unknown>[])
      .map((g) => ({
        ...g,
        [members]: ((g[members] as unknown[]) ?? []).filter((m) => chosen.has(String(m))),
      }))
      .filter((g) => (g[members] as unknown[]).length > 0);
  }
  const last = ordered[before + chosen.size - 1];
  const more = before + chosen.size < ordered.length && last !== undefined;
  return {
    result: out,
    page: {
      returned: kept.length,
      total: rows.length,
      before,
      ...(more ? { continue: encode(request.question, last) } : {}),
    },
  };
}

/** The line that ends a paged answer's text. */
export function pageLine(spec: PageSpec, page: PageInfo): string {
  if (page.total === 0) return '';
  const range = page.returned
    ? `${spec.rows} ${page.before + 1}-${page.before + page.returned} of ${page.total}`
    : `no ${spec.rows} after the token (of ${page.total})`;
  return page.continue
    ? `[page: ${range}; for the next page call again with the same arguments and continue="${page.continue}"]`
    : page.before > 0
      ? `[page: ${range}; the last page]`
      : '';
}
