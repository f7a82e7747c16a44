/**
 * Plain-object builders for the scenarios the e2e tests set up. Pure: no I/O. Objects are what the
 * apiserver takes as JSON; statuses are written by the Seeder through the `/status` subresource,
 * exactly as a kubelet or controller would write them.
 */
import type { KubeObject } from './resources.js';

type Json = Record<string, unknown>;

export interface ContainerSpec {
  name: string;
  image?: string;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  ports?: { containerPort: number; name?: string; protocol?: string }[];
  [key: string]: unknown;
}

function meta(
  name: string,
  namespace?: string,
  labels?: Record<string, string>,
  annotations?: Record<string, string>,
) {
  return {
    name,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(labels ? { labels } : {}),
    ...(annotations ? { annotations } : {}),
  };
}

/** RFC3339 without fractions, as the apiserver stores metav1.Time. */
export function time(at: Date | number = Date.now()): string {
  return new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// ---------------------------------------------------------------- namespaces, accounts

export function namespace(name: string, labels?: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: meta(name, undefined, labels) };
}

export function serviceAccount(ns: string, name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(name, ns) };
}

// ---------------------------------------------------------------- nodes

export interface NodeConditionsSpec {
  ready?: boolean | 'Unknown';
  memoryPressure?: boolean;
  diskPressure?: boolean;
  pidPressure?: boolean;
  networkUnavailable?: boolean;
  /** When the conditions last changed (default now). */
  since?: Date;
}

/** The conditions a kubelet reports; `ready: false` with `diskPressure: true` is a NotReady node under DiskPressure. */
export function nodeConditions(spec: NodeConditionsSpec = {}): Json[] {
  const at = time(spec.since ?? Date.now());
  const condition = (
    type: string,
    on: boolean | 'Unknown',
    trueReason: string,
    falseReason: string,
    message: string,
  ) => ({
    type,
    status: on === 'Unknown' ? 'Unknown' : on ? 'True' : 'False',
    reason: on === 'Unknown' ? 'NodeStatusUnknown' : on ? trueReason : falseReason,
    message: on === 'Unknown' ? 'Kubelet stopped posting node status.' : message,
    lastHeartbeatTime: at,
    lastTransitionTime: at,
  });
  const ready = spec.ready ?? true;
  const conds = [
    condition(
      'MemoryPressure',
      spec.memoryPressure ?? false,
      'KubeletHasInsufficientMemory',
      'KubeletHasSufficientMemory',
      spec.memoryPressure
        ? 'kubelet has insufficient memory available'
        : 'kubelet has sufficient memory available',
    ),
    condition(
      'DiskPressure',
      spec.diskPressure ?? false,
      'KubeletHasDiskPressure',
      'KubeletHasNoDiskPressure',
      spec.diskPressure ? 'kubelet has disk pressure' : 'kubelet has no disk pressure',
    ),
    condition(
      'PIDPressure',
      spec.pidPressure ?? false,
      'KubeletHasInsufficientPID',
      'KubeletHasSufficientPID',
      spec.pidPressure ? 'kubelet has insufficient PID available' : 'kubelet has sufficient PID available',
    ),
    condition(
      'Ready',
      ready,
      'KubeletReady',
      'KubeletNotReady',
      ready === true ? 'kubelet is posting ready status' : 'container runtime network not ready',
    ),
  ];
  if (spec.networkUnavailable !== undefined) {
    conds.unshift(
      condition(
        'NetworkUnavailable',
        spec.networkUnavailable,
        'NoRouteCreated',
        'RouteCreated',
        spec.networkUnavailable ? 'Node created without a route' : 'RouteController created a route',
      ),
    );
  }
  return conds;
}

