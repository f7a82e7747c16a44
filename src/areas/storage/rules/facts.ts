// Facts the storage rules share: which class a claim gets, which pods mount it, whether a volume can bind it.
// Plain objects in, plain values out; no I/O.

import { bytes } from '../../../kube/quantity.js';
import type {
  Event,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
  StorageClass,
} from '../../../kube/types.js';
import { occurrences } from '../../../diagnose/events.js';
import type { ObjectRef } from '../../../diagnose/finding.js';
import { DEFAULT_CLASS_ANNOTATION } from '../reasons.js';

/** The annotation that makes a class the default (defined with the hints that name it). */
export { DEFAULT_CLASS_ANNOTATION };
/** Its beta spelling, still honoured by Kubernetes. */
const BETA_DEFAULT_CLASS_ANNOTATION = 'storageclass.beta.kubernetes.io/is-default-class';
/** Classes with this provisioner never create volumes: claims on them bind only to pre-created PVs. */
export const NO_PROVISIONER = 'kubernetes.io/no-provisioner';
/** The scheduler writes the node it picked for a WaitForFirstConsumer claim here; provisioning follows. */
export const SELECTED_NODE_ANNOTATION = 'volume.kubernetes.io/selected-node';
/** A Pending claim nothing explains is informational until it has waited this long, then a warning. */
export const PENDING_UNEXPLAINED_SECONDS = 300;

export function isDefaultClass(storageClass: StorageClass): boolean {
  const annotations = storageClass.metadata?.annotations ?? {};
  return (
    annotations[DEFAULT_CLASS_ANNOTATION] === 'true' || annotations[BETA_DEFAULT_CLASS_ANNOTATION] === 'true'
  );
}

/** The default classes, the one Kubernetes assigns first: newest, then by name (as the admission plugin does). */
export function defaultClasses(classes: readonly StorageClass[]): StorageClass[] {
  return classes
    .filter(isDefaultClass)
    .sort(
      (a, b) =>
        (b.metadata?.creationTimestamp ?? '').localeCompare(a.metadata?.creationTimestamp ?? '') ||
        (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''),
    );
}

/**
 * Where a claim's class comes from: named in its spec; unset but a default exists (the PV controller
 * assigns it retroactively); unset with no default; or "" (dynamic provisioning deliberately off).
 */
export type ClassSource = 'spec' | 'default' | 'unset' | 'empty';

export interface ClassResolution {
  source: ClassSource;
  /** The class name the claim will use; "" for static binding to class-less volumes. */
  name: string;
  storageClass?: StorageClass;
}

export function resolveClass(
  claim: PersistentVolumeClaim,
  classes: readonly StorageClass[],
): ClassResolution {
  const requested = claim.spec?.storageClassName;
  if (requested === '') return { source: 'empty', name: '' };
  if (requested !== undefined && requested !== null) {
    return {
      source: 'spec',
      name: requested,
      storageClass: classes.find((c) => c.metadata?.name === requested),
    };
  }
  const fallback = defaultClasses(classes)[0];
  return fallback
    ? { source: 'default', name: fallback.metadata?.name ?? '', storageClass: fallback }
    : { source: 'unset', name: '' };
}

export function claimKey(namespace: string | undefined, name: string | undefined): string {
  return `${namespace ?? ''}/${name ?? ''}`;
}

/** The claims a pod mounts: named claims, and the claims of generic ephemeral volumes (`<pod>-<volume>`). */
export function claimNamesOf(pod: Pod): string[] {
  return (pod.spec?.volumes ?? []).flatMap((volume) => {
    if (volume.persistentVolumeClaim) return [volume.persistentVolumeClaim.claimName];
    if (volume.ephemeral) return [`${pod.metadata?.name ?? ''}-${volume.name}`];
    return [];
  });
}

/** Pods by the "namespace/name" of each claim they mount, for joins in O(pods). */
export function consumersByClaim(pods: readonly Pod[]): Map<string, Pod[]> {
  const index = new Map<string, Pod[]>();
  for (const pod of pods) {
    for (const name of new Set(claimNamesOf(pod))) {
      const key = claimKey(pod.metadata?.namespace, name);
      const list = index.get(key);
      if (list) list.push(pod);
      else index.set(key, [pod]);
    }
  }
  return index;
}

/** A pod that still holds its volumes: not finished. */
export function isActivePod(pod: Pod): boolean {
  return pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed';
}

/** "RWO,RWX" as kubectl prints access modes. */
export function accessModesText(modes: readonly string[] | undefined): string {
  const short: Record<string, string> = {
    ReadWriteOnce: 'RWO',
    ReadOnlyMany: 'ROX',
    ReadWriteMany: 'RWX',
    ReadWriteOncePod: 'RWOP',
  };
  return (modes ?? []).map((m) => short[m] ?? m).join(',');
}

/** What the PV binder checks before binding an Available volume to a Pending claim (the parts we can see). */
export function volumeCanBind(
  volume: PersistentVolume,
  claim: PersistentVolumeClaim,
  className: string,
): boolean {
  if (volume.status?.phase !== 'Available') return false;
  const ref = volume.spec?.claimRef;
  if (ref && (ref.namespace !== claim.metadata?.namespace || ref.name !== claim.metadata?.name)) return false;
  if ((volume.spec?.storageClassName ?? '') !== className) return false;
  if ((volume.spec?.volumeMode ?? 'Filesystem') !== (claim.spec?.volumeMode ?? 'Filesystem')) return false;
  const wanted = claim.spec?.accessModes ?? [];
  const offered = volume.spec?.accessModes ?? [];
  if (!wanted.every((mode) => offered.includes(mode))) return false;
  return bytes(volume.spec?.capacity?.storage) >= bytes(claim.spec?.resources?.requests?.storage);
}

export function claimRefOf(claim: PersistentVolumeClaim): ObjectRef {
  return {
    kind: 'PersistentVolumeClaim',
    namespace: claim.metadata?.namespace,
    name: claim.metadata?.name ?? '',
  };
}

export function eventLines(events: readonly Event[], limit = 3): string[] {
  return events
    .slice(0, limit)
    .map((e) => `event ${e.reason ?? '?'} (x${occurrences(e)}): ${(e.message ?? '').trim()}`);
}

export function classNames(classes: readonly StorageClass[]): string {
  const names = classes.map((c) => c.metadata?.name ?? '').sort();
  if (names.length === 0) return 'StorageClasses: none';
  return `StorageClasses: ${names.slice(0, 8).join(', ')}${names.length > 8 ? `, … (${names.length})` : ''}`;
}

export function requestText(claim: PersistentVolumeClaim): string {
  return `requests ${claim.spec?.resources?.requests?.storage ?? '?'} ${accessModesText(claim.spec?.accessModes) || 'no access modes'}`;
}
