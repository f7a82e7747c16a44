// The access area's result contract: what check_access returns, shared by the query and both renderers.

import { z } from 'zod';
import { observedSource } from '../../queries/schemas.js';

export const checkResult = z.object({
  name: z.string(),
  status: z.enum(['ok', 'warn', 'fail', 'skip']),
  summary: z.string(),
  details: z.array(z.string()),
  fix: z.string().optional(),
});

export const accessOutput = {
  source: observedSource,
  ok: z.boolean().describe('True when no check failed'),
  counts: z.object({ ok: z.number(), warn: z.number(), fail: z.number(), skip: z.number() }),
  checks: z.array(checkResult),
};

export type AccessReport = z.output<z.ZodObject<typeof accessOutput>>;