export interface NodeSpec extends NodeConditionsSpec {
  /** Port of the stand-in kubelet; the Seeder fills it in. */
  kubeletPort?: number;
  labels?: Record<string, string>;
  taints?: { key: string; value?: string; effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute' }[];
  unschedulable?: boolean;
  capacity?: Record<string, string>;
  allocatable?: Record<string, string>;
  kubeletVersion?: string;
  conditions?: Json[];
}

/** A Node whose status routes pod logs to the stand-in kubelet at 127.0.0.1:`kubeletPort`. */
export function node(name: string, spec: NodeSpec = {}): KubeObject {
  const capacity = spec.capacity ?? { cpu: '4', memory: '16Gi', pods: '110', 'ephemeral-storage': '100Gi' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: meta(name, undefined, {
      'kubernetes.io/hostname': name,
      'kubernetes.io/os': 'linux',
      ...spec.labels,
    }),
    spec: {
      ...(spec.taints ? { taints: spec.taints } : {}),
      ...(spec.unschedulable ? { unschedulable: true } : {}),
    },
    status: {
      capacity,
      allocatable: spec.allocatable ?? capacity,
      conditions: spec.conditions ?? nodeConditions(spec),
      addresses: [
        { type: 'InternalIP', address: '127.0.0.1' },
        { type: 'Hostname', address: name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: spec.kubeletPort ?? 10250 } },
      nodeInfo: {
        kubeletVersion: spec.kubeletVersion ?? 'v1.36.3',
        kubeProxyVersion: '',
        containerRuntimeVersion: 'containerd://2.1.0',
        operatingSystem: 'linux',
        architecture: 'amd64',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        kernelVersion: '6.1.0',
        machineID: '',
        systemUUID: '',
        bootID: '',
      },
    },
  };
}

// ---------------------------------------------------------------- pods

export interface PodSpecOptions {
  node?: string;
  containers?: (string | ContainerSpec)[];
  initContainers?: (string | ContainerSpec)[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: Json[];
  restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  /** Merged over the generated spec. */
  spec?: Json;
}

export function pod(ns: string, name: string, opts: PodSpecOptions = {}): KubeObject {
  const containers = (opts.containers ?? ['app']).map(container);
  const metadata = {
    ...meta(name, ns, opts.labels, opts.annotations),
    ...(opts.ownerReferences ? { ownerReferences: opts.ownerReferences } : {}),
  };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata,
    spec: {
      containers,
      ...(opts.initContainers ? { initContainers: opts.initContainers.map(container) } : {}),
      ...(opts.node ? { nodeName: opts.node } : {}),
      restartPolicy: opts.restartPolicy ?? 'Always',
      // No token volume: nothing in the pod runs, and 6,000 projected volumes are needless weight.
      automountServiceAccountToken: false,
      ...opts.spec,
    },
  };
}

function container(c: string | ContainerSpec): ContainerSpec {
  return typeof c === 'string'
    ? { name: c, image: `registry.example/${c}:1.0` }
    : { image: `registry.example/${c.name}:1.0`, ...c };
}

export interface ContainerStatusOptions {
  image?: string;
  restartCount?: number;
  /** Start of the current (or last) instance. */
  startedAt?: Date;
  /** crashLoopBackOff: when the last instance ended (default 10 s ago). */
  finishedAt?: Date;
}

/** Container status builders: what a kubelet would report for each situation. */
export const containerStatus = {
  running(name: string, opts: ContainerStatusOptions & { ready?: boolean } = {}): Json {
    return {
      ...base(name, opts),
      ready: opts.ready ?? true,
      started: true,
      state: { running: { startedAt: time(opts.startedAt) } },
    };
  },
  /** Waiting in CrashLoopBackOff; the last instance terminated with `exitCode` (`reason` e.g. Error, OOMKilled). */
  crashLoopBackOff(
    name: string,
    opts: ContainerStatusOptions & { exitCode?: number; reason?: string; message?: string } = {},
  ): Json {
    const restartCount = opts.restartCount ?? 5;
    const finished = opts.finishedAt?.getTime() ?? Date.now() - 10_000;
    return {
      ...base(name, { ...opts, restartCount }),
      ready: false,
      started: false,
      state: {
        waiting: {
          reason: 'CrashLoopBackOff',
          message: `back-off 5m0s restarting failed container=${name} pod=_`,
        },
      },
      lastState: {
        terminated: {
          exitCode: opts.exitCode ?? 1,
          reason: opts.reason ?? 'Error',
          ...(opts.message ? { message: opts.message } : {}),
          startedAt: time(opts.startedAt ?? finished - 5_000),
          finishedAt: time(finished),
          containerID: `containerd://${name}-${restartCount - 1}`,
        },
      },
    };
  },
  /** Killed by the kernel for exceeding its memory limit, now backing off. */
  oomKilled(name: string, opts: ContainerStatusOptions = {}): Json {
    return containerStatus.crashLoopBackOff(name, { ...opts, exitCode: 137, reason: 'OOMKilled' });
  },
  /** Never started: the image cannot be pulled. `reason` ImagePullBackOff (default) or ErrImagePull. */
  imagePullBackOff(
    name: string,
    opts: ContainerStatusOptions & { reason?: 'ImagePullBackOff' | 'ErrImagePull' } = {},
  ): Json {
    const image = opts.image ?? `registry.example/${name}:1.0`;
    return {
      name,
      image,
      imageID: '',
      restartCount: 0,
      ready: false,
      started: false,
      state: {
        waiting: {
          reason: opts.reason ?? 'ImagePullBackOff',
          message: `Back-off pulling image "${image}": ErrImagePull: failed to pull and unpack image "${image}": not found`,
        },
      },
    };
  },
  terminated(name: string, opts: ContainerStatusOptions & { exitCode?: number; reason?: string } = {}): Json {
    return {
      ...base(name, opts),
      ready: false,
      started: false,
      state: {
        terminated: {
          exitCode: opts.exitCode ?? 0,
          reason: opts.reason ?? ((opts.exitCode ?? 0) === 0 ? 'Completed' : 'Error'),
          startedAt: time(opts.startedAt ?? Date.now() - 60_000),
          finishedAt: time(),
          containerID: `containerd://${name}`,
        },
      },
    };
  },
  waiting(name: string, reason: string, message?: string, opts: ContainerStatusOptions = {}): Json {
    return {
      ...base(name, opts),
      ready: false,
      started: false,
      state: { waiting: { reason, ...(message ? { message } : {}) } },
    };
  },
};

function base(name: string, opts: ContainerStatusOptions) {
  const image = opts.image ?? `registry.example/${name}:1.0`;
  return {
    name,
    image,
    imageID: `${image.split(':')[0]}@sha256:${'0'.repeat(64)}`,
    containerID: `containerd://${name}`,
    restartCount: opts.restartCount ?? 0,
  };
}

export interface PodStatusOptions {
  phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
  containerStatuses?: Json[];
  initContainerStatuses?: Json[];
  /** Replaces the conditions derived from the container statuses. */
  conditions?: Json[];
  reason?: string;
  message?: string;
  podIP?: string;
  hostIP?: string;
  startTime?: Date;
}

/**
 * A scheduled pod's status. Unless given, the phase is Running and the PodScheduled / Initialized /
 * ContainersReady / Ready conditions follow from whether every container is ready.
 */
export function podStatus(opts: PodStatusOptions = {}): Json {
  const statuses = opts.containerStatuses ?? [];
  const allReady = statuses.length > 0 && statuses.every((s) => s['ready'] === true);
  const at = time(opts.startTime ?? Date.now() - 60_000);
  const cond = (type: string, ok: boolean) => ({
    type,
    status: ok ? 'True' : 'False',
    lastTransitionTime: at,
    ...(ok || type === 'PodScheduled' || type === 'Initialized' ? {} : { reason: 'ContainersNotReady' }),
  });
  return {
    phase: opts.phase ?? 'Running',
    conditions: opts.conditions ?? [
      cond('PodReadyToStartContainers', true),
      cond('Initialized', true),
      cond('Ready', allReady),
      cond('ContainersReady', allReady),
      cond('PodScheduled', true),
    ],
    hostIP: opts.hostIP ?? '127.0.0.1',
    hostIPs: [{ ip: opts.hostIP ?? '127.0.0.1' }],
    podIP: opts.podIP ?? '10.244.0.10',
    podIPs: [{ ip: opts.podIP ?? '10.244.0.10' }],
    startTime: at,
    ...(opts.containerStatuses ? { containerStatuses: opts.containerStatuses } : {}),
    ...(opts.initContainerStatuses ? { initContainerStatuses: opts.initContainerStatuses } : {}),
    ...(opts.reason ? { reason: opts.reason } : {}),
    ...(opts.message ? { message: opts.message } : {}),
  };
}

/** Pending with PodScheduled=False reason Unschedulable, as the scheduler reports it. */
export function unschedulablePodStatus(
  message = '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
): Json {
  return {
    phase: 'Pending',
    conditions: [
      { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastTransitionTime: time() },
    ],
  };
}

// ---------------------------------------------------------------- services and endpoints

export interface ServicePortSpec {
  port: number;
  targetPort?: number | string;
  name?: string;
  protocol?: 'TCP' | 'UDP' | 'SCTP';
}

export function service(
  ns: string,
  name: string,
  opts: {
    selector?: Record<string, string>;
    ports?: ServicePortSpec[];
    type?: string;
    clusterIP?: string;
    labels?: Record<string, string>;
  } = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(name, ns, opts.labels),
    spec: {
      type: opts.type ?? 'ClusterIP',
      ...(opts.selector ? { selector: opts.selector } : {}),
      ...(opts.clusterIP ? { clusterIP: opts.clusterIP } : {}),
      ports: (opts.ports ?? [{ port: 80, targetPort: 8080, name: 'http' }]).map((p) => ({
        protocol: 'TCP',
        ...p,
      })),
    },
  };
}

