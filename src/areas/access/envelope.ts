// The -o json|yaml envelope of `doctor`, kind → schema. Loaded only when
// -o json|yaml asks or `npm run schemas` runs (./index.ts registers it as a lazy import).

import { checkAccess } from './queries.js';
import { element, envelope, kinded, summary } from '../../cli/envelopes/common.js';

const AccessReport = envelope('AccessReport', kinded('Check', element(checkAccess.output.checks)), {
  summary: summary.extend({ ok: checkAccess.output.ok, checks: checkAccess.output.counts }),
});

export const ENVELOPES = { AccessReport };
