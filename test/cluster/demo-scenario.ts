import {
  containerStatus,
  coreEvent,
  endpointSlice,
  nodeConditions,
  persistentVolume,
  persistentVolumeClaim,
  service,
  storageClass,
  storageStatus,
  time,
  type ContainerSpec,
  type NodeConditionsSpec,
} from './builders.js';
import type { ControlPlane } from './controlplane.js';
import {
  Ages,
  DAY,
  HOUR,
  MINUTE,
  ago,
  controllerRef,
  seedDeployment,
  seedDemoPod,
  template,
  type DemoDeployment,
  type DemoPod,
} from './demo-workloads.js';
import type { KubeObject } from './resources.js';

type Json = Record<string, unknown>;

/** What the demo scenario created, so tests can look at exactly that. */
export interface DemoScenario {
  namespaces: string[];
  nodes: string[];
  persistentVolumes: string[];
  /** How long ago each object was created in the story (the apiserver stamps "now"; scripts/demo.ts back-dates). */
  ages: Ages;
}

/** The scheduler's words for the report pod (pkg/scheduler/schedule_one.go, FitError.Error). */
const UNSCHEDULABLE =
  '0/4 nodes are available: 1 Insufficient memory, 1 node(s) had untolerated taint {node.kubernetes.io/disk-pressure: }, 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }, 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }. preemption: 0/4 nodes are available: 1 No preemption victims found for incoming pod, 3 Preemption is not helpful for scheduling.';

const SIZED = { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '512Mi' } };
const app = (name: string, image: string, extra: Partial<ContainerSpec> = {}): ContainerSpec => ({
  name,
  image,
  resources: SIZED,
  ports: [{ name: 'http', containerPort: 8080 }],
  ...extra,
});

/**
 * The built-in demo cluster (`kubectl diag --demo`): two namespaces of a small shop in the middle of an
 * incident — a rollout of api that crash-loops (and left its Service with no ready endpoint), a cache
 * OOMKilled again and again, a worker rollout stuck on an image that does not exist, a report Job that
 * cannot be scheduled, a Service whose selector matches nothing, a checkout pod failing its readiness
 * probe, a NotReady node, a node under DiskPressure, a node whose kubelet went silent, a claim pending on
 * a missing storage class and a Released volume — next to healthy things that have run for days.
 * Every pod has the controller real clusters give it. `prefix` keeps names apart when a test seeds it
 * into a shared control plane.
 */