export interface EndpointAddressSpec {
  ip: string;
  ready?: boolean;
  /** Name of the backing pod (targetRef). */
  pod?: string;
  nodeName?: string;
}

/** An EndpointSlice owned (by label) by `service`, as the EndpointSlice controller would write it. */
export function endpointSlice(
  ns: string,
  name: string,
  opts: {
    service: string;
    endpoints: EndpointAddressSpec[];
    ports?: { name?: string; port: number; protocol?: string }[];
    addressType?: string;
  },
): KubeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: meta(name, ns, {
      'kubernetes.io/service-name': opts.service,
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
    }),
    addressType: opts.addressType ?? 'IPv4',
    endpoints: opts.endpoints.map((e) => ({
      addresses: [e.ip],
      conditions: { ready: e.ready ?? true, serving: e.ready ?? true, terminating: false },
      ...(e.pod ? { targetRef: { kind: 'Pod', namespace: ns, name: e.pod } } : {}),
      ...(e.nodeName ? { nodeName: e.nodeName } : {}),
    })),
    ports: (opts.ports ?? [{ name: 'http', port: 8080 }]).map((p) => ({ protocol: 'TCP', ...p })),
  };
}

/** Legacy Endpoints (the apiserver refuses loopback addresses here). */
export function endpoints(
  ns: string,
  name: string,
  opts: {
    ready?: EndpointAddressSpec[];
    notReady?: EndpointAddressSpec[];
    ports?: { name?: string; port: number; protocol?: string }[];
  },
): KubeObject {
  const address = (e: EndpointAddressSpec) => ({
    ip: e.ip,
    ...(e.pod ? { targetRef: { kind: 'Pod', namespace: ns, name: e.pod } } : {}),
    ...(e.nodeName ? { nodeName: e.nodeName } : {}),
  });
  const subset: Json = {
    ports: (opts.ports ?? [{ name: 'http', port: 8080 }]).map((p) => ({ protocol: 'TCP', ...p })),
  };
  if (opts.ready?.length) subset['addresses'] = opts.ready.map(address);
  if (opts.notReady?.length) subset['notReadyAddresses'] = opts.notReady.map(address);
  const hasAddresses = Boolean(opts.ready?.length || opts.notReady?.length);
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: meta(name, ns),
    subsets: hasAddresses ? [subset] : [],
  };
}

