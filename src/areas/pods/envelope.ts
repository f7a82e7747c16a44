// The -o json|yaml schemas of `pods`: loaded on demand by ../envelope.ts (documented()).

import { describePod, diagnosePods } from '../../areas/pods/queries.js';
import { described, element, envelope, kinded, summary } from './common.js';

export const PodList = envelope('PodList', kinded('Pod', element(diagnosePods.output.pods)), {
  summary: summary.extend({ noPodsBecause: diagnosePods.output.noPodsBecause }),
});
export const Pod = envelope('Pod', described('Pod', describePod.output));
