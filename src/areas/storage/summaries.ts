// Storage summaries: claims, volumes, classes, attachments and pods as the storage results show them.
// Pure: plain objects in, plain values out.

import type { z } from 'zod';
import { sortFindings, type Finding } from '../../diagnose/finding.js';
import { podStatus } from '../pods/rules.js';
import {
  claimKey,
  claimNamesOf,
  diagnoseAttachment,
  diagnoseStorageClasses,
  diagnoseVolume,
  isDefaultClass,
  resolveClass,
} from './rules.js';
import type {
  Event,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
  StorageClass,
  VolumeAttachment,
} from '../../kube/types.js';
import type { consumer } from './schema.js';
import {
  type ClaimSummary,
  type VolumeSummary,
  type ClassSummary,
  type AttachmentSummary,
  type StoragePod,
} from './schema.js';

export function lifecycle(
  object: { metadata?: { deletionTimestamp?: string } },
  phase: string | undefined,
): string {
  return object.metadata?.deletionTimestamp ? 'Terminating' : (phase ?? 'Pending');
}

function consumerOf(pod: Pod): z.output<typeof consumer> {
  return { name: pod.metadata?.name ?? '', node: pod.spec?.nodeName, status: podStatus(pod) };
}

export function summarizeClaim(
  claim: PersistentVolumeClaim,
  classes: readonly StorageClass[],
  consumers: readonly Pod[],
  findings: Finding[],
): ClaimSummary {
  const resolution = resolveClass(claim, classes);
  return {
    namespace: claim.metadata?.namespace ?? '',
    name: claim.metadata?.name ?? '',
    status: lifecycle(claim, claim.status?.phase),
    volume: claim.spec?.volumeName || undefined,
    capacity: claim.status?.capacity?.storage,
    requested: claim.spec?.resources?.requests?.storage,
    accessModes: claim.status?.accessModes ?? claim.spec?.accessModes ?? [],
    storageClass: resolution.name || undefined,
    storageClassSource: resolution.source,
    volumeMode: claim.spec?.volumeMode,
    createdAt: claim.metadata?.creationTimestamp,
    consumers: consumers.map(consumerOf),
    findings: sortFindings(findings),
  };
}

export function summarizeVolume(volume: PersistentVolume): VolumeSummary {
  const ref = volume.spec?.claimRef;
  return {
    name: volume.metadata?.name ?? '',
    status: lifecycle(volume, volume.status?.phase),
    capacity: volume.spec?.capacity?.storage,
    accessModes: volume.spec?.accessModes ?? [],
    reclaimPolicy: volume.spec?.persistentVolumeReclaimPolicy,
    storageClass: volume.spec?.storageClassName || undefined,
    claim: ref?.name ? `${ref.namespace ?? ''}/${ref.name}` : undefined,
    driver: volume.spec?.csi?.driver,
    message: volume.status?.message,
    createdAt: volume.metadata?.creationTimestamp,
    findings: sortFindings(diagnoseVolume(volume)),
  };
}

function summarizeClass(storageClass: StorageClass, findings: Finding[]): ClassSummary {
  return {
    name: storageClass.metadata?.name ?? '',
    isDefault: isDefaultClass(storageClass),
    provisioner: storageClass.provisioner ?? '',
    reclaimPolicy: storageClass.reclaimPolicy ?? 'Delete',
    volumeBindingMode: storageClass.volumeBindingMode ?? 'Immediate',
    allowVolumeExpansion: storageClass.allowVolumeExpansion ?? false,
    createdAt: storageClass.metadata?.creationTimestamp,
    findings: sortFindings(findings.filter((f) => f.object.name === storageClass.metadata?.name)),
  };
}

export function summarizeClasses(classes: readonly StorageClass[]): ClassSummary[] {
  const findings = diagnoseStorageClasses(classes);
  return classes.map((c) => summarizeClass(c, findings)).sort((a, b) => a.name.localeCompare(b.name));
}

/** The claim an attachment serves, from its volume's claimRef ("namespace/name"). */
function claimOfAttachment(attachment: VolumeAttachment, volumes: ReadonlyMap<string, PersistentVolume>) {
  const ref = volumes.get(attachment.spec?.source?.persistentVolumeName ?? '')?.spec?.claimRef;
  return ref?.name ? `${ref.namespace ?? ''}/${ref.name}` : undefined;
}

export function summarizeAttachment(
  attachment: VolumeAttachment,
  volumes: ReadonlyMap<string, PersistentVolume>,
): AttachmentSummary {
  const claim = claimOfAttachment(attachment, volumes);
  return {
    name: attachment.metadata?.name ?? '',
    attacher: attachment.spec?.attacher,
    volume: attachment.spec?.source?.persistentVolumeName,
    claim,
    node: attachment.spec?.nodeName,
    attached: attachment.status?.attached ?? false,
    attachError: attachment.status?.attachError?.message,
    detachError: attachment.status?.detachError?.message,
    createdAt: attachment.metadata?.creationTimestamp,
    findings: sortFindings(diagnoseAttachment(attachment, claim)),
  };
}

export function byName<T extends { metadata?: { name?: string } }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((item) => [item.metadata?.name ?? '', item]));
}

export function podEventsOf(pods: readonly Pod[], index: ReadonlyMap<string, Event[]>): Event[] {
  return pods.flatMap((p) => index.get(claimKey(p.metadata?.namespace, p.metadata?.name)) ?? []);
}

export function summarizePod(pod: Pod, findings: Finding[]): StoragePod {
  return {
    namespace: pod.metadata?.namespace ?? '',
    name: pod.metadata?.name ?? '',
    status: podStatus(pod),
    node: pod.spec?.nodeName,
    claims: [...new Set(claimNamesOf(pod))],
    findings: sortFindings(findings),
  };
}
