// The -o json|yaml schemas of `endpoints`: loaded on demand by ../envelope.ts (documented()).

import { diagnoseServices, getService } from '../../areas/services/queries.js';
import { described, element, envelope, kinded } from './common.js';

export const ServiceList = envelope(
  'ServiceList',
  kinded('Service', element(diagnoseServices.output.services)),
);
export const Service = envelope('Service', described('Service', getService.output));
