// Result shapes shared by several queries. They are the MCP outputSchema, so they are part of the
// contract with models; change them deliberately (the tool-list snapshot test shows every change).

import { z } from 'zod';
import type { Finding } from '../diagnose/finding.js';

export const severity = z.enum(['critical', 'warning', 'info']);

export const finding = z.object({
  id: z.string().describe('Stable id: REASON@Kind/namespace/name'),
  severity,
  reason: z.string().describe('Stable machine code, e.g. CrashLoopBackOff'),
  object: z.object({ kind: z.string(), namespace: z.string().optional(), name: z.string() }),
  message: z.string(),
  evidence: z.array(z.string()),
  hint: z.string(),
  causedBy: z.array(z.string()).optional().describe('Ids of the findings that cause this one'),
}) satisfies z.ZodType<Finding>;

export const severityCounts = z.object({ critical: z.number(), warning: z.number(), info: z.number() });

export const source = z.object({
  kind: z.enum(['live', 'snapshot']),
  description: z.string(),
  server: z.string().optional(),
  context: z.string().optional(),
  path: z.string().optional(),
  takenAt: z.string().optional(),
  notCaptured: z
    .array(z.string())
    .optional()
    .describe('Snapshot only: what the snapshot lacks that this answer needed'),
  freshness: z
    .string()
    .optional()
    .describe('MCP server with its watch cache: how fresh the cached answer is'),
});

/** Where an answer came from, and the time it was judged at (now, or when the snapshot was taken). */
export const observedSource = source.extend({ observedAt: z.string() });

/** What a list answer covers: one namespace or all of them (inside the fence), and the label selector. */
export const listScope = z.object({
  namespace: z.string().optional(),
  allNamespaces: z.boolean(),
  selector: z.string().optional(),
});

export const event = z.object({
  type: z.string(),
  reason: z.string(),
  message: z.string(),
  count: z.number(),
  lastSeen: z.string().optional(),
  firstSeen: z.string().optional(),
  object: z.string().describe('Kind/name of the object the event is about'),
  source: z.string().optional(),
});

export const condition = z.object({
  type: z.string(),
  status: z.string(),
  reason: z.string().optional(),
  message: z.string().optional(),
  lastTransitionTime: z.string().optional(),
});
