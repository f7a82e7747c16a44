// The -o json|yaml envelope of `storage`, kind → schema. Loaded only when
// -o json|yaml asks or `npm run schemas` runs (./index.ts registers it as a lazy import).

import { z } from 'zod';
import { diagnoseStorage, getPvc } from './queries.js';
import { described, element, envelope, kinded, summary } from '../../cli/envelopes/common.js';

const StorageReport = envelope(
  'StorageReport',
  z.union([
    kinded('PersistentVolumeClaim', element(diagnoseStorage.output.claims)),
    kinded('PersistentVolume', element(diagnoseStorage.output.volumes)),
    kinded('StorageClass', element(diagnoseStorage.output.storageClasses)),
    kinded('VolumeAttachment', element(diagnoseStorage.output.attachments)),
    kinded('Pod', element(diagnoseStorage.output.pods)),
  ]),
  { summary: summary.extend({ totals: diagnoseStorage.output.totals }) },
);
const PersistentVolumeClaim = envelope(
  'PersistentVolumeClaim',
  described('PersistentVolumeClaim', getPvc.output),
);

export const ENVELOPES = { StorageReport, PersistentVolumeClaim };
