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

/** The most of one problem's text, and of all of them, that an error quotes back (inputs can be megabytes). */
const ISSUE_ECHO_LIMIT = 300;
const ISSUES_ECHO_LIMIT = 1000;
/** The largest input a query accepts, as JSON; real arguments are a few hundred bytes. */
export const INPUT_BYTES_LIMIT = 64 * 1024;

function bounded(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit)}… (${text.length} characters)` : text;
}

/** Zod's issues as one readable sentence per problem: `namespace: must be a DNS-1123 label …`. */
export function describeIssues(error: z.ZodError): string {
  // Security: an issue can quote the input (an unknown key's name); never echo more than a short prefix.
  const text = error.issues
    .map((issue) =>
      bounded(`${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`, ISSUE_ECHO_LIMIT),
    )
    .join('; ');
  return bounded(text, ISSUES_ECHO_LIMIT);
}

export function plainPrototype(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function inputBytes(rawInput: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(rawInput ?? {}) ?? '');
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** Validates input and runs the query with its caller attached to every request it makes. */
export async function executeQuery<I extends z.ZodRawShape, O extends z.ZodRawShape>(
  query: Query<I, O>,
  rawInput: unknown,
  context: QueryContext,
  caller: string,
): Promise<z.output<z.ZodObject<O>>> {
  // Security: a `__proto__` key that a JSON layer turned into the object's prototype would smuggle
  // arguments past the strict check below (its keys are inherited, not own); refuse it like any unknown key.
  if (rawInput !== null && typeof rawInput === 'object' && !plainPrototype(rawInput)) {
    throw new BadInput(`invalid input for ${query.name}: Unrecognized key: "__proto__"`);
  }
  const size = inputBytes(rawInput);
  if (size > INPUT_BYTES_LIMIT) {
    throw new BadInput(
      `invalid input for ${query.name}: the arguments are ${Number.isFinite(size) ? `${size} bytes` : 'not JSON'}; ` +
        `the limit is ${INPUT_BYTES_LIMIT / 1024} KiB`,
    );
  }
  const parsed = z
    .object(query.input)
    .strict()
    .safeParse(rawInput ?? {});
  if (!parsed.success) throw new BadInput(`invalid input for ${query.name}: ${describeIssues(parsed.error)}`);
  return withCaller({ name: caller, args: parsed.data as Record<string, unknown> }, () =>
    query.run(context, parsed.data),
  );
}