export async function seedDemoScenario(cp: ControlPlane, prefix = ''): Promise<DemoScenario> {
  const s = cp.seed;
  const ages = new Ages();
  const shop = await s.namespace(`${prefix}shop`);
  const payments = await s.namespace(`${prefix}payments`);
  ages.set('namespaces', undefined, shop, 97 * DAY);
  ages.set('namespaces', undefined, payments, 97 * DAY);
  const nodes = await seedNodes(cp, prefix, ages);
  const n1 = nodes[0]!;

  // Owners first: each pod's ownerReference carries its controller's uid.
  const create = async (resource: string, obj: KubeObject, age: number, status?: Json) => {
    ages.set(resource, obj.metadata.namespace, obj.metadata.name!, age);
    return s.create(status ? { ...obj, status } : obj);
  };
  const web = app('app', 'registry.example/shop/web:1.8.2');
  const api = app('app', 'registry.example/shop/api:2.3.1');
  const worker = app('worker', 'registry.example/shop/worker:2.0.1');
  const workerOld = { ...worker, image: 'registry.example/shop/worker:2.0.0' };
  const frontEnd = app('app', 'registry.example/shop/front-end:1.8.2');
  const checkout = app('app', 'registry.example/payments/checkout:3.1.0', {
    readinessProbe: { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 10 },
  });
  const redis = app('redis', 'redis:7.2.4', {
    resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '128Mi' } },
    ports: [{ name: 'redis', containerPort: 6379 }],
  });
  const report = app('report', 'registry.example/shop/report:1.4.0', {
    resources: { requests: { cpu: '2', memory: '24Gi' } },
    ports: undefined,
  });

  // Each Deployment: its age, when it last became (un)available and progressed (stuck: deadline passed),
  // and its ReplicaSets newest first: [hash, pods, ready pods, revision, age, image].
  const M = MINUTE;
  const oldApi = 'registry.example/shop/api:2.3.0';
  // prettier-ignore
  const deployments: DemoDeployment[] = [
    [shop, 'web', web, 34 * DAY, { available: 3 * DAY, progressed: 76 * HOUR }, [['7d9c5', 2, 2, 4, 76 * HOUR]]],
    [shop, 'api', api, 34 * DAY, { available: 52 * M, progressed: 42 * M, stuck: true, recreate: true },
      [['5f6b8', 1, 0, 7, 52 * M], ['7c9d4', 0, 0, 6, 9 * DAY, oldApi]]],
    [shop, 'worker', worker, 20 * DAY, { available: 4 * DAY, progressed: 8 * M, stuck: true },
      [['6b7f9', 1, 0, 3, 18 * M], ['5c8d7', 1, 1, 2, 4 * DAY, workerOld.image]]],
    [shop, 'front-end', frontEnd, 34 * DAY, { available: 3 * DAY, progressed: 76 * HOUR }, [['6c4f8', 1, 1, 2, 76 * HOUR]]],
    [payments, 'checkout', checkout, 60 * DAY, { available: 6 * M, progressed: 2 * DAY }, [['84d5c', 2, 1, 12, 2 * DAY]]],
  ];
  const replicaSets = await Promise.all(deployments.map((d) => seedDeployment(cp, ages, d)));
  // The ReplicaSets that run pods, in the order above.
  const [webRs, apiRs, workerRs, workerOldRs, frontEndRs, checkoutRs] = replicaSets
    .flat()
    .filter((rs) => (rs['spec'] as { replicas: number }).replicas > 0) as [
    KubeObject,
    KubeObject,
    KubeObject,
    KubeObject,
    KubeObject,
    KubeObject,
  ];
  const cacheSts = await create(
    'statefulsets',
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'cache', namespace: shop, labels: { app: 'cache' } },
      spec: {
        replicas: 1,
        serviceName: 'cache',
        selector: { matchLabels: { app: 'cache' } },
        template: template('cache', redis),
      },
    },
    41 * DAY,
    {
      observedGeneration: 1,
      replicas: 1,
      readyReplicas: 0,
      currentReplicas: 1,
      updatedReplicas: 1,
      availableReplicas: 0,
      currentRevision: 'cache-6d4f9b8c7',
      updateRevision: 'cache-6d4f9b8c7',
    },
  );
  const reportCron = await create(
    'cronjobs',
    {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'report', namespace: shop },
      spec: {
        schedule: '0 * * * *',
        jobTemplate: {
          spec: {
            template: {
              ...template('report', report),
              spec: { containers: [report], restartPolicy: 'OnFailure' },
            },
          },
        },
      },
    },
    41 * DAY,
    {
      lastScheduleTime: time(ago(9 * MINUTE)),
      active: [{ kind: 'Job', namespace: shop, name: 'report-28861440', apiVersion: 'batch/v1' }],
    },
  );
  const reportJob = await create(
    'jobs',
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name: 'report-28861440',
        namespace: shop,
        labels: { app: 'report' },
        ownerReferences: [controllerRef(reportCron)],
      },
      spec: {
        backoffLimit: 6,
        template: {
          metadata: { labels: { app: 'report' } },
          spec: { containers: [report], restartPolicy: 'OnFailure' },
        },
      },
    },
    9 * MINUTE,
    { active: 1, startTime: time(ago(9 * MINUTE)), ready: 0, terminating: 0, uncountedTerminatedPods: {} },
  );

  const running = (c: ContainerSpec, age: number, ready = true) =>
    containerStatus.running(c.name, { image: c.image, startedAt: ago(age), ready });
  const crashLoop = (c: ContainerSpec, restartCount: number, finishedAgo: number, reason?: string) =>
    containerStatus.crashLoopBackOff(c.name, {
      image: c.image,
      restartCount,
      exitCode: reason === 'OOMKilled' ? 137 : 1,
      ...(reason ? { reason } : {}),
      startedAt: ago(finishedAgo + 4_000),
      finishedAt: ago(finishedAgo),
    });
  // A pod its controller made from its template (labels included), scheduled on node-1 when it has an IP.
  const made = (
    owner: KubeObject,
    name: string,
    container: ContainerSpec,
    age: number,
    ip?: string,
    extra: Partial<DemoPod> = {},
  ): DemoPod => {
    const spec = owner['spec'] as { template?: { metadata: { labels: Record<string, string> } } };
    return {
      ns: owner.metadata.namespace!,
      name,
      owner,
      container,
      age,
      ...(ip ? { node: n1, ip } : {}),
      ...extra,
      labels: { ...spec.template?.metadata.labels, ...extra.labels },
    };
  };
  const pods: DemoPod[] = [
    made(webRs, 'web-7d9c5-x2k4p', web, 76 * HOUR, '10.244.1.11'),
    made(webRs, 'web-7d9c5-q8w1z', web, 76 * HOUR, '10.244.1.12'),
    made(apiRs, 'api-5f6b8-m9d2c', api, 52 * MINUTE, '10.244.1.13', {
      state: crashLoop(api, 14, 100_000),
      notReadySince: ago(52 * MINUTE),
    }),
    made(cacheSts, 'cache-0', redis, 6 * DAY, '10.244.1.14', {
      labels: {
        'statefulset.kubernetes.io/pod-name': 'cache-0',
        'controller-revision-hash': 'cache-6d4f9b8c7',
      },
      state: crashLoop(redis, 6, 3 * MINUTE, 'OOMKilled'),
      notReadySince: ago(3 * MINUTE),
    }),
    made(workerRs, 'worker-6b7f9-tt5rn', worker, 18 * MINUTE, '10.244.1.15', {
      phase: 'Pending',
      state: containerStatus.imagePullBackOff('worker', { image: worker.image! }),
    }),
    made(workerOldRs, 'worker-5c8d7-9lmzq', workerOld, 4 * DAY, '10.244.1.17'),
    made(reportJob, 'report-28861440-zq7km', report, 9 * MINUTE, undefined, {
      labels: { 'batch.kubernetes.io/job-name': 'report-28861440' },
      unschedulable: UNSCHEDULABLE,
    }),
    made(frontEndRs, 'front-end-6c4f8-bb2xs', frontEnd, 76 * HOUR, '10.244.1.16'),
    made(checkoutRs, 'checkout-84d5c-7hfp2', checkout, 2 * DAY, '10.244.1.21'),
    made(checkoutRs, 'checkout-84d5c-w4n8v', checkout, 2 * DAY, '10.244.1.22', {
      state: running(checkout, 2 * DAY, false),
      notReadySince: ago(6 * MINUTE),
    }),
  ];
  await Promise.all(pods.map((p) => seedDemoPod(cp, ages, p)));

  await seedServices(cp, ages, shop, payments, n1);
  const volumes = await seedStorage(cp, ages, prefix, shop);
  await seedEvents(cp, shop, payments, nodes);
  await seedLogsAndMetrics(cp, shop, payments, nodes);
  return { namespaces: [shop, payments], nodes, persistentVolumes: volumes, ages };
}

