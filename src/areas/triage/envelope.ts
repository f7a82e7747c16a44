// The -o json|yaml envelope of `triage`, kind → schema. Loaded only when
// -o json|yaml asks or `npm run schemas` runs (./index.ts registers it as a lazy import).

import { z } from 'zod';
import { triageQuery } from './queries.js';
import { chainResult } from './schema.js';
import { severityCounts } from '../../queries/schemas.js';
import { envelope, kinded, summary } from '../../cli/envelopes/common.js';

const TriageReport = envelope('TriageReport', kinded('CausalChain', chainResult), {
  summary: summary.extend({
    findings: severityCounts.describe('Root causes by severity (the items)'),
    objects: triageQuery.output.objects,
    symptoms: z.number().describe('Findings that follow from a root cause, folded under it'),
    informational: triageQuery.output.informational,
    notRead: triageQuery.output.notRead,
  }),
});

export const ENVELOPES = { TriageReport };
