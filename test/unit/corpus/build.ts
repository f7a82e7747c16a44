// Small builders for the scenario corpus: every object in its own namespace, shaped as the apiserver returns it.

import type {
  Condition,
  ContainerStatus,
  EndpointSlice,
  Event,
  Node,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
  Service,
  StorageClass,
  Taint,
} from '../../../src/kube/types.js';
import { emptyLists, type ClusterLists } from '../../../src/areas/triage/lists.js';
import type { Deployment, ReplicaSet } from '../../../src/areas/workloads/types.js';

export { emptyLists };
import { NOW, minutesAgo, runningStatus } from '../builders/pods.js';
import { makeAttachment, makeClaim, makeClass, makeVolume } from '../builders/storage.js';

export { NOW, minutesAgo };

export type Area = 'pods' | 'nodes' | 'storage' | 'services' | 'workloads';

export interface Scenario {
  id: string;
  area: Area;
  /** The kubernetes (or runtime) source file that writes the words this scenario uses. */
  source: string;
  lists: Partial<ClusterLists>;
  /** The object whose top finding must name the cause ("Kind/namespace/name"), its reason and words. */
  expect: { object: string; reason: string; words?: RegExp };
  /** Also: the root of the chain that holds the expected finding (when the cause is another object). */
  root?: { object: string; reason: string };
}

export const running = runningStatus;

export interface PodOptions {
  node?: string | null;
  phase?: string;
  labels?: Record<string, string>;
  containers?: ContainerStatus[];
  initContainers?: ContainerStatus[];
  spec?: Partial<NonNullable<Pod['spec']>>;
  conditions?: Condition[];
  ip?: string;
  status?: Partial<NonNullable<Pod['status']>>;
  metadata?: Partial<NonNullable<Pod['metadata']>>;
}

export function pod(namespace: string, name: string, o: PodOptions = {}): Pod {
  const statuses = o.containers ?? [running()];
  const ready = statuses.every((c) => c.ready);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      uid: `uid-${namespace}-${name}`,
      creationTimestamp: minutesAgo(60),
      labels: o.labels ?? { app: name.replace(/-[^-]+$/, '') },
      ...o.metadata,
    },
    spec: {
      ...(o.node === null ? {} : { nodeName: o.node ?? `${namespace}-n1` }),
      containers: statuses.map((c) => ({
        name: c.name,
        image: `registry.example/${namespace}/${c.name}:1`,
        resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '128Mi' } },
      })),
      ...(o.initContainers
        ? {
            initContainers: o.initContainers.map((c) => ({
              name: c.name,
              image: `registry.example/${c.name}:1`,
            })),
          }
        : {}),
      ...o.spec,
    },
    status: {
      phase: o.phase ?? 'Running',
      ...(o.node === null ? {} : { podIP: o.ip ?? '10.244.0.10', startTime: minutesAgo(59) }),
      conditions: o.conditions ?? [
        { type: 'Ready', status: ready ? 'True' : 'False' },
        { type: 'PodScheduled', status: 'True' },
      ],
      ...(o.initContainers ? { initContainerStatuses: o.initContainers } : {}),
      containerStatuses: statuses,
      ...o.status,
    },
  };
}

/** A pod the scheduler rejected: its PodScheduled condition carries the scheduler's message. */
export function pending(
  namespace: string,
  name: string,
  message: string,
  spec: Partial<NonNullable<Pod['spec']>> = {},
): Pod {
  return pod(namespace, name, {
    node: null,
    phase: 'Pending',
    containers: [],
    spec,
    conditions: [
      {
        type: 'PodScheduled',
        status: 'False',
        reason: 'Unschedulable',
        message,
        lastTransitionTime: minutesAgo(20),
      },
    ],
  });
}

export function waiting(
  name: string,
  reason: string,
  message?: string,
  extra: Partial<ContainerStatus> = {},
): ContainerStatus {
  return {
    name,
    ready: false,
    restartCount: 0,
    state: { waiting: { reason, ...(message ? { message } : {}) } },
    ...extra,
  };
}

