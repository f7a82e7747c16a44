// Plain Kubernetes objects for the pure-rule tests, shaped like what the apiserver returns.

import type { ContainerStatus, Event, Pod } from '../../../src/kube/types.js';

export const NOW = new Date('2026-11-25T12:00:00Z');

export function minutesAgo(minutes: number): string {
  return new Date(NOW.getTime() - minutes * 60_000).toISOString();
}

export function runningStatus(name = 'app', extra: Partial<ContainerStatus> = {}): ContainerStatus {
  return {
    name,
    ready: true,
    restartCount: 0,
    started: true,
    state: { running: { startedAt: minutesAgo(30) } },
    ...extra,
  };
}

export function makePod(
  name: string,
  overrides: {
    spec?: Partial<Pod['spec']>;
    status?: Partial<NonNullable<Pod['status']>>;
    metadata?: Partial<NonNullable<Pod['metadata']>>;
  } = {},
): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'shop',
      uid: `uid-${name}`,
      creationTimestamp: minutesAgo(60),
      labels: { app: 'web' },
      ...overrides.metadata,
    },
    spec: {
      nodeName: 'node-1',
      containers: [
        {
          name: 'app',
          image: 'shop/web:1.0',
          resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '128Mi' } },
        },
      ],
      ...overrides.spec,
    },
    status: {
      phase: 'Running',
      podIP: '10.0.0.5',
      startTime: minutesAgo(59),
      conditions: [
        { type: 'Ready', status: 'True' },
        { type: 'PodScheduled', status: 'True' },
      ],
      containerStatuses: [runningStatus()],
      ...overrides.status,
    },
  };
}

export function podEvent(pod: Pod, reason: string, message: string, extra: Partial<Event> = {}): Event {
  return {
    metadata: { name: `${pod.metadata?.name}.${reason}`, namespace: pod.metadata?.namespace },
    involvedObject: {
      kind: 'Pod',
      name: pod.metadata?.name,
      namespace: pod.metadata?.namespace,
      uid: pod.metadata?.uid,
      fieldPath: 'spec.containers{app}',
    },
    reason,
    message,
    type: 'Warning',
    count: 3,
    lastTimestamp: minutesAgo(1),
    firstTimestamp: minutesAgo(10),
    ...extra,
  };
}
