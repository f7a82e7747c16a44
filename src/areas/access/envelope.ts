// The -o json|yaml schema of `doctor`: loaded on demand by ../envelope.ts (documented()).

import { checkAccess } from '../../areas/access/queries.js';
import { element, envelope, kinded, summary } from './common.js';

export const AccessReport = envelope('AccessReport', kinded('Check', element(checkAccess.output.checks)), {
  summary: summary.extend({ ok: checkAccess.output.ok, checks: checkAccess.output.counts }),
});