export function crashing(
  name: string,
  terminated: { exitCode: number; reason?: string; message?: string },
  restartCount = 6,
  podName = 'x',
): ContainerStatus {
  return {
    name,
    ready: false,
    restartCount,
    state: {
      waiting: {
        reason: 'CrashLoopBackOff',
        // pkg/kubelet/kuberuntime/kuberuntime_manager.go: "back-off %s restarting failed container=%s pod=%s"
        message: `back-off 5m0s restarting failed container=${name} pod=${podName}`,
      },
    },
    lastState: { terminated: { ...terminated, startedAt: minutesAgo(3), finishedAt: minutesAgo(2) } },
  };
}

export function event(
  kind: string,
  namespace: string | undefined,
  name: string,
  reason: string,
  message: string,
  extra: Partial<Event> & { fieldPath?: string; uid?: string } = {},
): Event {
  const { fieldPath, uid, ...rest } = extra;
  return {
    metadata: { name: `${name}.${reason}.${Math.abs(hash(message))}`, namespace: namespace ?? 'default' },
    involvedObject: {
      kind,
      name,
      ...(namespace ? { namespace } : {}),
      ...(uid ? { uid } : kind === 'Pod' ? { uid: `uid-${namespace}-${name}` } : {}),
      ...(fieldPath ? { fieldPath } : {}),
    },
    reason,
    message,
    type: 'Warning',
    count: 4,
    firstTimestamp: minutesAgo(15),
    lastTimestamp: minutesAgo(1),
    ...rest,
  };
}

function hash(text: string): number {
  let h = 0;
  for (const c of text) h = (h * 31 + c.charCodeAt(0)) | 0;
  return h;
}

export interface NodeOptions {
  ready?: Condition;
  pressure?: Condition[];
  unschedulable?: boolean;
  taints?: Taint[];
  labels?: Record<string, string>;
  allocatable?: Record<string, string>;
  kubeletVersion?: string;
}

export function node(name: string, o: NodeOptions = {}): Node {
  const types = ['MemoryPressure', 'DiskPressure', 'PIDPressure'];
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      uid: `uid-${name}`,
      creationTimestamp: minutesAgo(60 * 24),
      labels: { 'kubernetes.io/hostname': name, ...o.labels },
    },
    spec: {
      ...(o.unschedulable ? { unschedulable: true } : {}),
      taints: [
        ...(o.unschedulable
          ? [
              {
                key: 'node.kubernetes.io/unschedulable',
                effect: 'NoSchedule' as const,
                timeAdded: minutesAgo(30),
              },
            ]
          : []),
        ...(o.taints ?? []),
      ],
    },
    status: {
      capacity: { cpu: '4', memory: '16Gi', pods: '110' },
      allocatable: o.allocatable ?? { cpu: '4', memory: '16Gi', pods: '110' },
      conditions: [
        ...types.map(
          (type) =>
            o.pressure?.find((c) => c.type === type) ?? {
              type,
              status: 'False',
              reason: `KubeletHasSufficient${type.replace('Pressure', '')}`,
              lastHeartbeatTime: minutesAgo(0.2),
              lastTransitionTime: minutesAgo(600),
            },
        ),
        ...(o.pressure ?? []).filter((c) => !types.includes(c.type)),
        o.ready ?? {
          type: 'Ready',
          status: 'True',
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status',
          lastHeartbeatTime: minutesAgo(0.2),
          lastTransitionTime: minutesAgo(600),
        },
      ],
      addresses: [{ type: 'InternalIP', address: '10.0.0.7' }],
      nodeInfo: {
        kubeletVersion: o.kubeletVersion ?? 'v1.36.3',
        osImage: 'Debian 12',
        architecture: 'amd64',
      },
    },
  };
}

// The storage objects are test/unit/builders/storage.ts's, in the scenario's namespace, with the corpus's sizes.

export function claim(
  namespace: string,
  name: string,
  o: {
    storageClassName?: string;
    phase?: string;
    volumeName?: string;
    accessModes?: string[];
    minutes?: number;
  } = {},
): PersistentVolumeClaim {
  const { minutes, ...rest } = o;
  return makeClaim(name, { ...rest, namespace, size: '10Gi', createdMinutesAgo: minutes ?? 30 });
}

