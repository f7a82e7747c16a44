// Builds the MCP server from the query registry: one read-only tool per query, answers within a budget.
// The tool list is computed once and answered as is. Nothing here writes to stdout; the transport owns it.

import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListToolsRequestSchema,
  type CallToolResult,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { BadInput, DiagError } from '../cluster/errors.js';
import type { ClusterReader } from '../cluster/source.js';
import { AREAS } from '../areas/registry.js';
import { instructionsFor } from './instructions.js';
import { executeQuery, type Query } from '../queries/query.js';
import { inert } from '../render/table.js';
import { budgetAnswer, type Answer } from './budget.js';
import {
  defaultLimit,
  PAGED,
  pageLine,
  pageOf,
  pageRequest,
  type PageRequest,
  type PageSpec,
} from './paging.js';
import { groupsBeyondPage } from './groups.js';
import { getPrompt, promptList } from './prompts.js';
import { SERVER_CAPABILITIES, SERVER_NAME } from './early.js';
import { LIST_CONTEXTS, toolList } from './tools.js';
import type { ContextPool } from '../cluster/contexts.js';

export { TOOL_ANNOTATIONS } from './tools.js';

const INSTRUCTIONS = instructionsFor(AREAS);

/** Tools whose long text is a log: its end explains, so a cut keeps the end. */
const TAIL_FIRST = new Set(['get_pod_logs']);

export interface ServerOptions {
  cluster: ClusterReader;
  /** A live server's kubeconfig contexts, which a call may name as `context`; absent for a snapshot. */
  contexts?: ContextPool;
  queries: readonly Query[];
  version: string;
  /** Where unexpected errors are reported (stderr in the CLI); never stdout. */
  log?: (message: string) => void;
}

function errorResult(text: string): CallToolResult {
  // Security: error texts quote the cluster and the client; control characters are made visible.
  return { isError: true, content: [{ type: 'text', text: inert(text) }] };
}

