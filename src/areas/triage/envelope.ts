// The -o json|yaml schema of `triage`: loaded on demand by ../envelope.ts (documented()).

import { z } from 'zod';
import { triageQuery } from '../../areas/triage/queries.js';
import { chainResult } from '../../areas/triage/schema.js';
import { severityCounts } from '../../queries/schemas.js';
import { envelope, kinded, summary } from './common.js';

export const TriageReport = envelope('TriageReport', kinded('CausalChain', chainResult), {
  summary: summary.extend({
    findings: severityCounts.describe('Root causes by severity (the items)'),
    objects: triageQuery.output.objects,
    symptoms: z.number().describe('Findings that follow from a root cause, folded under it'),
    informational: triageQuery.output.informational,
    notRead: triageQuery.output.notRead,
  }),
});
