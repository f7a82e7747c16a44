// Builds the MCP server from the query registry: one tool per query, all annotated read-only. Nothing here
// writes to stdout; the transport owns it.

import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { DiagError } from '../cluster/errors.js';
import type { ClusterReader } from '../cluster/source.js';
import { executeQuery, type Query } from '../queries/query.js';
import { inert } from '../render/table.js';

export const TOOL_ANNOTATIONS = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: true,
} as const;

const INSTRUCTIONS =
  'kubectl-diag diagnoses a Kubernetes cluster read-only: it can never create, change or delete anything, ' +
  'never reads Secrets, and may be fenced to some namespaces. Start broad, then narrow: diagnose_pods, ' +
  'diagnose_services, list_nodes and diagnose_storage find problems in a namespace or the cluster; describe_pod, ' +
  'get_pod_logs (previous=true for a crash loop), get_service, get_node_conditions and get_pvc explain one object. ' +
  'Findings carry a stable reason code, evidence and a hint. A failed call explains what went wrong and what to ' +
  'do; after a 401 or 403, check_access says which permission or token is the problem.';

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
