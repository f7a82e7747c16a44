// One definition per question: name, zod input, zod result, run(), and the compact text a model reads.
// The CLI commands and the MCP tools are both derived from these; neither has its own code path.

import { z } from 'zod';
import { withCaller } from '../cluster/audit.js';
import { BadInput } from '../cluster/errors.js';
import type { ClusterReader } from '../cluster/source.js';

export interface QueryContext {
  cluster: ClusterReader;
}

export interface Query<I extends z.ZodRawShape = z.ZodRawShape, O extends z.ZodRawShape = z.ZodRawShape> {
  /** The MCP tool name (the reference guide's names), also used in audit records. */
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly input: I;
  readonly output: O;
  run(context: QueryContext, input: z.output<z.ZodObject<I>>): Promise<z.output<z.ZodObject<O>>>;
  /** Compact text for a model; the full result goes in structuredContent. */
  text(result: z.output<z.ZodObject<O>>): string;
}

export type InputOf<Q> = Q extends Query<infer I, z.ZodRawShape> ? z.input<z.ZodObject<I>> : never;
export type ResultOf<Q> = Q extends Query<z.ZodRawShape, infer O> ? z.output<z.ZodObject<O>> : never;

export function defineQuery<I extends z.ZodRawShape, O extends z.ZodRawShape>(
  query: Query<I, O>,
): Query<I, O> {
  return query;
}

/** Zod's issues as one readable sentence per problem: `namespace: must be a DNS-1123 label …`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`)
    .join('; ');
}

/** Validates input and runs the query with its caller attached to every request it makes. */
export async function executeQuery<I extends z.ZodRawShape, O extends z.ZodRawShape>(
  query: Query<I, O>,
  rawInput: unknown,
  context: QueryContext,
  caller: string,
): Promise<z.output<z.ZodObject<O>>> {
  const parsed = z
    .object(query.input)
    .strict()
    .safeParse(rawInput ?? {});
  if (!parsed.success) throw new BadInput(`invalid input for ${query.name}: ${describeIssues(parsed.error)}`);
  return withCaller({ name: caller, args: parsed.data as Record<string, unknown> }, () =>
    query.run(context, parsed.data),
  );
}
