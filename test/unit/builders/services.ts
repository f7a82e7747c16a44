// Plain Services, EndpointSlices and Endpoints for the service-rule tests, shaped like the apiserver's.

import type { EndpointSet, ServiceInput } from '../../../src/areas/services/rules.js';
import { endpointSetsOf } from '../../../src/areas/services/rules.js';
import { indexEventsByObject } from '../../../src/diagnose/events.js';
import type { Endpoints, EndpointSlice, Event, Pod, Service } from '../../../src/kube/types.js';
import { makePod, minutesAgo, runningStatus } from './pods.js';

export function makeService(name: string, spec: Service['spec'] = {}, status?: Service['status']): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'shop', uid: `uid-svc-${name}`, creationTimestamp: minutesAgo(30) },
    spec: {
      type: 'ClusterIP',
      clusterIP: '10.96.0.10',
      selector: { app: 'web' },
      ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
      ...spec,
    },
    ...(status ? { status } : {}),
  };
}

export interface SliceEndpoint {
  ip: string;
  pod?: string;
  ready?: boolean;
  terminating?: boolean;
}

export function makeSlice(
  service: string,
  endpoints: SliceEndpoint[],
  extra: Partial<EndpointSlice> = {},
): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: `${service}-${endpoints.length}x`,
      namespace: 'shop',
      labels: { 'kubernetes.io/service-name': service },
    },
    addressType: 'IPv4',
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    endpoints: endpoints.map((e) => ({
      addresses: [e.ip],
      conditions: {
        ready: e.ready ?? true,
        serving: e.ready ?? true,
        terminating: e.terminating ?? false,
      },
      ...(e.pod ? { targetRef: { kind: 'Pod', namespace: 'shop', name: e.pod } } : {}),
      nodeName: 'node-1',
    })),
    ...extra,
  };
}

export function makeEndpoints(name: string, ready: string[], notReady: string[] = []): Endpoints {
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name, namespace: 'shop' },
    subsets: [
      {
        addresses: ready.map((ip) => ({ ip })),
        notReadyAddresses: notReady.map((ip) => ({ ip })),
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      },
    ],
  };
}

/** A running pod with the given labels, IP and readiness; its container declares `ports`. */
export function backendPod(
  name: string,
  opts: {
    labels?: Record<string, string>;
    ip?: string;
    ready?: boolean;
    ports?: { name?: string; containerPort: number; protocol?: string }[];
  } = {},
): Pod {
  const ready = opts.ready ?? true;
  const pod = makePod(name, {
    metadata: { labels: opts.labels ?? { app: 'web' } },
    status: {
      podIP: opts.ip ?? '10.0.0.5',
      conditions: [
        { type: 'Ready', status: ready ? 'True' : 'False' },
        { type: 'PodScheduled', status: 'True' },
      ],
      containerStatuses: [runningStatus('app', { ready, started: true })],
    },
  });
  if (opts.ports) pod.spec!.containers[0]!.ports = opts.ports;
  return pod;
}

export function serviceInput(
  service: Service,
  opts: { sets?: EndpointSet[]; pods?: Pod[]; events?: Event[]; slices?: EndpointSlice[] } = {},
): ServiceInput {
  const events = opts.events ?? [];
  return {
    service,
    endpointSets: opts.sets ?? endpointSetsOf(opts.slices ?? [], undefined),
    namespacePods: opts.pods ?? [],
    serviceEvents: events.filter((e) => e.involvedObject.kind === 'Service'),
    podEvents: indexEventsByObject(events.filter((e) => e.involvedObject.kind === 'Pod')),
  };
}

export function serviceEvent(service: Service, reason: string, message: string, type = 'Warning'): Event {
  return {
    metadata: { name: `${service.metadata?.name}.${reason}`, namespace: 'shop' },
    involvedObject: { kind: 'Service', name: service.metadata?.name, namespace: 'shop' },
    reason,
    message,
    type,
    count: 2,
    lastTimestamp: minutesAgo(1),
    source: { component: 'service-controller' },
  };
}
