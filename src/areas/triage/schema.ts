// The triage result: causal chains, each root cause first with the findings that follow from it.

import { z } from 'zod';
import { finding, listScope, observedSource, severityCounts } from '../../queries/schemas.js';

export const chainResult = z.object({
  root: finding.describe('The root cause: a finding nothing found here causes'),
  objects: z.array(z.string()).describe('Every object with this root cause ("Kind/namespace/name")'),
  line: z.string().describe('The chain in one line, from what users see back to the cause'),
  symptoms: z.array(finding).describe('Findings that follow from the root, nearest first'),
});

export const triageOutput = {
  source: observedSource,
  scope: listScope.omit({ selector: true }),
  objects: z.number().describe('Objects read, events aside'),
  findings: z.number().describe('Findings in scope, roots and symptoms'),
  counts: severityCounts.describe('Root causes by severity'),
  informational: z.number().describe('Info-only root causes with no symptom, counted and not listed'),
  notRead: z.array(z.string()).optional().describe('Lists this identity could not read, with why'),
  chains: z.array(chainResult),
};

export type ChainResult = z.output<typeof chainResult>;
export type TriageReport = z.output<z.ZodObject<typeof triageOutput>>;
