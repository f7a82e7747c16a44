// Every reason code the storage rules report, as data: severity, the README's one-line meaning, the hint
// (made from the facts the rule passes where it names objects) and the Kubernetes documentation behind it.

import { findingsOf, type ReasonSpec } from '../../diagnose/finding.js';

const PV_DOCS = 'https://kubernetes.io/docs/concepts/storage/persistent-volumes/';
const CLASS_DOCS = 'https://kubernetes.io/docs/concepts/storage/storage-classes/';
/** The annotation that makes a class the default (named in hints). */
export const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';

function provisioningHint(f: { message: string; provisioner: string }): string {
  const { message, provisioner } = f;
  if (/quota|ResourceExhausted|exceeded|limit/i.test(message))
    return `The storage backend refused the volume (quota or capacity): free capacity or raise the quota; ${provisioner} retries on its own.`;
  if (/unauthori[sz]ed|forbidden|permission|credential|access denied|secret/i.test(message))
    return `${provisioner} lacks the credentials or permissions to create volumes: check its secret and cloud/IAM permissions.`;
  if (/parameter|invalid|unsupported|not supported/i.test(message))
    return 'The class parameters or the request are not accepted by the driver: fix the StorageClass parameters or the claim (size, access modes, volume mode).';
  if (/topolog|zone|node affinity|accessible/i.test(message))
    return 'No zone or node can host the volume: check allowedTopologies of the class and where the consumer pod is scheduled.';
  return `${provisioner} could not create the volume: fix the cause in its message; the controller retries on its own.`;
}

