import {
  containerStatus,
  coreEvent,
  deployment,
  endpointSlice,
  persistentVolume,
  persistentVolumeClaim,
  podStatus,
  service,
  storageClass,
  storageStatus,
  unschedulablePodStatus,
} from './builders.js';
import type { ControlPlane } from './controlplane.js';

/** What the demo scenario created, so tests can look at exactly that. */
export interface DemoScenario {
  namespaces: string[];
  nodes: string[];
  persistentVolumes: string[];
}

/**
 * The built-in demo cluster (`kubectl diag --demo`): two namespaces of a small shop with the faults
 * on-call engineers meet most — a crash-looping pod, an OOMKilled pod, an image pull error, an
 * unschedulable pod, a Service whose selector matches nothing, a Service with no ready endpoints,
 * a failing readiness probe, a NotReady node, a node under DiskPressure, a node whose kubelet went
 * silent, a claim pending on a missing storage class and a Released volume — next to healthy things.
 * `prefix` keeps names apart when a test seeds it into a shared control plane.
 */
export async function seedDemoScenario(cp: ControlPlane, prefix = ''): Promise<DemoScenario> {
  const s = cp.seed;
  const shop = await s.namespace(`${prefix}shop`);
  const payments = await s.namespace(`${prefix}payments`);
  const [n1, n2, n3, n4] = ['node-1', 'node-2', 'node-3', 'node-4'].map((n) => `${prefix}${n}`) as [
    string,
    string,
    string,
    string,
  ];
  const tenMinutesAgo = new Date(Date.now() - 10 * 60_000);
  await Promise.all([
    s.node(n1, { labels: { 'node-role.kubernetes.io/worker': '' } }),
    s.node(n2, {
      diskPressure: true,
      taints: [{ key: 'node.kubernetes.io/disk-pressure', effect: 'NoSchedule' }],
    }),
    s.node(n3, { ready: false, taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }] }),
    s.node(n4, {
      ready: 'Unknown',
      since: tenMinutesAgo,
      taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }],
    }),
  ]);

  const running = (ready = true) =>
    podStatus({ containerStatuses: [containerStatus.running('app', { ready })] });
  const requests = { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '512Mi' } };
  const app = (name: string, extra: object = {}) => ({
    name,
    resources: requests,
    ports: [{ name: 'http', containerPort: 8080 }],
    ...extra,
  });
  await Promise.all([
    s.create(deployment(shop, 'web', { replicas: 2 })),
    s.pod(shop, 'web-7d9c5-x2k4p', {
      node: n1,
      labels: { app: 'web' },
      containers: [app('app')],
      status: running(),
    }),
    s.pod(shop, 'web-7d9c5-q8w1z', {
      node: n1,
      labels: { app: 'web' },
      containers: [app('app')],
      status: running(),
    }),
    s.pod(shop, 'api-5f6b8-m9d2c', {
      node: n1,
      labels: { app: 'api' },
      containers: [app('app')],
      status: podStatus({
        containerStatuses: [containerStatus.crashLoopBackOff('app', { restartCount: 14, exitCode: 1 })],
      }),
    }),
    s.pod(shop, 'cache-0', {
      node: n1,
      labels: { app: 'cache' },
      containers: [
        app('redis', {
          resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '128Mi' } },
        }),
      ],
      status: podStatus({ containerStatuses: [containerStatus.oomKilled('redis', { restartCount: 6 })] }),
    }),
    s.pod(shop, 'worker-6b7f9-tt5rn', {
      node: n1,
      labels: { app: 'worker' },
      containers: [app('worker', { image: 'registry.example/shop/worker:2.0.1' })],
      status: podStatus({
        phase: 'Pending',
        containerStatuses: [
          containerStatus.imagePullBackOff('worker', { image: 'registry.example/shop/worker:2.0.1' }),
        ],
      }),
    }),
    s.pod(shop, 'report-28861440-zq7km', {
      labels: { app: 'report' },
      containers: [app('report', { resources: { requests: { cpu: '2', memory: '24Gi' } } })],
      status: unschedulablePodStatus(
        '0/4 nodes are available: 1 Insufficient memory, 1 node(s) had untolerated taint {node.kubernetes.io/disk-pressure: }, 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }, 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }.',
      ),
    }),
    s.pod(shop, 'front-end-6c4f8-bb2xs', {
      node: n1,
      labels: { app: 'front-end' },
      containers: [app('app')],
      status: running(),
    }),
    s.pod(payments, 'checkout-84d5c-7hfp2', {
      node: n1,
      labels: { app: 'checkout' },
      containers: [app('app')],
      status: running(),
    }),
    s.pod(payments, 'checkout-84d5c-w4n8v', {
      node: n1,
      labels: { app: 'checkout' },
      containers: [app('app', { readinessProbe: { httpGet: { path: '/ready', port: 8080 } } })],
      status: running(false),
    }),
  ]);

  await Promise.all([
    s.create(
      service(shop, 'web', {
        selector: { app: 'web' },
        ports: [{ name: 'http', port: 80, targetPort: 'http' }],
      }),
    ),
    s.create(
      endpointSlice(shop, 'web-8s7dk', {
        service: 'web',
        endpoints: [
          { ip: '10.244.1.11', pod: 'web-7d9c5-x2k4p', nodeName: n1 },
          { ip: '10.244.1.12', pod: 'web-7d9c5-q8w1z', nodeName: n1 },
        ],
      }),
    ),
    s.create(
      service(shop, 'api', {
        selector: { app: 'api' },
        ports: [{ name: 'http', port: 80, targetPort: 8080 }],
      }),
    ),
    s.create(
      endpointSlice(shop, 'api-p2x9v', {
        service: 'api',
        endpoints: [{ ip: '10.244.1.13', pod: 'api-5f6b8-m9d2c', nodeName: n1, ready: false }],
      }),
    ),
    s.create(
      service(shop, 'frontend', {
        selector: { app: 'frontend' },
        ports: [{ name: 'http', port: 80, targetPort: 8080 }],
      }),
    ),
    s.create(endpointSlice(shop, 'frontend-4kq2m', { service: 'frontend', endpoints: [] })),
    s.create(
      service(payments, 'checkout', {
        selector: { app: 'checkout' },
        ports: [{ name: 'http', port: 80, targetPort: 8080 }],
      }),
    ),
    s.create(
      endpointSlice(payments, 'checkout-9vz3b', {
        service: 'checkout',
        endpoints: [
          { ip: '10.244.1.21', pod: 'checkout-84d5c-7hfp2', nodeName: n1 },
          { ip: '10.244.1.22', pod: 'checkout-84d5c-w4n8v', nodeName: n1, ready: false },
        ],
      }),
    ),
  ]);

  const pvOld = `${prefix}pv-shop-logs-old`;
  const pvUploads = `${prefix}pv-shop-uploads`;
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

  const event = (
    ns: string,
    kind: string,
    name: string,
    reason: string,
    message: string,
    count = 1,
    component = 'kubelet',
  ) => s.create(coreEvent(ns, { involvedObject: { kind, name }, reason, message, count, component }));
  await Promise.all([
    event(
      shop,
      'Pod',
      'api-5f6b8-m9d2c',
      'BackOff',
      'Back-off restarting failed container app in pod api-5f6b8-m9d2c',
      58,
    ),
    event(shop, 'Pod', 'cache-0', 'BackOff', 'Back-off restarting failed container redis in pod cache-0', 21),
    event(
      shop,
      'Pod',
      'worker-6b7f9-tt5rn',
      'Failed',
      'Failed to pull image "registry.example/shop/worker:2.0.1": not found',
      7,
    ),
    event(
      shop,
      'Pod',
      'report-28861440-zq7km',
      'FailedScheduling',
      '0/4 nodes are available: 1 Insufficient memory, 3 node(s) had untolerated taints.',
      12,
      'default-scheduler',
    ),
    event(
      shop,
      'PersistentVolumeClaim',
      'data',
      'ProvisioningFailed',
      'storageclass.storage.k8s.io "fast-ssd" not found',
      9,
      'persistentvolume-controller',
    ),
    event(
      payments,
      'Pod',
      'checkout-84d5c-w4n8v',
      'Unhealthy',
      'Readiness probe failed: HTTP probe failed with statuscode: 503',
      33,
    ),
    event(
      'default',
      'Node',
      n3,
      'NodeNotReady',
      `Node ${n3} status is now: NodeNotReady`,
      1,
      'node-controller',
    ),
    event('default', 'Node', n2, 'EvictionThresholdMet', 'Attempting to reclaim ephemeral-storage', 4),
  ]);

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
  return { namespaces: [shop, payments], nodes: [n1, n2, n3, n4], persistentVolumes: [pvOld, pvUploads] };
}