function toolError(error: unknown, log: (message: string) => void): CallToolResult {
  if (error instanceof DiagError) return errorResult(error.explain());
  log(
    `kubectl-diag mcp: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  return errorResult(`internal error: ${error instanceof Error ? error.message : String(error)}`);
}

/** A tool name from a client, made safe to echo: bounded, printable. */
function echo(name: unknown): string {
  const text = typeof name === 'string' ? name : (JSON.stringify(name) ?? String(name));
  return JSON.stringify(text.slice(0, 64).replace(/[^\x20-\x7e]/g, '?'));
}

/** The text and structure of one result, within the budget (control characters neutralised in the text). */
function answerOf(query: Query, result: Record<string, unknown>, spec?: PageSpec, suffix = ''): Answer {
  return budgetAnswer(
    // Security: control characters from the cluster are neutralised in text; structuredContent stays exact.
    { text: inert(query.text(result)) + suffix, structured: result },
    { keepTail: TAIL_FIRST.has(query.name), groups: spec?.groups, rows: spec?.rows },
  );
}

/**
 * A page of a list answer: `limit` rows (defaultLimit() without one), fewer when their evidence would not fit
 * the budget — halved until it does, so a page is never cut in the middle; the rest is a `continue` away.
 * When even the groups (every failing object by reason) do not fit, they are cut to the page's rows too.
 */
function pagedAnswer(
  query: Query,
  result: Record<string, unknown>,
  spec: PageSpec,
  asked: PageRequest,
): Answer {
  let request = asked;
  for (let limit: number | undefined = undefined; ;) {
    const { result: paged, page } = pageOf(result, spec, request, limit);
    // Pods name their groups themselves (byReason); every other list gets one line per reason here.
    const lines = [...(spec.groups ? [] : groupsBeyondPage(result, paged)), pageLine(spec, page)];
    const suffix = lines.filter(Boolean).join('\n');
    const answer = answerOf(query, { ...paged, page }, spec, suffix ? `\n${suffix}` : '');
    const cut = answer.structured['truncated'] !== undefined || answer.text.includes('\n[truncated: ');
    if (!cut || page.returned <= 1) {
      if (!cut || request.limit !== undefined || request.after !== undefined) return answer;
      request = { ...request, limit: defaultLimit(result, spec) };
      limit = undefined;
      continue;
    }
    limit = Math.max(1, Math.floor(page.returned / 2));
  }
}

/** Takes `context` out of a call's arguments (the query itself does not know it); checks its shape. */
function splitContext(args: unknown): { context?: string; rest: unknown } {
  if (args === null || typeof args !== 'object' || !Object.hasOwn(args, 'context')) return { rest: args };
  const prototype: unknown = Object.getPrototypeOf(args);
  // Not a plain object: left whole, so the query's own check refuses it.
  if (prototype !== Object.prototype && prototype !== null) return { rest: args };
  const { context, ...rest } = args as Record<string, unknown>;
  if (typeof context !== 'string' || context.length === 0 || context.length > 253)
    throw new BadInput('invalid input: context: expected a kubeconfig context name (1-253 characters)');
  return { context, rest };
}

function clusterFor(options: ServerOptions, context: string | undefined): ClusterReader {
  if (context === undefined) return options.cluster;
  if (!options.contexts)
    throw new BadInput('context: this server reads a snapshot, which has no kubeconfig contexts');
  return options.contexts.reader(context);
}

function listContexts(options: ServerOptions, args: unknown): CallToolResult {
  if (args !== undefined && (args === null || typeof args !== 'object' || Object.keys(args).length > 0))
    throw new BadInput(`invalid input for ${LIST_CONTEXTS}: it takes no arguments`);
  if (!options.contexts)
    return {
      content: [{ type: 'text', text: 'this server reads a snapshot: it has no kubeconfig contexts' }],
      structuredContent: { contexts: [] },
    };
  const contexts = options.contexts.list();
  const text = contexts
    .map(
      (c) =>
        `${c.name}${c.default ? ' (default)' : ''}${c.allowed ? '' : ' (not allowed)'}: cluster ${c.cluster}, server ${c.server}, namespace ${c.namespace}`,
    )
    .join('\n');
  return {
    content: [{ type: 'text', text: inert(text || 'no contexts') }],
    structuredContent: { contexts },
  };
}

export function buildServer(options: ServerOptions): Server {
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const server = new Server(
    { name: SERVER_NAME, version: options.version },
    {
      capabilities: SERVER_CAPABILITIES,
      instructions: INSTRUCTIONS,
    },
  );
  const byName = new Map(options.queries.map((q) => [q.name, q]));
  let tools: { tools: Tool[] } | undefined;
  server.setRequestHandler(ListToolsRequestSchema, () => (tools ??= { tools: toolList(options.queries) }));
  server.setRequestHandler(ListPromptsRequestSchema, () => promptList());
  server.setRequestHandler(GetPromptRequestSchema, (request) =>
    getPrompt(request.params.name, request.params.arguments),
  );
  server.setRequestHandler(CallToolRequestSchema, async (request): Promise<CallToolResult> => {
    if (request.params.name === LIST_CONTEXTS) {
      try {
        return listContexts(options, request.params.arguments);
      } catch (error) {
        return toolError(error, log);
      }
    }
    const query = byName.get(request.params.name);
    if (!query) {
      return errorResult(
        `there is no tool ${echo(request.params.name)}; kubectl-diag's tools are: ${[...byName.keys()].join(', ')}`,
      );
    }
    try {
      const { context, rest } = splitContext(request.params.arguments);
      const spec = PAGED[query.name];
      const paging = spec ? pageRequest(query.name, rest) : undefined;
      const result = (await executeQuery(
        query,
        paging?.args ?? rest,
        { cluster: clusterFor(options, context) },
        `mcp:${query.name}`,
      )) as Record<string, unknown>;
      const answer =
        spec && paging ? pagedAnswer(query, result, spec, paging.page) : answerOf(query, result, spec);
      return { content: [{ type: 'text', text: answer.text }], structuredContent: answer.structured };
    } catch (error) {
      return toolError(error, log);
    }
  });
  return server;
}
