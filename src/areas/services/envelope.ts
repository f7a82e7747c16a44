// The -o json|yaml envelope of `endpoints`, kind → schema. Loaded only when
// -o json|yaml asks or `npm run schemas` runs (./index.ts registers it as a lazy import).

import { diagnoseServices, getService } from './queries.js';
import { described, element, envelope, kinded } from '../../cli/envelopes/common.js';

const ServiceList = envelope('ServiceList', kinded('Service', element(diagnoseServices.output.services)));
const Service = envelope('Service', described('Service', getService.output));

export const ENVELOPES = { ServiceList, Service };
