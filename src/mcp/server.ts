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
import { DiagError } from '../cluster/errors.js';
import type { ClusterReader } from '../cluster/source.js';
import { AREAS } from '../areas/registry.js';
import { instructionsFor } from './instructions.js';
import { executeQuery, type Query } from '../queries/query.js';
import { inert } from '../render/table.js';
import { budgetAnswer, type Answer } from './budget.js';
import {
  DEFAULT_LIMIT,
  PAGED,
  pageLine,
  pageOf,
  pageRequest,
  type PageRequest,
  type PageSpec,
} from './paging.js';
import { getPrompt, promptList } from './prompts.js';
import { toolList } from './tools.js';

export { TOOL_ANNOTATIONS } from './tools.js';

const INSTRUCTIONS = instructionsFor(AREAS);

/** Tools whose long text is a log: its end explains, so a cut keeps the end. */
const TAIL_FIRST = new Set(['get_pod_logs']);

export interface ServerOptions {
  cluster: ClusterReader;
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
    { keepTail: TAIL_FIRST.has(query.name), groups: spec?.groups },
  );
}

/**
 * A page of a list answer: `limit` rows (DEFAULT_LIMIT without one), fewer when their evidence would not fit
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
    const line = pageLine(spec, page);
    const answer = answerOf(query, { ...paged, page }, spec, line ? `\n${line}` : '');
    const cut = answer.structured['truncated'] !== undefined || answer.text.includes('\n[truncated: ');
    if (!cut || page.returned <= 1) {
      if (!cut || request.limit !== undefined || request.after !== undefined) return answer;
      request = { ...request, limit: DEFAULT_LIMIT };
      limit = undefined;
      continue;
    }
    limit = Math.max(1, Math.floor(page.returned / 2));
  }
}

export function buildServer(options: ServerOptions): Server {
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const server = new Server(
    { name: 'kubectl-diag', version: options.version },
    {
      capabilities: { tools: { listChanged: false }, prompts: { listChanged: false } },
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
    const query = byName.get(request.params.name);
    if (!query) {
      return errorResult(
        `there is no tool ${echo(request.params.name)}; kubectl-diag's tools are: ${[...byName.keys()].join(', ')}`,
      );
    }
    try {
      const spec = PAGED[query.name];
      const paging = spec ? pageRequest(query.name, request.params.arguments) : undefined;
      const result = (await executeQuery(
        query,
        paging?.args ?? request.params.arguments,
        { cluster: options.cluster },
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