export const STORAGE_REASONS = {
  PVCPendingNoStorageClass: {
    severity: 'critical',
    title: 'The claim has no class and there is no default class, and no pre-created volume fits it.',
    hint: (f: { explicit: boolean }) =>
      f.explicit
        ? 'Create a PersistentVolume without a storageClassName that fits the request, or re-create the claim with a StorageClass (a claim cannot change class).'
        : `Mark one class as default (annotation ${DEFAULT_CLASS_ANNOTATION}: "true"), after which the claim gets it automatically; or re-create the claim with storageClassName set to an existing class; or pre-create a PersistentVolume without a class that fits it.`,
    docs: `${CLASS_DOCS}#default-storageclass`,
  },
  PVCPendingClassNotFound: {
    severity: 'critical',
    title: 'The claim names a StorageClass that does not exist.',
    hint: (f: { className: string }) =>
      `Create the StorageClass "${f.className}", or re-create the claim with one of the existing classes (the class of a claim cannot be changed).`,
    docs: CLASS_DOCS,
  },
  PVCPendingProvisioningFailed: {
    severity: 'critical',
    title: 'The provisioner failed; its ProvisioningFailed message is quoted.',
    hint: provisioningHint,
    docs: `${PV_DOCS}#dynamic`,
  },
  PVCWaitForFirstConsumer: {
    severity: 'info',
    title: 'Not a fault: a WaitForFirstConsumer class binds once a pod using the claim is scheduled.',
    hint: (f: { consumer: string; namespace: string } | { consumer: undefined }) =>
      f.consumer === undefined
        ? 'Not a fault: the volume is created in the zone of the node the scheduler picks for the first pod that mounts this claim. Create that pod and the claim binds.'
        : `The claim binds once the scheduler places the pod: if the pod stays Pending, its own findings say why (kubectl diag pods ${f.consumer} -n ${f.namespace}).`,
    docs: `${CLASS_DOCS}#volume-binding-mode`,
  },
  PVCPending: {
    severity: 'warning',
    title:
      'Pending with no other explanation: waiting for the provisioner, a matching or a pre-bound volume.',
    hint: (f: { missingVolume: string } | { missingVolume: undefined; long: boolean }) => {
      if (f.missingVolume !== undefined)
        return `A claim with spec.volumeName binds only to that volume: create the PersistentVolume ${f.missingVolume}, or re-create the claim without volumeName.`;
      return f.long
        ? 'Binding normally takes seconds. Check that the provisioner (usually a CSI controller Deployment) is running and read its logs; events on the claim show what it tried.'
        : 'Binding normally takes seconds; look again shortly. If it stays Pending, check that the provisioner is running.';
    },
    docs: `${PV_DOCS}#binding`,
  },
  PVCLost: {
    severity: 'critical',
    title: 'The claim lost its volume (gone, or bound elsewhere).',
    hint: 'Pods using a Lost claim cannot start. If the backing disk still exists, re-create the PersistentVolume with the same name and a claimRef to this claim; otherwise delete the claim and restore the data from a backup.',
    docs: `${PV_DOCS}#binding`,
  },
  PVReleased: {
    severity: 'warning',
    title: 'The claim of the volume was deleted; the volume is kept and cannot be rebound.',
    hint: (f: { retained: boolean }) =>
      f.retained
        ? 'Kept by design. To reuse it, back up the data, then remove spec.claimRef so it becomes Available; otherwise delete the PV and the backing disk.'
        : 'The provisioner should have deleted the volume: check its logs and the backing storage, then delete the PV by hand if the disk is gone.',
    docs: `${PV_DOCS}#reclaiming`,
  },
  PVFailed: {
    severity: 'critical',
    title: 'Reclaiming the volume failed.',
    hint: 'Automatic reclamation failed (the volume could not be deleted or recycled): clean up the backing storage by hand, then delete the PV.',
    docs: `${PV_DOCS}#reclaiming`,
  },
  PVAvailableUnclaimed: {
    severity: 'info',
    title: 'The volume is Available and unused, or reserved for a claim that never came.',
    hint: (f: { reservedFor: string } | { reservedFor: undefined; className: string; capacity: string }) =>
      f.reservedFor !== undefined
        ? `Create the claim ${f.reservedFor} (or remove spec.claimRef) so the volume can be used.`
        : `A claim of class ${f.className} asking for at most ${f.capacity} with compatible access modes will bind it; delete it if it is no longer needed.`,
    docs: `${PV_DOCS}#reserving-a-persistentvolume`,
  },
  MultipleDefaultStorageClasses: {
    severity: 'warning',
    title: 'More than one default StorageClass; claims get the newest.',
    hint: `Keep one default: remove the ${DEFAULT_CLASS_ANNOTATION} annotation (or set it to "false") on the others, so which class a claim gets does not depend on creation order.`,
    docs: `${CLASS_DOCS}#default-storageclass`,
  },
  NoProvisionerClass: {
    severity: 'info',
    title: 'A kubernetes.io/no-provisioner class: its claims bind only to pre-created volumes.',
    hint: (
      f:
        | { claim: false; className: string; waitsForConsumer: boolean }
        | { claim: true; className: string; size: string },
    ) =>
      f.claim
        ? `Volumes of class ${f.className} must exist before claims can bind: create a PersistentVolume (e.g. a local volume) of class ${f.className} with at least ${f.size} and the claim's access modes, or run a static provisioner for it.`
        : `Typical for local volumes. Create PersistentVolumes of class ${f.className} before the claims that need them (or run a static provisioner)${f.waitsForConsumer ? '' : '; WaitForFirstConsumer binding lets the scheduler pick a node that has a matching volume'}.`,
    docs: 'https://kubernetes.io/docs/concepts/storage/storage-classes/#local',
  },
  VolumeAttachFailed: {
    severity: 'critical',
    title: 'A VolumeAttachment reports an attach error.',
    hint: 'Pods on that node that use the volume stay in ContainerCreating. Usual causes: the volume is still attached to another node (it must detach first), the node reached its volume limit, or the volume lives in another zone. The CSI driver controller logs say more.',
    docs: 'https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/volume-attachment-v1/',
  },
  VolumeDetachFailed: {
    severity: 'warning',
    title: 'A VolumeAttachment reports a detach error.',
    hint: (f: { node: string }) =>
      `Until it detaches, the volume cannot attach anywhere else. Check node ${f.node} (gone or unreachable?) and the CSI driver logs; a disk still attached in the storage backend may need detaching there.`,
    docs: 'https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/volume-attachment-v1/',
  },
  PodBlockedByPVC: {
    severity: 'critical',
    title: 'A Pending pod mounts a claim that is missing or not Bound (also among the pod findings).',
    hint: (f: { claim: string; namespace: string; exists: boolean }) =>
      f.exists
        ? `\`kubectl diag storage ${f.claim} -n ${f.namespace}\` explains why the claim is not bound; with a WaitForFirstConsumer class it binds only once the scheduler picks a node for this pod.`
        : `Create the PersistentVolumeClaim ${f.claim} in namespace ${f.namespace}, or fix claimName in the pod spec; the pod cannot start without it.`,
    docs: `${PV_DOCS}#persistentvolumeclaims`,
  },
  AccessModeConflict: {
    severity: 'critical',
    title:
      'A ReadWriteOnce claim used on several nodes, a ReadWriteOncePod claim by several pods, or Multi-Attach errors.',
    hint: (f: { limit: 'pod' | 'node'; mode: string }) =>
      f.limit === 'pod'
        ? 'Only one pod at a time may use a ReadWriteOncePod claim: run a single replica, give each pod its own claim, or use another access mode.'
        : `A ${f.mode} volume attaches to one node at a time: keep its pods on one node (one replica, or pod affinity), give each replica its own claim (StatefulSet volumeClaimTemplates), use a ReadWriteMany class, or use strategy Recreate so the old pod releases the volume first.`,
    docs: `${PV_DOCS}#access-modes`,
  },
} as const satisfies Record<string, ReasonSpec>;

export const finding = findingsOf(STORAGE_REASONS);