// ---------------------------------------------------------------- storage

export function persistentVolumeClaim(
  ns: string,
  name: string,
  opts: { storageClassName?: string | null; size?: string; accessModes?: string[]; volumeName?: string } = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: meta(name, ns),
    spec: {
      accessModes: opts.accessModes ?? ['ReadWriteOnce'],
      resources: { requests: { storage: opts.size ?? '1Gi' } },
      ...(opts.storageClassName !== undefined ? { storageClassName: opts.storageClassName } : {}),
      ...(opts.volumeName ? { volumeName: opts.volumeName } : {}),
    },
  };
}

export function persistentVolume(
  name: string,
  opts: {
    size?: string;
    storageClassName?: string;
    accessModes?: string[];
    reclaimPolicy?: 'Retain' | 'Delete' | 'Recycle';
    claim?: { namespace: string; name: string; uid?: string };
    csiDriver?: string;
  } = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: meta(name),
    spec: {
      capacity: { storage: opts.size ?? '1Gi' },
      accessModes: opts.accessModes ?? ['ReadWriteOnce'],
      persistentVolumeReclaimPolicy: opts.reclaimPolicy ?? 'Retain',
      ...(opts.storageClassName ? { storageClassName: opts.storageClassName } : {}),
      ...(opts.claim ? { claimRef: { kind: 'PersistentVolumeClaim', apiVersion: 'v1', ...opts.claim } } : {}),
      csi: { driver: opts.csiDriver ?? 'csi.example.com', volumeHandle: `vol-${name}` },
    },
  };
}

export function storageClass(
  name: string,
  opts: {
    provisioner?: string;
    isDefault?: boolean;
    volumeBindingMode?: 'Immediate' | 'WaitForFirstConsumer';
    reclaimPolicy?: 'Retain' | 'Delete';
    allowVolumeExpansion?: boolean;
  } = {},
): KubeObject {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: meta(
      name,
      undefined,
      undefined,
      opts.isDefault ? { 'storageclass.kubernetes.io/is-default-class': 'true' } : undefined,
    ),
    provisioner: opts.provisioner ?? 'csi.example.com',
    reclaimPolicy: opts.reclaimPolicy ?? 'Delete',
    volumeBindingMode: opts.volumeBindingMode ?? 'Immediate',
    ...(opts.allowVolumeExpansion !== undefined ? { allowVolumeExpansion: opts.allowVolumeExpansion } : {}),
  };
}

