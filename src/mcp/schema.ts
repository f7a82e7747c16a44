// The JSON Schemas a client sees for each tool, made from the queries' zod shapes.
//
// Output schemas describe what we produce, but must never reject what a cluster really holds: a
// validating client (the SDK's Client checks structuredContent against outputSchema) throws away an
// answer whose object carries a field the schema closed off, or a null where it expected a string —
// and the API writes nulls (an unset metav1.Time marshals as `null`, e.g. a pod condition's
// lastProbeTime) and grows fields with every release. So every object is open (no
// additionalProperties: false), every optional field also accepts null.
//
// The tool list is loaded into a model's context for every conversation, so each byte must earn its
// place. An output schema names the top-level fields with their types and the fields of a list's rows (each
// kind of row once in the whole list, see tools.ts), nothing deeper, and no prose: the answer's text explains
// itself, and the fully documented shapes are the published JSON Schemas of `-o json` (schemas/). `source`,
// in every answer, is described once by the server's instructions. It has no `required` list: a field whose type does not
// admit null is always present, one typed `[T, "null"]` may be absent — the same fact, without naming every
// field twice. No `$defs`/`$ref` either: JSON Schema cannot share them between tools, and Gemini CLI, the
// Copilot CLI and Spring AI's Gemini bridge refuse tools whose schemas use them
// (google-gemini/gemini-cli#13326, github/copilot-cli#1876, spring-projects/spring-ai#5640).
// Input schemas keep what a model needs to call right: types, numeric bounds, enums, required, and a
// description only where the name and the tool's description do not say it (what a namespace or a pod name
// is, a model knows; the server's instructions say once what an omitted namespace means). String lengths and
// patterns are the server's to check: it refuses a bad name with a sentence.

import { z } from 'zod';
import { PAYLOAD_FIELDS } from './budget.js';

type JsonSchema = Record<string, unknown>;

interface ZodJson {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: ZodJson[];
  oneOf?: ZodJson[];
  properties?: Record<string, ZodJson>;
  required?: string[];
  items?: ZodJson;
  description?: string;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  additionalProperties?: unknown;
  default?: unknown;
}

/** Collapses a union to its non-null member (zod's optional/nullable produce anyOf). */
function unwrap(schema: ZodJson): ZodJson {
  const members = schema.anyOf ?? schema.oneOf;
  if (!members) return schema;
  const real = members.filter((m) => m.type !== 'null');
  if (real.length === 1)
    return { ...unwrap(real[0]!), description: schema.description ?? real[0]!.description };
  return schema;
}

function typeOf(schema: ZodJson): string | string[] | undefined {
  if (schema.type) return schema.type;
  if (schema.const !== undefined) return typeof schema.const === 'number' ? 'number' : typeof schema.const;
  return undefined;
}

function withNull(type: string | string[] | undefined): string | string[] | undefined {
  if (type === undefined) return undefined;
  const types = Array.isArray(type) ? type : [type];
  return types.includes('null') ? types : [...types, 'null'];
}

/** The names of an object's fields, each accepting anything (documents without constraining). */
function namesOnly(schema: ZodJson): JsonSchema | undefined {
  const target = unwrap(schema);
  const object = target.type === 'array' && target.items ? unwrap(target.items) : target;
  if (object.type !== 'object' || !object.properties) return undefined;
  return Object.fromEntries(Object.keys(object.properties).map((name) => [name, {}]));
}

/**
 * Fields whose inner names are not repeated in every tool: the same shapes everywhere (where the answer came
 * from; findings, events and conditions, which the instructions describe once).
 */
const OPAQUE = new Set(['findings', 'events', 'conditions', 'noPodsBecause']);

/**
 * Fields every answer carries and the server's instructions describe once (where the answer came from and how
 * fresh it is); the open schema accepts them without naming them in every tool.
 */
const SHARED = new Set(['source']);

function topLevelProperty(name: string, raw: ZodJson, required: boolean): JsonSchema {
  const schema = unwrap(raw);
  const type = typeOf(schema);
  const out: JsonSchema = {};
  if (type !== undefined) out.type = required ? type : withNull(type);
  if (schema.enum) out.enum = required ? schema.enum : [...schema.enum, null];
  if (!OPAQUE.has(name)) {
    const names = namesOnly(schema);
    // Only the rows of a list are named: they are what a model reads field by field.
    // `properties` applies to objects only, so the rows need no `"type": "object"` of their own.
    if (names && schema.type === 'array') out.items = { properties: names };
  }
  return out;
}

/** A compact, lenient output schema (see the top of this file). */
export function outputJsonSchema(shape: z.ZodRawShape): JsonSchema {
  const full = z.toJSONSchema(z.object(shape), { io: 'output', unrepresentable: 'any' }) as ZodJson;
  // A payload field (a log's text) is left out of the structure when the text content carries it.
  const required = new Set(
    (full.required ?? []).filter((n) => !(PAYLOAD_FIELDS as readonly string[]).includes(n)),
  );
  const properties = Object.fromEntries(
    Object.entries(full.properties ?? {})
      .filter(([name]) => !SHARED.has(name))
      .map(([name, schema]) => [name, topLevelProperty(name, schema, required.has(name))]),
  );
  return { type: 'object', properties };
}

function inputProperty(raw: ZodJson): JsonSchema {
  const schema = unwrap(raw);
  const out: JsonSchema = {};
  if (schema.type) out.type = schema.type;
  if (schema.enum) out.enum = schema.enum;
  // Patterns and string lengths are left to the server, which refuses a bad or over-long name with a sentence
  // (a model does not write a 254-character name); a number's range says what may be asked for.
  for (const key of ['minimum', 'maximum'] as const) if (schema[key] !== undefined) out[key] = schema[key];
  if (schema.description) out.description = schema.description;
  return out;
}

/** The input schema: closed (an unknown argument is refused, so say so), without $schema and patterns. */
export function inputJsonSchema(shape: z.ZodRawShape): JsonSchema {
  const full = z.toJSONSchema(z.object(shape).strict(), { io: 'input', unrepresentable: 'any' }) as ZodJson;
  const properties = Object.fromEntries(
    Object.entries(full.properties ?? {}).map(([name, schema]) => [name, inputProperty(schema)]),
  );
  return {
    type: 'object',
    properties,
    ...(full.required?.length ? { required: full.required } : {}),
    additionalProperties: false,
  };
}
