// The -o json|yaml schema of `workloads`: loaded on demand by ../envelope.ts (documented()).

import { z } from 'zod';
import { diagnoseWorkloads } from '../../areas/workloads/queries.js';
import { element, envelope, kinded, summary } from './common.js';

export const WorkloadList = envelope(
  'WorkloadList',
  z.union([
    element(diagnoseWorkloads.output.workloads),
    kinded('ResourceQuota', element(diagnoseWorkloads.output.quotas)),
  ]),
  { summary: summary.extend({ totals: diagnoseWorkloads.output.totals }) },
);