export function volumeAttachment(
  name: string,
  opts: { persistentVolume: string; node: string; attacher?: string },
): KubeObject {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'VolumeAttachment',
    metadata: meta(name),
    spec: {
      attacher: opts.attacher ?? 'csi.example.com',
      nodeName: opts.node,
      source: { persistentVolumeName: opts.persistentVolume },
    },
  };
}

/** Status presets for volumes, claims and attachments. */
export const storageStatus = {
  pvcPending: (): Json => ({ phase: 'Pending' }),
  pvcBound: (size = '1Gi', accessModes = ['ReadWriteOnce']): Json => ({
    phase: 'Bound',
    accessModes,
    capacity: { storage: size },
  }),
  pvcLost: (): Json => ({ phase: 'Lost' }),
  pvAvailable: (): Json => ({ phase: 'Available' }),
  pvBound: (): Json => ({ phase: 'Bound' }),
  pvReleased: (): Json => ({ phase: 'Released' }),
  pvFailed: (message = 'recycler failed'): Json => ({ phase: 'Failed', message }),
  attached: (): Json => ({ attached: true }),
  attachError: (message: string): Json => ({ attached: false, attachError: { time: time(), message } }),
  detachError: (message: string): Json => ({ attached: true, detachError: { time: time(), message } }),
};

// ---------------------------------------------------------------- workloads

export function deployment(
  ns: string,
  name: string,
  opts: { replicas?: number; labels?: Record<string, string>; containers?: (string | ContainerSpec)[] } = {},
): KubeObject {
  const labels = opts.labels ?? { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(name, ns, labels),
    spec: {
      replicas: opts.replicas ?? 1,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: (opts.containers ?? ['app']).map(container) } },
    },
  };
}

// ---------------------------------------------------------------- events

export interface InvolvedObject {
  kind: string;
  name: string;
  namespace?: string;
  uid?: string;
  apiVersion?: string;
}

/** A core/v1 Event, as `kubectl get events` and `describe` read them. */
export function coreEvent(
  ns: string,
  opts: {
    name?: string;
    involvedObject: InvolvedObject;
    reason: string;
    message: string;
    type?: 'Normal' | 'Warning';
    count?: number;
    firstSeen?: Date;
    lastSeen?: Date;
    component?: string;
  },
): KubeObject {
  const last = time(opts.lastSeen ?? Date.now());
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: meta(opts.name ?? `${opts.involvedObject.name}.${uniqueSuffix()}`, ns),
    involvedObject: { namespace: ns, ...opts.involvedObject },
    reason: opts.reason,
    message: opts.message,
    type: opts.type ?? 'Warning',
    count: opts.count ?? 1,
    firstTimestamp: time(opts.firstSeen ?? opts.lastSeen ?? Date.now()),
    lastTimestamp: last,
    source: { component: opts.component ?? 'kubelet' },
    reportingComponent: opts.component ?? 'kubelet',
    reportingInstance: '',
  };
}

/** An events.k8s.io/v1 Event (eventTime and reporting fields are mandatory there). */
export function eventsV1Event(
  ns: string,
  opts: {
    name?: string;
    regarding: InvolvedObject;
    reason: string;
    note: string;
    type?: 'Normal' | 'Warning';
    action?: string;
    controller?: string;
    count?: number;
    eventTime?: Date;
  },
): KubeObject {
  const at = opts.eventTime ?? new Date();
  return {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: meta(opts.name ?? `${opts.regarding.name}.${uniqueSuffix()}`, ns),
    regarding: { namespace: ns, ...opts.regarding },
    reason: opts.reason,
    note: opts.note,
    type: opts.type ?? 'Warning',
    action: opts.action ?? opts.reason,
    reportingController: opts.controller ?? 'kubectl-diag.test/harness',
    reportingInstance: 'harness',
    // MicroTime: the apiserver wants six fractional digits.
    eventTime: at.toISOString().replace(/Z$/, '000Z'),
    ...(opts.count && opts.count > 1
      ? { series: { count: opts.count, lastObservedTime: at.toISOString().replace(/Z$/, '000Z') } }
      : {}),
  };
}

let counter = 0;
/** Short unique suffix for generated names (lowercase, DNS-1123). */
export function uniqueSuffix(): string {
  counter += 1;
  return `${Date.now().toString(36)}${process.pid.toString(36)}${counter.toString(36)}`;
}
