// Plain Node objects for the node-rule tests, shaped like what the apiserver returns.

import type { Condition, Event, Node, Pod, Taint } from '../../../src/kube/types.js';
import { NOW, makePod, minutesAgo } from './pods.js';

export interface NodeOptions {
  ready?: 'True' | 'False' | 'Unknown';
  pressure?: string[];
  /** Minutes since the conditions last changed and the kubelet last posted. */
  since?: number;
  readyReason?: string;
  readyMessage?: string;
  unschedulable?: boolean;
  taints?: Taint[];
  labels?: Record<string, string>;
  allocatable?: Record<string, string>;
  kubeletVersion?: string;
  conditions?: Condition[];
}

function conditions(o: NodeOptions): Condition[] {
  const at = minutesAgo(o.since ?? 1);
  const cond = (type: string, status: string, reason: string, message: string): Condition => ({
    type,
    status,
    reason,
    message,
    lastHeartbeatTime: at,
    lastTransitionTime: at,
  });
  const pressure = o.pressure ?? [];
  const ready = o.ready ?? 'True';
  return [
    cond(
      'MemoryPressure',
      pressure.includes('MemoryPressure') ? 'True' : 'False',
      'KubeletHasSufficientMemory',
      '',
    ),
    cond(
      'DiskPressure',
      pressure.includes('DiskPressure') ? 'True' : 'False',
      'KubeletHasNoDiskPressure',
      '',
    ),
    cond('PIDPressure', pressure.includes('PIDPressure') ? 'True' : 'False', 'KubeletHasSufficientPID', ''),
    ...(pressure.includes('NetworkUnavailable')
      ? [cond('NetworkUnavailable', 'True', 'NoRouteCreated', 'Node created without a route')]
      : []),
    cond(
      'Ready',
      ready,
      o.readyReason ??
        (ready === 'True' ? 'KubeletReady' : ready === 'False' ? 'KubeletNotReady' : 'NodeStatusUnknown'),
      o.readyMessage ?? (ready === 'Unknown' ? 'Kubelet stopped posting node status.' : ''),
    ),
  ];
}

export function makeNode(name: string, o: NodeOptions = {}): Node {
  const allocatable = o.allocatable ?? { cpu: '4', memory: '16Gi', pods: '110' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      uid: `uid-${name}`,
      creationTimestamp: minutesAgo(60 * 24 * 3),
      labels: { 'kubernetes.io/hostname': name, ...o.labels },
    },
    spec: { unschedulable: o.unschedulable, taints: o.taints },
    status: {
      capacity: { cpu: '4', memory: '16Gi', pods: '110' },
      allocatable,
      conditions: o.conditions ?? conditions(o),
      addresses: [
        { type: 'InternalIP', address: '10.0.0.7' },
        { type: 'Hostname', address: name },
      ],
      nodeInfo: {
        kubeletVersion: o.kubeletVersion ?? 'v1.36.3',
        osImage: 'Debian 12',
        architecture: 'amd64',
      },
    },
  };
}

/** A running pod on `node` requesting (and limited to) the given amounts. */
export function podOn(
  node: string,
  name: string,
  resources: { requests?: Record<string, string>; limits?: Record<string, string> } = {},
): Pod {
  return makePod(name, {
    spec: { nodeName: node, containers: [{ name: 'app', image: 'shop/web:1.0', resources }] },
  });
}

/**
 * The scheduler's message for a pod every node rejected for a taint, as kube-scheduler v1.36 writes it:
 * FitError.Error (pkg/scheduler/framework/types.go) around the TaintToleration filter's reason
 * (pkg/scheduler/framework/plugins/tainttoleration/taint_toleration.go) and DefaultPreemption's summary.
 */
export const TAINT_MESSAGE =
  '0/1 nodes are available: 1 node(s) had untolerated taint(s). preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.';

/** A pod the scheduler has not placed; `message` is its PodScheduled condition's (a taint by default). */
export function pendingPod(
  name: string,
  spec: Partial<NonNullable<Pod['spec']>> = {},
  message = TAINT_MESSAGE,
): Pod {
  return makePod(name, {
    metadata: { creationTimestamp: minutesAgo(7) },
    spec: { nodeName: undefined, ...spec },
    status: {
      phase: 'Pending',
      containerStatuses: undefined,
      conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message }],
    },
  });
}

/** A node event as the kubelet records it: in "default", with the node NAME as uid. */
export function nodeEvent(node: string, reason: string, message: string, type = 'Warning'): Event {
  return {
    metadata: { name: `${node}.${reason}`, namespace: 'default' },
    involvedObject: { kind: 'Node', name: node, uid: node },
    reason,
    message,
    type,
    count: 2,
    lastTimestamp: minutesAgo(2),
    firstTimestamp: minutesAgo(9),
  };
}

export { NOW };
