// The tool list a client loads into a model's context: one tool per query, all annotated read-only, with
// compact schemas (see schema.ts). Built once per process; every tools/list answers the same object.
//
// Annotations: readOnlyHint and destructiveHint only. The spec gives idempotentHint meaning only when
// readOnlyHint is false, and openWorldHint defaults to true, so both would repeat 43 bytes per tool that
// change nothing. destructiveHint: false stays although a read-only tool implies it: clients that gate on
// it alone (without reading readOnlyHint) must not warn.

import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { Query } from '../queries/query.js';
import { z } from 'zod';
import { PAGED, pagingInput } from './paging.js';
import { inputJsonSchema, outputJsonSchema } from './schema.js';

/** What a page answer adds to a list tool's result (see paging.ts). */
const pageOutput = {
  page: z
    .object({ returned: z.number(), total: z.number(), before: z.number(), continue: z.string().optional() })
    .optional(),
};

export const TOOL_ANNOTATIONS = {
  readOnlyHint: true,
  destructiveHint: false,
} as const;

export function toolOf(query: Query): Tool {
  return {
    name: query.name,
    title: query.title,
    description: query.description,
    inputSchema: inputJsonSchema(
      PAGED[query.name]
        ? { ...query.input, limit: pagingInput.limit.optional(), continue: pagingInput.continue.optional() }
        : query.input,
    ) as Tool['inputSchema'],
    outputSchema: outputJsonSchema(
      PAGED[query.name] ? { ...query.output, ...pageOutput } : query.output,
    ) as Tool['outputSchema'],
    annotations: { ...TOOL_ANNOTATIONS },
  };
}

/**
 * Every tool takes the kubeconfig context to ask (default: the one the server started with). Its bounds are
 * the server's (splitContext in server.ts), like every string's (see schema.ts).
 */
export const CONTEXT_PROPERTY = { type: 'string' } as const;

export const LIST_CONTEXTS = 'list_contexts';

/** list_contexts: the kubeconfig's contexts a call may name; never a credential. */
export const listContextsTool: Tool = {
  name: LIST_CONTEXTS,
  title: 'List contexts',
  description:
    'Kubeconfig contexts this server can ask (pass one as `context` to any tool): name, cluster, server, whether allowed, which is the default.',
  inputSchema: { type: 'object', properties: {}, additionalProperties: false },
  outputSchema: {
    type: 'object',
    properties: {
      contexts: {
        type: 'array',
        // Named like every tool's rows (see schema.ts): open, no types of their own.
        items: {
          properties: {
            name: {},
            cluster: {},
            server: {},
            user: {},
            namespace: {},
            current: {},
            default: {},
            allowed: {},
          },
        },
      },
    },
  },
  annotations: { ...TOOL_ANNOTATIONS },
};

function withContext(tool: Tool): Tool {
  const schema = tool.inputSchema;
  return {
    ...tool,
    inputSchema: { ...schema, properties: { ...schema.properties, context: { ...CONTEXT_PROPERTY } } },
  };
}

type RowsSchema = { type?: unknown; items?: { properties?: Record<string, unknown> } };

/**
 * Each kind of row is named once in the list: the pods of a node, the attachments of a claim or the endpoint
 * sets of a Service are rows another tool names, so where they come again they are typed `array` only (JSON
 * Schema cannot share a definition between tools, and $ref is refused by some clients — see schema.ts).
 * A list tool names the rows it pages; then each tool, in order, the rows nobody named yet.
 */
function rowsNamedOnce(tools: Tool[]): Tool[] {
  const named = new Set<string>();
  const rowsOf = (tool: Tool) => (tool.outputSchema?.properties ?? {}) as Record<string, RowsSchema>;
  const keyOf = (schema: RowsSchema) => Object.keys(schema.items?.properties ?? {}).join(',');
  const nameOnce = (properties: Record<string, RowsSchema>, field: string) => {
    const schema = properties[field];
    if (!schema?.items?.properties) return;
    if (named.has(keyOf(schema))) properties[field] = { type: schema.type };
    else named.add(keyOf(schema));
  };
  for (const tool of tools) if (PAGED[tool.name]) nameOnce(rowsOf(tool), PAGED[tool.name]!.rows);
  for (const tool of tools)
    for (const field of Object.keys(rowsOf(tool)))
      if (PAGED[tool.name]?.rows !== field) nameOnce(rowsOf(tool), field);
  return tools;
}

export function toolList(queries: readonly Query[]): Tool[] {
  return rowsNamedOnce([...queries.map((q) => withContext(toolOf(q))), listContextsTool]);
}
