// A generator of cluster objects shaped like what an API server really returns — for property tests that
// keep every tool's output schema honest. On top of the scenario builders it adds what the apiserver and
// the components write and our fixtures used to leave out:
// - nulls where the API serialises an unset value as null: every metav1.Time is a struct, and
//   k8s.io/apimachinery/pkg/apis/meta/v1/time.go MarshalJSON writes `null` for the zero time, so a
//   kubelet's pod conditions carry `"lastProbeTime": null` (pkg/kubelet/status/generate.go never sets it),
//   node conditions may too, and core/v1 Events recorded through events.k8s.io have
//   `firstTimestamp: null, lastTimestamp: null` (and old-style ones `eventTime: null`);
// - the metadata the apiserver adds (uid, resourceVersion, creationTimestamp, managedFields);
// - fields a newer release may add, anywhere (random names, random JSON values).
// Seeded, so a failure names the seed that reproduces it.

import {
  containerStatus,
  coreEvent,
  deployment,
  endpointSlice,
  endpoints,
  eventsV1Event,
  node,
  persistentVolume,
  persistentVolumeClaim,
  pod,
  podStatus,
  service,
  storageClass,
  time,
  unschedulablePodStatus,
  volumeAttachment,
} from '../../cluster/builders.js';
import type { ResourceKey } from '../../../src/cluster/resources.js';
import type { LoadedSnapshot } from '../../../src/cluster/snapshot-files.js';
import type { KubeObject } from '../../../src/kube/types.js';

type Json = Record<string, unknown>;

/** mulberry32: small, fast, seeded. */
export function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}
export type Random = ReturnType<typeof random>;

const TIME_FIELDS = new Set([
  'lastProbeTime',
  'lastHeartbeatTime',
  'lastTransitionTime',
  'firstTimestamp',
  'lastTimestamp',
  'eventTime',
  'startedAt',
  'finishedAt',
  'lastUpdateTime',
]);

function randomValue(rng: Random, depth = 0): unknown {
  switch (rng.int(depth > 1 ? 5 : 7)) {
    case 0:
      return null;
    case 1:
      return rng.int(100000) - 50;
    case 2:
      return rng.chance(0.5);
    case 3:
      return `value-${rng.int(1000)} ${'x'.repeat(rng.int(40))}`;
    case 4:
      return '';
    case 5:
      return Array.from({ length: rng.int(3) }, () => randomValue(rng, depth + 1));
    default:
      return { [`future${rng.int(100)}`]: randomValue(rng, depth + 1), nested: randomValue(rng, depth + 1) };
  }
}

/**
 * What a real server adds to an object: nulls for unset times (some of them), unknown fields at any
 * depth. Returns a new object; the input is not changed.
 */
export function realify(value: unknown, rng: Random, depth = 0): unknown {
  if (Array.isArray(value)) return value.map((v) => realify(v, rng, depth + 1));
  if (!value || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [key, child] of Object.entries(value as Json)) {
    out[key] =
      TIME_FIELDS.has(key) && key !== 'lastTransitionTime' && rng.chance(0.3)
        ? null
        : realify(child, rng, depth + 1);
  }
  if (rng.chance(0.25)) out[`x${rng.int(1000)}Field`] = randomValue(rng);
  return out;
}

let uidCounter = 0;
/** The metadata the apiserver writes on every stored object. */
function stored(object: KubeObject, rng: Random, at: Date): KubeObject {
  const metadata = (object.metadata ?? {}) as Json;
  uidCounter++;
  return {
    ...object,
    metadata: {
      ...metadata,
      uid: `00000000-0000-4000-8000-${String(uidCounter).padStart(12, '0')}`,
      resourceVersion: String(1000 + uidCounter),
      creationTimestamp: time(at.getTime() - rng.int(86_400_000)),
      generation: 1,
      managedFields: [
        {
          manager: 'kubelet',
          operation: 'Update',
          apiVersion: 'v1',
          time: time(at),
          fieldsType: 'FieldsV1',
          fieldsV1: { 'f:status': { 'f:conditions': {} } },
          subresource: 'status',
        },
      ],
    },
  } as KubeObject;
}

/** Pod conditions exactly as the kubelet writes them: lastProbeTime null, transitions set. */
function kubeletConditions(ready: boolean, at: Date): Json[] {
  const cond = (type: string, ok: boolean) => ({
    type,
    status: ok ? 'True' : 'False',
    lastProbeTime: null,
    lastTransitionTime: time(at),
    ...(ok || type === 'PodScheduled' || type === 'Initialized'
      ? {}
      : { reason: 'ContainersNotReady', message: 'containers with unready status: [app]' }),
  });
  return [
    cond('PodReadyToStartContainers', true),
    cond('Initialized', true),
    cond('Ready', ready),
    cond('ContainersReady', ready),
    cond('PodScheduled', true),
  ];
}

