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

export function toolList(queries: readonly Query[]): Tool[] {
  return queries.map(toolOf);
}
