// Builds the MCP server from the area registry: one tool per query, all annotated read-only. Nothing here
// writes to stdout; the transport owns it.

import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { DiagError } from '../cluster/errors.js';
import type { ClusterReader } from '../cluster/source.js';
import { AREAS } from '../areas/registry.js';
import { instructionsFor } from './instructions.js';
import { executeQuery, type Query } from '../queries/query.js';
import { inert } from '../render/table.js';

export const TOOL_ANNOTATIONS = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: true,
} as const;

const INSTRUCTIONS = instructionsFor(AREAS);

export interface ServerOptions {
  cluster: ClusterReader;
  queries: readonly Query[];
  version: string;
  /** Where unexpected errors are reported (stderr in the CLI); never stdout. */
  log?: (message: string) => void;
}

function toolError(error: unknown, log: (message: string) => void): CallToolResult {
  if (error instanceof DiagError)
    return { isError: true, content: [{ type: 'text', text: inert(error.explain()) }] };
  log(
    `kubectl-diag mcp: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  return {
    isError: true,
    content: [
      {
        type: 'text',
        text: inert(`internal error: ${error instanceof Error ? error.message : String(error)}`),
      },
    ],
  };
}

export function buildServer(options: ServerOptions): McpServer {
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const server = new McpServer(
    { name: 'kubectl-diag', version: options.version },
    { instructions: INSTRUCTIONS },
  );
  for (const query of options.queries) {
    server.registerTool(
      query.name,
      {
        title: query.title,
        description: query.description,
        // Strict: an argument the tool does not know is refused, not silently dropped.
        inputSchema: z.object(query.input).strict(),
        outputSchema: query.output,
        annotations: { title: query.title, ...TOOL_ANNOTATIONS },
      },
      async (args: unknown): Promise<CallToolResult> => {
        try {
          const result = await executeQuery(query, args, { cluster: options.cluster }, `mcp:${query.name}`);
          return {
            // Security: control characters from the cluster are neutralised in text; structuredContent stays exact.
            content: [{ type: 'text', text: inert(query.text(result)) }],
            structuredContent: result as Record<string, unknown>,
          };
        } catch (error) {
          return toolError(error, log);
        }
      },
    );
  }
  return server;
}