export function volume(
  name: string,
  o: {
    claim?: { namespace: string; name: string };
    phase?: string;
    storageClassName?: string;
    reclaimPolicy?: string;
    zone?: string;
    message?: string;
    accessModes?: string[];
  } = {},
): PersistentVolume {
  return makeVolume(name, {
    ...o,
    size: '10Gi',
    reclaimPolicy: o.reclaimPolicy ?? 'Delete',
    storageClassName: o.storageClassName ?? 'standard',
    phase: o.phase ?? (o.claim ? 'Bound' : 'Available'),
  });
}

export function storageClass(
  name: string,
  o: { provisioner?: string; isDefault?: boolean; volumeBindingMode?: string } = {},
): StorageClass {
  return makeClass(name, {
    ...o,
    volumeBindingMode: o.volumeBindingMode ?? 'WaitForFirstConsumer',
    createdMinutesAgo: 6000,
  });
}

export const attachment = makeAttachment;

export function service(
  namespace: string,
  name: string,
  spec: Service['spec'] = {},
  status?: Service['status'],
): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace, uid: `uid-${namespace}-${name}`, creationTimestamp: minutesAgo(600) },
    spec: {
      type: 'ClusterIP',
      clusterIP: '10.96.0.20',
      selector: { app: name },
      ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
      ...spec,
    },
    ...(status ? { status } : {}),
  };
}

/** The EndpointSlice the endpointslice controller writes for `pods` (pkg/controller/endpointslice). */
export function slice(namespace: string, serviceName: string, pods: Pod[], port = 8080): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: `${serviceName}-abcde`,
      namespace,
      labels: {
        'kubernetes.io/service-name': serviceName,
        'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
      },
    },
    addressType: 'IPv4',
    ports: [{ name: 'http', port, protocol: 'TCP' }],
    endpoints: pods.map((p) => {
      const ready = p.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
      return {
        addresses: [p.status?.podIP ?? ''],
        conditions: { ready, serving: ready, terminating: false },
        targetRef: { kind: 'Pod', namespace, name: p.metadata?.name ?? '' },
        nodeName: p.spec?.nodeName,
      };
    }),
  };
}

/** Merges scenario lists into one cluster. */
export function merge(parts: Partial<ClusterLists>[]): ClusterLists {
  const all = emptyLists();
  for (const part of parts) {
    for (const key of Object.keys(all) as (keyof ClusterLists)[]) {
      (all[key] as unknown[]).push(...((part[key] as unknown[] | undefined) ?? []));
    }
  }
  // Cluster-scoped objects several scenarios share (the default StorageClass) exist once.
  all.classes = [...new Map(all.classes.map((c) => [c.metadata?.name, c])).values()];
  return all;
}

/** A Deployment and its ReplicaSet as the deployment controller writes them, and `pods` made theirs. */
export function deployment(
  namespace: string,
  name: string,
  pods: Pod[],
  status: { ready: number; available?: number; conditions?: Condition[]; replicas?: number },
): { deployment: Deployment; replicaSet: ReplicaSet } {
  const replicas = status.replicas ?? pods.length;
  const uid = `uid-${namespace}-${name}`;
  const rsName = `${name}-5f6b8`;
  const rsUid = `uid-${namespace}-${rsName}`;
  const owner = (kind: string, n: string, u: string) => [
    { apiVersion: 'apps/v1', kind, name: n, uid: u, controller: true },
  ];
  for (const p of pods) p.metadata!.ownerReferences = owner('ReplicaSet', rsName, rsUid);
  const template = { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app' }] } };
  return {
    deployment: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace, uid, creationTimestamp: minutesAgo(60) },
      spec: { replicas, selector: { matchLabels: { app: name } }, template },
      status: {
        observedGeneration: 1,
        replicas,
        updatedReplicas: replicas,
        readyReplicas: status.ready,
        availableReplicas: status.available ?? status.ready,
        unavailableReplicas: replicas - (status.available ?? status.ready),
        conditions: status.conditions ?? [],
      },
    },
    replicaSet: {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: rsName,
        namespace,
        uid: rsUid,
        annotations: { 'deployment.kubernetes.io/revision': '1' },
        ownerReferences: owner('Deployment', name, uid),
        creationTimestamp: minutesAgo(60),
      },
      spec: { replicas, selector: { matchLabels: { app: name } }, template },
      status: { replicas, readyReplicas: status.ready, availableReplicas: status.available ?? status.ready },
    },
  };
}