function podStatusFor(kind: number, at: Date): Json {
  switch (kind) {
    case 0:
      return podStatus({
        containerStatuses: [containerStatus.running('app')],
        conditions: kubeletConditions(true, at),
      });
    case 1:
      return podStatus({
        containerStatuses: [containerStatus.crashLoopBackOff('app', { restartCount: 7 })],
        conditions: kubeletConditions(false, at),
      });
    case 2:
      return podStatus({
        containerStatuses: [containerStatus.oomKilled('app', { restartCount: 3 })],
        conditions: kubeletConditions(false, at),
      });
    case 3:
      return podStatus({
        containerStatuses: [containerStatus.imagePullBackOff('app')],
        conditions: kubeletConditions(false, at),
      });
    case 4:
      return unschedulablePodStatus();
    case 5:
      return podStatus({
        phase: 'Failed',
        reason: 'Evicted',
        message: 'The node was low on resource: memory.',
        containerStatuses: [containerStatus.terminated('app', { exitCode: 137, reason: 'Error' })],
        conditions: kubeletConditions(false, at),
      });
    default:
      return { phase: 'Pending' };
  }
}

export interface World {
  snapshot: LoadedSnapshot;
  namespace: string;
  pods: string[];
  services: string[];
  nodes: string[];
  pvcs: string[];
  pvs: string[];
}

/** A small cluster of real-shaped objects in two namespaces, different for every seed. */
export function world(seed: number): World {
  const rng = random(seed);
  const at = new Date('2026-11-25T12:00:00Z');
  const ns = 'shop';
  const namespaces = [ns, 'payments'];
  const objects = new Map<ResourceKey, KubeObject[]>();
  const add = (key: ResourceKey, object: KubeObject) =>
    objects.set(key, [...(objects.get(key) ?? []), realify(stored(object, rng, at), rng) as KubeObject]);

  const nodes = ['node-a', 'node-b'];
  for (const name of nodes) {
    const n = node(name, {
      ready: rng.pick([true, false, 'Unknown'] as const),
      diskPressure: rng.chance(0.3),
    }) as Json;
    const status = n['status'] as Json;
    // A kubelet's node conditions carry heartbeat and transition times; heartbeats may be unset (null).
    status['conditions'] = (status['conditions'] as Json[]).map((c) => ({
      ...c,
      lastHeartbeatTime: rng.chance(0.5) ? null : time(at),
    }));
    add('nodes', n as KubeObject);
  }
  for (const name of namespaces)
    add('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });

  const pods: string[] = [];
  for (const namespace of namespaces) {
    for (let i = 0; i < 3 + rng.int(5); i++) {
      const name = `web-${i}`;
      const kind = rng.int(7);
      const p = pod(namespace, name, {
        node: kind === 4 || kind === 6 ? undefined : rng.pick(nodes),
        labels: { app: 'web', tier: rng.pick(['a', 'b']) },
        containers: [{ name: 'app', resources: { requests: { cpu: '100m' }, limits: { memory: '128Mi' } } }],
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5f6b8', uid: 'u', controller: true },
        ],
        spec: rng.chance(0.3)
          ? { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }] }
          : {},
      }) as Json;
      p['status'] = podStatusFor(kind, at);
      add('pods', p as KubeObject);
      if (namespace === ns) pods.push(name);
      if (kind !== 0) {
        add(
          'events',
          coreEvent(namespace, {
            involvedObject: { kind: 'Pod', name, namespace },
            reason: rng.pick(['BackOff', 'FailedScheduling', 'Unhealthy', 'Failed']),
            message: 'Back-off restarting failed container app',
            type: 'Warning',
            count: 1 + rng.int(30),
            lastSeen: at,
          }),
        );
        add(
          'eventsv1',
          eventsV1Event(namespace, {
            regarding: { kind: 'Pod', name, namespace },
            reason: 'FailedMount',
            note: 'MountVolume.SetUp failed for volume "data"',
            type: 'Warning',
          }),
        );
      }
    }
    add(
      'services',
      service(namespace, 'web', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] }),
    );
    add('services', service(namespace, 'api', { selector: { app: 'api' }, ports: [{ port: 80 }] }));
    add(
      'endpointslices',
      endpointSlice(namespace, 'web-abc', {
        service: 'web',
        endpoints: [{ ip: '10.0.0.1', pod: 'web-0', ready: rng.chance(0.5) }],
      }),
    );
    add('endpoints', endpoints(namespace, 'web', { ready: [{ ip: '10.0.0.1', pod: 'web-0' }] }));
    add('deployments', deployment(namespace, 'web', { replicas: 3 }));
    // Its autoscaler as the HPA controller writes it (pkg/controller/podautoscaler/horizontal.go).
    add('horizontalpodautoscalers', {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', namespace },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 1,
        maxReplicas: 3,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
          },
        ],
      },
      status: {
        currentReplicas: 1 + rng.int(3),
        desiredReplicas: 1 + rng.int(3),
        currentMetrics: rng.chance(0.5)
          ? [
              {
                type: 'Resource',
                resource: {
                  name: 'cpu',
                  current: { averageUtilization: rng.int(300), averageValue: '120m' },
                },
              },
            ]
          : null,
        conditions: [
          {
            type: 'AbleToScale',
            status: 'True',
            reason: 'ReadyForNewScale',
            message: 'recommended size matches current size',
            lastTransitionTime: time(at),
          },
        ],
      },
    } as KubeObject);
    add(
      'persistentvolumeclaims',
      persistentVolumeClaim(namespace, 'data', { storageClassName: rng.pick(['standard', 'missing', null]) }),
    );
  }
  add('storageclasses', storageClass('standard', { isDefault: true }));
  add(
    'persistentvolumes',
    persistentVolume('pv-1', { claim: { namespace: ns, name: 'data' }, csiDriver: 'csi.example.com' }),
  );
  add('volumeattachments', volumeAttachment('va-1', { persistentVolume: 'pv-1', node: 'node-a' }));

  for (const name of nodes) {
    add('nodemetrics', {
      apiVersion: 'metrics.k8s.io/v1beta1',
      kind: 'NodeMetrics',
      metadata: { name },
      timestamp: time(at),
      window: '20.05s',
      usage: { cpu: `${rng.int(4000)}m`, memory: `${rng.int(16_000)}Mi` },
    } as KubeObject);
  }
  const keys: ResourceKey[] = [...objects.keys(), 'podmetrics', 'csidrivers', 'replicasets'];
  return {
    snapshot: {
      path: `generated world ${seed}`,
      format: 'kubectl-diag snapshot',
      takenAt: at.toISOString(),
      takenAtFrom: 'recorded',
      source: {},
      objects,
      captured: new Set(keys),
      notCaptured: new Map(),
      logs: pods.map((p) => ({
        namespace: ns,
        pod: p,
        container: 'app',
        previous: false,
        text: 'started\nfailed\n',
      })),
      skippedSecrets: 0,
    },
    namespace: ns,
    pods,
    services: ['web', 'api'],
    nodes,
    pvcs: ['data'],
    pvs: ['pv-1'],
  };
}

