// The -o json|yaml schemas of `storage`: loaded on demand by ../envelope.ts (documented()).

import { z } from 'zod';
import { diagnoseStorage, getPvc } from '../../areas/storage/queries.js';
import { described, element, envelope, kinded, summary } from './common.js';

export const StorageReport = envelope(
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
export const PersistentVolumeClaim = envelope(
  'PersistentVolumeClaim',
  described('PersistentVolumeClaim', getPvc.output),
);
