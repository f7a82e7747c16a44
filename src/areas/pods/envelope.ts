// The -o json|yaml envelope of `pods`, kind → schema. Loaded only when
// -o json|yaml asks or `npm run schemas` runs (./index.ts registers it as a lazy import).

import { describePod, diagnosePods } from './queries.js';
import { described, element, envelope, kinded, summary } from '../../cli/envelopes/common.js';

const PodList = envelope('PodList', kinded('Pod', element(diagnosePods.output.pods)), {
  summary: summary.extend({ noPodsBecause: diagnosePods.output.noPodsBecause }),
});
const Pod = envelope('Pod', described('Pod', describePod.output));

export const ENVELOPES = { PodList, Pod };
