// Volume rules: Released, Failed and unclaimed Available PersistentVolumes.

import type { PersistentVolume } from '../../../kube/types.js';
import type { Finding, ObjectRef } from '../../../diagnose/finding.js';
import { finding } from '../reasons.js';
import { accessModesText } from './facts.js';

function volumeRefOf(volume: PersistentVolume): ObjectRef {
  return { kind: 'PersistentVolume', name: volume.metadata?.name ?? '' };
}

function claimRefText(volume: PersistentVolume): string | undefined {
  const ref = volume.spec?.claimRef;
  return ref?.name ? `${ref.namespace ?? ''}/${ref.name}` : undefined;
}

export function diagnoseVolume(volume: PersistentVolume): Finding[] {
  const claim = claimRefText(volume);
  const policy = volume.spec?.persistentVolumeReclaimPolicy ?? 'Retain';
  const facts = [
    `capacity ${volume.spec?.capacity?.storage ?? '?'}, ${accessModesText(volume.spec?.accessModes) || 'no access modes'}, class ${volume.spec?.storageClassName || '<none>'}`,
    `reclaim policy ${policy}`,
  ];
  switch (volume.status?.phase) {
    case 'Released':
      return [
        finding('PVReleased', volumeRefOf(volume), {
          message:
            policy === 'Retain'
              ? `Volume was released by claim ${claim ?? '?'}, which was deleted; reclaim policy Retain keeps it and its data, and no new claim can bind it`
              : `Volume was released by claim ${claim ?? '?'} but reclaim policy ${policy} has not removed it`,
          evidence: [...facts, volume.status?.message ? `message: ${volume.status.message}` : ''],
          severity: policy === 'Retain' ? 'info' : 'warning',
          facts: { retained: policy === 'Retain' },
        }),
      ];
    case 'Failed':
      return [
        finding('PVFailed', volumeRefOf(volume), {
          message: `Volume failed: ${volume.status?.message ?? volume.status?.reason ?? 'reclamation failed'}`,
          evidence: [
            ...facts,
            claim ? `last claim: ${claim}` : '',
            volume.status?.reason ? `reason: ${volume.status.reason}` : '',
          ],
        }),
      ];
    case 'Available':
      return [
        finding('PVAvailableUnclaimed', volumeRefOf(volume), {
          message: claim
            ? `Volume is Available, reserved for claim ${claim}, which has not bound it`
            : 'Volume is Available and no claim uses it',
          evidence: facts,
          facts: claim
            ? { reservedFor: claim }
            : {
                reservedFor: undefined,
                className: volume.spec?.storageClassName || '""',
                capacity: volume.spec?.capacity?.storage ?? 'its capacity',
              },
        }),
      ];
    default:
      return [];
  }
}