/** node-1 runs everything; node-2 is under DiskPressure, node-3 NotReady, node-4's kubelet went silent. */
async function seedNodes(cp: ControlPlane, prefix: string, ages: Ages): Promise<string[]> {
  const names = ['node-1', 'node-2', 'node-3', 'node-4'].map((n) => `${prefix}${n}`);
  const [n1, n2, n3, n4] = names as [string, string, string, string];
  for (const n of names) ages.set('nodes', undefined, n, 41 * DAY);
  // Conditions unchanged since the node joined, except `changed`; the kubelet posts status every 10 s.
  const story = (spec: NodeConditionsSpec, heartbeat: Date, changed: Record<string, Date> = {}) =>
    nodeConditions({ ...spec, since: ago(41 * DAY) }).map((c) => ({
      ...c,
      lastHeartbeatTime: time(heartbeat),
      ...(changed[c['type'] as string] ? { lastTransitionTime: time(changed[c['type'] as string]!) } : {}),
    }));
  // The node lifecycle controller marks every condition Unknown 40 s after the last heartbeat
  // (pkg/controller/nodelifecycle/node_lifecycle_controller.go, tryUpdateNodeHealth).
  const silent = ago(10 * MINUTE);
  const unknown = story({}, ago(10 * MINUTE + 40_000)).map((c) => ({
    ...c,
    status: 'Unknown',
    reason: 'NodeStatusUnknown',
    message: 'Kubelet stopped posting node status.',
    lastTransitionTime: time(silent),
  }));
  await Promise.all([
    cp.seed.node(n1, {
      labels: { 'node-role.kubernetes.io/worker': '' },
      conditions: story({}, ago(12_000)),
    }),
    cp.seed.node(n2, {
      conditions: story({ diskPressure: true }, ago(8_000), { DiskPressure: ago(23 * MINUTE) }),
      taints: [{ key: 'node.kubernetes.io/disk-pressure', effect: 'NoSchedule' }],
    }),
    cp.seed.node(n3, {
      conditions: story({ ready: false }, ago(9_000), { Ready: ago(14 * MINUTE) }),
      taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }],
    }),
    cp.seed.node(n4, {
      conditions: unknown,
      taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }],
    }),
  ]);
  return names;
}

