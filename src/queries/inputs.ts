// Input fields shared by the queries. Their constraints show up in the MCP input schemas, so a model sees
// the rules, and they refuse bad input before any request is made. Descriptions only where the name and
// bounds do not say it all: every tool list carries them (what an omitted namespace means is said once, in
// the MCP instructions).

import { z } from 'zod';
import { parseSelector, SelectorSyntaxError } from '../kube/labels.js';

export const MAX_TAIL_LINES = 5000;
export const DEFAULT_TAIL_LINES = 100;
export const MAX_SINCE_SECONDS = 30 * 24 * 3600;
/** Logs are cut at this many bytes whatever the tail, so one call cannot flood a model or the terminal. */
export const LOG_LIMIT_BYTES = 1024 * 1024;

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export const namespace = z
  .string()
  .max(63, 'a namespace name has at most 63 characters')
  .regex(LABEL, "must be a namespace name: lower-case letters, digits and '-', no '/' or '..'");

export function objectName(what: string) {
  return z
    .string()
    .max(253, `a ${what} name has at most 253 characters`)
    .regex(SUBDOMAIN, `must be a ${what} name: lower-case letters, digits, '-' and '.', no '/' or '..'`);
}

export const containerName = z
  .string()
  .max(63, 'a container name has at most 63 characters')
  .regex(LABEL, "must be a container name: lower-case letters, digits and '-'")
  .describe('Default: the failing container, else the first.');

export const labelSelector = z
  .string()
  .max(1024)
  .superRefine((value, ctx) => {
    try {
      parseSelector(value);
    } catch (error) {
      if (!(error instanceof SelectorSyntaxError)) throw error;
      ctx.addIssue({ code: 'custom', message: error.message });
    }
  })
  .describe('kubectl syntax: "app=web,tier!=db"');

export const tailLines = z
  .number()
  .int()
  .min(1)
  .max(MAX_TAIL_LINES, `at most ${MAX_TAIL_LINES} lines can be read at once`)
  .describe(`Lines from the end (default ${DEFAULT_TAIL_LINES}).`);

export const sinceSeconds = z.number().int().min(1).max(MAX_SINCE_SECONDS, 'at most 30 days');

export const allNamespaces = z.boolean();
