// The parts every -o json|yaml envelope schema shares. Loaded only when -o json|yaml is asked (see
// ../envelope.ts, documented()), or by `npm run schemas` through ./all.ts: text output builds no zod
// envelope schema at all.

import { z } from 'zod';
import { observedSource, severityCounts } from '../../queries/schemas.js';
import { API_VERSION } from '../api-version.js';

export const scope = z.object({
  namespace: z.string().optional(),
  allNamespaces: z.boolean().optional(),
  selector: z.string().optional(),
  name: z.string().optional().describe('The one object asked for'),
});

export const summary = z.object({
  items: z.number().describe('Objects in scope'),
  itemsWithFindings: z.number(),
  findings: severityCounts.describe('Findings by severity, over every item'),
});

type Shape = z.ZodRawShape;
export type AnyObject = z.ZodObject<Shape>;

export function element(schema: z.ZodType): AnyObject {
  return (schema as z.ZodArray<AnyObject>).element;
}

/** An item schema with its `kind`. */
export function kinded(kind: string, schema: AnyObject): AnyObject {
  return schema.extend({ kind: z.literal(kind) }) as AnyObject;
}

/** One object in depth: the query's answer without `source` (it moves up to the envelope). */
export function described(kind: string, output: Shape, movedUp: string[] = []): AnyObject {
  const rest = Object.fromEntries(
    Object.entries(output).filter(([key]) => key !== 'source' && !movedUp.includes(key)),
  );
  return z.object({ kind: z.literal(kind), ...rest }) as AnyObject;
}

export function envelope(
  kind: string,
  item: z.ZodType,
  extra: { source?: AnyObject; summary?: AnyObject } = {},
) {
  return z
    .object({
      apiVersion: z.literal(API_VERSION),
      kind: z.literal(kind),
      source: extra.source ?? observedSource,
      scope,
      summary: extra.summary ?? summary,
      items: z.array(item),
    })
    .strict();
}

export type EnvelopeSchema = ReturnType<typeof envelope>;
