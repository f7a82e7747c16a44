// The -o json|yaml envelope of `workloads`, kind → schema. Loaded only when
// -o json|yaml asks or `npm run schemas` runs (./index.ts registers it as a lazy import).

import { z } from 'zod';
import { diagnoseWorkloads } from './queries.js';
import { element, envelope, kinded, summary } from '../../cli/envelopes/common.js';

const WorkloadList = envelope(
  'WorkloadList',
  z.union([
    element(diagnoseWorkloads.output.workloads),
    kinded('ResourceQuota', element(diagnoseWorkloads.output.quotas)),
  ]),
  { summary: summary.extend({ totals: diagnoseWorkloads.output.totals }) },
);

export const ENVELOPES = { WorkloadList };
