// Plain storage objects for the pure-rule tests, shaped like what the apiserver returns.

import type {
  Event,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
  StorageClass,
  VolumeAttachment,
} from '../../../src/kube/types.js';
import { makePod, minutesAgo } from './pods.js';

export function makeClaim(
  name: string,
  opts: {
    storageClassName?: string | null;
    phase?: string;
    volumeName?: string;
    accessModes?: string[];
    size?: string;
    createdMinutesAgo?: number;
    annotations?: Record<string, string>;
    namespace?: string;
  } = {},
): PersistentVolumeClaim {
  const accessModes = opts.accessModes ?? ['ReadWriteOnce'];
  const phase = opts.phase ?? 'Pending';
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {
      name,
      namespace: opts.namespace ?? 'shop',
      uid: opts.namespace ? `uid-${opts.namespace}-${name}` : `uid-${name}`,
      creationTimestamp: minutesAgo(opts.createdMinutesAgo ?? 1),
      ...(opts.annotations ? { annotations: opts.annotations } : {}),
    },
    spec: {
      accessModes,
      resources: { requests: { storage: opts.size ?? '1Gi' } },
      ...(opts.storageClassName !== undefined ? { storageClassName: opts.storageClassName } : {}),
      ...(opts.volumeName ? { volumeName: opts.volumeName } : {}),
    },
    status: phase === 'Bound' ? { phase, accessModes, capacity: { storage: opts.size ?? '1Gi' } } : { phase },
  };
}

export function makeVolume(
  name: string,
  opts: {
    phase?: string;
    storageClassName?: string;
    claim?: { namespace: string; name: string };
    reclaimPolicy?: string;
    size?: string;
    accessModes?: string[];
    message?: string;
    /** The zone its required node affinity pins it to (topology.kubernetes.io/zone). */
    zone?: string;
  } = {},
): PersistentVolume {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name, creationTimestamp: minutesAgo(120) },
    spec: {
      capacity: { storage: opts.size ?? '1Gi' },
      accessModes: opts.accessModes ?? ['ReadWriteOnce'],
      persistentVolumeReclaimPolicy: opts.reclaimPolicy ?? 'Retain',
      ...(opts.storageClassName !== undefined ? { storageClassName: opts.storageClassName } : {}),
      ...(opts.claim ? { claimRef: { kind: 'PersistentVolumeClaim', ...opts.claim } } : {}),
      csi: { driver: 'csi.example.com', volumeHandle: `vol-${name}` },
      ...(opts.zone
        ? {
            nodeAffinity: {
              required: {
                nodeSelectorTerms: [
                  {
                    matchExpressions: [
                      { key: 'topology.kubernetes.io/zone', operator: 'In', values: [opts.zone] },
                    ],
                  },
                ],
              },
            },
          }
        : {}),
    },
    status: { phase: opts.phase ?? 'Bound', ...(opts.message ? { message: opts.message } : {}) },
  };
}

export function makeClass(
  name: string,
  opts: {
    provisioner?: string;
    isDefault?: boolean;
    betaDefault?: boolean;
    volumeBindingMode?: string;
    createdMinutesAgo?: number;
  } = {},
): StorageClass {
  const annotations: Record<string, string> = {};
  if (opts.isDefault) annotations['storageclass.kubernetes.io/is-default-class'] = 'true';
  if (opts.betaDefault) annotations['storageclass.beta.kubernetes.io/is-default-class'] = 'true';
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name, annotations, creationTimestamp: minutesAgo(opts.createdMinutesAgo ?? 600) },
    provisioner: opts.provisioner ?? 'csi.example.com',
    reclaimPolicy: 'Delete',
    volumeBindingMode: opts.volumeBindingMode ?? 'Immediate',
  };
}

export function makeAttachment(
  name: string,
  opts: { volume: string; node: string; attached?: boolean; attachError?: string; detachError?: string },
): VolumeAttachment {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'VolumeAttachment',
    metadata: { name, creationTimestamp: minutesAgo(30) },
    spec: { attacher: 'csi.example.com', nodeName: opts.node, source: { persistentVolumeName: opts.volume } },
    status: {
      attached: opts.attached ?? !opts.attachError,
      ...(opts.attachError ? { attachError: { time: minutesAgo(2), message: opts.attachError } } : {}),
      ...(opts.detachError ? { detachError: { time: minutesAgo(2), message: opts.detachError } } : {}),
    },
  };
}

/** A pod that mounts `claims`, on `node` (Running) or unscheduled (Pending). */
export function claimPod(name: string, claims: string[], node?: string): Pod {
  const pod = makePod(name, {
    spec: {
      ...(node ? { nodeName: node } : { nodeName: undefined }),
      volumes: claims.map((claimName, i) => ({ name: `data-${i}`, persistentVolumeClaim: { claimName } })),
    },
    status: node
      ? {}
      : {
          phase: 'Pending',
          containerStatuses: [],
          conditions: [
            {
              type: 'PodScheduled',
              status: 'False',
              reason: 'Unschedulable',
              message: '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims.',
            },
          ],
        },
  });
  return pod;
}

export function claimEvent(
  claim: PersistentVolumeClaim,
  reason: string,
  message: string,
  type = 'Warning',
): Event {
  return {
    metadata: { name: `${claim.metadata?.name}.${reason}`, namespace: claim.metadata?.namespace },
    involvedObject: {
      kind: 'PersistentVolumeClaim',
      name: claim.metadata?.name,
      namespace: claim.metadata?.namespace,
      uid: claim.metadata?.uid,
    },
    reason,
    message,
    type,
    count: 5,
    lastTimestamp: minutesAgo(1),
    firstTimestamp: minutesAgo(10),
  };
}