/** Services with the EndpointSlices the endpointslice controller keeps (IPs of the pods above). */
async function seedServices(cp: ControlPlane, ages: Ages, shop: string, payments: string, n1: string) {
  const s = cp.seed;
  const serve = async (
    ns: string,
    name: string,
    selector: Record<string, string>,
    slice: string,
    endpoints: { ip: string; pod: string; ready?: boolean }[],
    age: number,
    targetPort: number | string = 8080,
  ) => {
    ages.set('services', ns, name, age);
    ages.set('endpointslices', ns, slice, age);
    await s.create(service(ns, name, { selector, ports: [{ name: 'http', port: 80, targetPort }] }));
    await s.create(
      endpointSlice(ns, slice, { service: name, endpoints: endpoints.map((e) => ({ ...e, nodeName: n1 })) }),
    );
  };
  await Promise.all([
    serve(
      shop,
      'web',
      { app: 'web' },
      'web-8s7dk',
      [
        { ip: '10.244.1.11', pod: 'web-7d9c5-x2k4p' },
        { ip: '10.244.1.12', pod: 'web-7d9c5-q8w1z' },
      ],
      34 * DAY,
      'http',
    ),
    serve(
      shop,
      'api',
      { app: 'api' },
      'api-p2x9v',
      [{ ip: '10.244.1.13', pod: 'api-5f6b8-m9d2c', ready: false }],
      34 * DAY,
    ),
    // The front-end pods are labelled app=front-end: this selector has matched nothing since it was made.
    serve(shop, 'frontend', { app: 'frontend' }, 'frontend-4kq2m', [], 2 * HOUR),
    serve(
      payments,
      'checkout',
      { app: 'checkout' },
      'checkout-9vz3b',
      [
        { ip: '10.244.1.21', pod: 'checkout-84d5c-7hfp2' },
        { ip: '10.244.1.22', pod: 'checkout-84d5c-w4n8v', ready: false },
      ],
      60 * DAY,
    ),
  ]);
}

/** A claim pending on a class that does not exist, a bound claim, a Released volume. */
async function seedStorage(cp: ControlPlane, ages: Ages, prefix: string, shop: string): Promise<string[]> {
  const s = cp.seed;
  const pvOld = `${prefix}pv-shop-logs-old`;
  const pvUploads = `${prefix}pv-shop-uploads`;
  ages.set('storageclasses', undefined, `${prefix}standard`, 97 * DAY);
  ages.set('persistentvolumeclaims', shop, 'data', 2 * HOUR);
  ages.set('persistentvolumeclaims', shop, 'uploads', 20 * DAY);
  ages.set('persistentvolumes', undefined, pvUploads, 20 * DAY);
  ages.set('persistentvolumes', undefined, pvOld, 90 * DAY);
  await Promise.all([
    s.create(storageClass(`${prefix}standard`, { provisioner: 'csi.example.com' })),
    s.create({
      ...persistentVolumeClaim(shop, 'data', { storageClassName: 'fast-ssd', size: '20Gi' }),
      status: storageStatus.pvcPending(),
    }),
    s.create({
      ...persistentVolumeClaim(shop, 'uploads', {
        storageClassName: `${prefix}standard`,
        size: '5Gi',
        volumeName: pvUploads,
      }),
      status: storageStatus.pvcBound('5Gi'),
    }),
    s.create({
      ...persistentVolume(pvUploads, {
        size: '5Gi',
        storageClassName: `${prefix}standard`,
        claim: { namespace: shop, name: 'uploads' },
      }),
      status: storageStatus.pvBound(),
    }),
    s.create({
      ...persistentVolume(pvOld, {
        size: '10Gi',
        storageClassName: `${prefix}standard`,
        claim: { namespace: shop, name: 'logs-old' },
      }),
      status: storageStatus.pvReleased(),
    }),
  ]);

  return [pvOld, pvUploads];
}