/** Arguments for a tool from its input schema's property names, pointing at objects of the world. */
export function argumentsFor(
  properties: readonly string[],
  required: readonly string[],
  w: World,
  rng: Random,
): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  const value: Record<string, () => unknown> = {
    namespace: () => w.namespace,
    pod: () => rng.pick(w.pods),
    service: () => rng.pick(w.services),
    node: () => rng.pick(w.nodes),
    pvc: () => rng.pick(w.pvcs),
    pv: () => rng.pick(w.pvs),
    selector: () => rng.pick(['app=web', 'tier in (a,b)', '!legacy']),
    includeHealthy: () => rng.chance(0.5),
    allNamespaces: () => rng.chance(0.3),
    previous: () => false,
    tailLines: () => 1 + rng.int(100),
    // The workload tools: the world's Deployment and HPA are both named web.
    kind: () => rng.pick(['Deployment', 'Deployment', 'StatefulSet']),
    name: () => 'web',
    status: () => rng.pick(['Running', 'Failed']),
  };
  for (const name of properties) {
    const make = value[name];
    if (make && (required.includes(name) || rng.chance(0.5))) args[name] = make();
  }
  return args;
}

/**
 * A namespace-rich cluster of `total` real-shaped pods, `failing` of them in trouble (crash loops, OOM
 * kills, image pulls, unschedulable, evictions), spread over 20 namespaces — for budgets and benches.
 */
export function podWorld(total: number, failing: number, seed = 1): LoadedSnapshot {
  const rng = random(seed);
  const at = new Date('2026-11-25T12:00:00Z');
  const pods: KubeObject[] = [];
  const events: KubeObject[] = [];
  for (let i = 0; i < total; i++) {
    const namespace = `team-${i % 20}`;
    const name = `app-${i}-${(i * 7919).toString(36)}`;
    const kind = i < failing ? 1 + (i % 5) : 0;
    const p = pod(namespace, name, {
      node: kind === 4 ? undefined : `node-${i % 50}`,
      labels: { app: `app-${i % 40}` },
      containers: [{ name: 'app', resources: { requests: { cpu: '100m', memory: '128Mi' } } }],
    }) as Json;
    p['status'] = podStatusFor(kind, at);
    pods.push(realify(stored(p as KubeObject, rng, at), rng) as KubeObject);
    if (kind !== 0)
      events.push(
        coreEvent(namespace, {
          involvedObject: { kind: 'Pod', name, namespace },
          reason: 'BackOff',
          message: `Back-off restarting failed container app in pod ${name}`,
          type: 'Warning',
          count: 3,
          lastSeen: at,
        }),
      );
  }
  return {
    path: `generated ${total} pods`,
    format: 'kubectl-diag snapshot',
    takenAt: at.toISOString(),
    takenAtFrom: 'recorded',
    source: {},
    objects: new Map<ResourceKey, KubeObject[]>([
      ['pods', pods],
      ['events', events],
      ['persistentvolumeclaims', []],
    ]),
    captured: new Set<ResourceKey>(['pods', 'events', 'persistentvolumeclaims', 'namespaces']),
    notCaptured: new Map(),
    logs: [],
    skippedSecrets: 0,
  };
}
