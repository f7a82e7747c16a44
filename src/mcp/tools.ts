// The tool list a client loads into a model's context: one tool per query, all annotated read-only, with
// compact schemas (see schema.ts). Built once per process; every tools/list answers the same object.
//
// Annotations: readOnlyHint and destructiveHint only. The spec gives idempotentHint meaning only when
// readOnlyHint is false, and openWorldHint defaults to true, so both would repeat 43 bytes per tool that
// change nothing. destructiveHint: false stays although a read-only tool implies it: clients that gate on
// it alone (without reading readOnlyHint) must not warn.

import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { Query } from '../queries/query.js';
import { inputJsonSchema, outputJsonSchema } from './schema.js';

export const TOOL_ANNOTATIONS = {
  readOnlyHint: true,
  destructiveHint: false,
} as const;

export function toolOf(query: Query): Tool {
  return {
    name: query.name,
    title: query.title,
    description: query.description,
    inputSchema: inputJsonSchema(query.input) as Tool['inputSchema'],
    outputSchema: outputJsonSchema(query.output) as Tool['outputSchema'],
    annotations: { ...TOOL_ANNOTATIONS },
  };
}

export function toolList(queries: readonly Query[]): Tool[] {
  return queries.map(toolOf);
}