/** Events as the components wrote them, counted and timed over the incident. */
async function seedEvents(cp: ControlPlane, shop: string, payments: string, nodes: string[]) {
  const [, n2, n3] = nodes as [string, string, string, string];
  const event = (
    ns: string,
    involved: { kind: string; name: string },
    reason: string,
    message: string,
    times: { count: number; first: number; last: number },
    component = 'kubelet',
    type: 'Warning' | 'Normal' = 'Warning',
  ) =>
    cp.seed.create(
      coreEvent(ns, {
        involvedObject: involved,
        reason,
        message,
        type,
        count: times.count,
        firstSeen: ago(times.first),
        lastSeen: ago(times.last),
        component,
      }),
    );
  const pod = (name: string) => ({ kind: 'Pod', name });
  await Promise.all([
    event(
      shop,
      pod('api-5f6b8-m9d2c'),
      'BackOff',
      'Back-off restarting failed container app in pod api-5f6b8-m9d2c',
      { count: 58, first: 50 * MINUTE, last: 40_000 },
    ),
    event(shop, pod('cache-0'), 'BackOff', 'Back-off restarting failed container redis in pod cache-0', {
      count: 21,
      first: 35 * MINUTE,
      last: 60_000,
    }),
    event(
      shop,
      pod('worker-6b7f9-tt5rn'),
      'Failed',
      'Failed to pull image "registry.example/shop/worker:2.0.1": not found',
      { count: 7, first: 18 * MINUTE, last: 2 * MINUTE },
    ),
    event(
      shop,
      pod('report-28861440-zq7km'),
      'FailedScheduling',
      UNSCHEDULABLE,
      { count: 12, first: 9 * MINUTE, last: 30_000 },
      'default-scheduler',
    ),
    event(
      shop,
      { kind: 'PersistentVolumeClaim', name: 'data' },
      'ProvisioningFailed',
      'storageclass.storage.k8s.io "fast-ssd" not found',
      { count: 9, first: 2 * HOUR, last: 4 * MINUTE },
      'persistentvolume-controller',
    ),
    event(
      payments,
      pod('checkout-84d5c-w4n8v'),
      'Unhealthy',
      'Readiness probe failed: HTTP probe failed with statuscode: 503',
      { count: 33, first: 6 * MINUTE, last: 8_000 },
    ),
    event(
      'default',
      { kind: 'Node', name: n3 },
      'NodeNotReady',
      `Node ${n3} status is now: NodeNotReady`,
      { count: 1, first: 14 * MINUTE, last: 14 * MINUTE },
      'node-controller',
      'Normal',
    ),
    event(
      'default',
      { kind: 'Node', name: n2 },
      'EvictionThresholdMet',
      'Attempting to reclaim ephemeral-storage',
      {
        count: 4,
        first: 23 * MINUTE,
        last: 5 * MINUTE,
      },
    ),
  ]);
}

/** What the stand-in kubelet and metrics server answer for the demo's pods and nodes. */
async function seedLogsAndMetrics(cp: ControlPlane, shop: string, payments: string, nodes: string[]) {
  const s = cp.seed;
  const [n1, n2] = nodes as [string, string];
  await Promise.all([
    s.setLogs(shop, 'web-7d9c5-x2k4p', 'app', [
      'GET / 200 12ms',
      'GET /cart 200 31ms',
      'GET /health 200 1ms',
    ]),
    s.setLogs(shop, 'api-5f6b8-m9d2c', 'app', ['starting api v2.3.1', 'connecting to postgres:5432']),
    s.setLogs(
      shop,
      'api-5f6b8-m9d2c',
      'app',
      [
        'starting api v2.3.1',
        'connecting to postgres:5432',
        'loading config from /etc/api/config.yaml',
        'panic: runtime error: invalid memory address or nil pointer dereference',
        'goroutine 1 [running]:',
        'main.main()',
      ],
      { previous: true },
    ),
    s.setLogs(shop, 'cache-0', 'redis', ['# Server initialized', '# Loading RDB produced by version 7.2.4'], {
      previous: true,
    }),
    s.setLogs(payments, 'checkout-84d5c-w4n8v', 'app', [
      'listening on :8080',
      'GET /ready 503 upstream payments-db not reachable',
    ]),
    s.setNodeMetrics([
      { name: n1, cpu: '2950m', memory: '13Gi' },
      { name: n2, cpu: '310m', memory: '3Gi' },
    ]),
    s.setPodMetrics([
      {
        namespace: shop,
        name: 'web-7d9c5-x2k4p',
        containers: [{ name: 'app', cpu: '120m', memory: '210Mi' }],
      },
      {
        namespace: shop,
        name: 'web-7d9c5-q8w1z',
        containers: [{ name: 'app', cpu: '95m', memory: '198Mi' }],
      },
    ]),
  ]);
}
