import {
  containerStatus,
  coreEvent,
  endpointSlice,
  persistentVolume,
  persistentVolumeClaim,
  podStatus,
  service,
  storageStatus,
  unschedulablePodStatus,
} from './builders.js';
import type { ControlPlane } from './controlplane.js';

/**
 * A small troubled cluster to try things by hand (`npm run cluster:seed` after `cluster:up`):
 * namespace `shop` with a healthy pod, a crash-looping one with current and previous logs, an
 * OOMKilled one, one that cannot pull its image, an unschedulable one, a Service, a Pending claim,
 * a Released volume, a NotReady node under DiskPressure, and metrics. Safe to run twice.
 */
export async function seedSampleScenario(cp: ControlPlane): Promise<string> {
  const seed = cp.seed;
  const ns = 'shop';
  if (await seed.get({ apiVersion: 'v1', kind: 'Namespace', name: ns })) return ns;
  await seed.namespace(ns);
  await seed.node('node-1');
  await seed.node('node-2', { ready: false, diskPressure: true });
  const running = (name: string) => podStatus({ containerStatuses: [containerStatus.running(name)] });
  await Promise.all([
    seed.pod(ns, 'web-7d9c5', { node: 'node-1', labels: { app: 'web' }, status: running('app') }),
    seed.pod(ns, 'api-5f6b8', {
      node: 'node-1',
      labels: { app: 'api' },
      status: podStatus({
        containerStatuses: [containerStatus.crashLoopBackOff('app', { restartCount: 12 })],
      }),
    }),
    seed.pod(ns, 'worker-0', {
      node: 'node-2',
      status: podStatus({ containerStatuses: [containerStatus.oomKilled('app', { restartCount: 3 })] }),
    }),
    seed.pod(ns, 'cache-9x2', {
      node: 'node-1',
      status: podStatus({ phase: 'Pending', containerStatuses: [containerStatus.imagePullBackOff('app')] }),
    }),
    seed.pod(ns, 'batch-1', { status: unschedulablePodStatus() }),
    seed.create(service(ns, 'web', { selector: { app: 'web' } })),
    seed.create(
      endpointSlice(ns, 'web-abcde', {
        service: 'web',
        endpoints: [{ ip: '10.244.0.10', pod: 'web-7d9c5', nodeName: 'node-1' }],
      }),
    ),
    seed.create({
      ...persistentVolumeClaim(ns, 'data', { storageClassName: 'fast' }),
      status: storageStatus.pvcPending(),
    }),
    seed.create({
      ...persistentVolume('pv-old', { claim: { namespace: ns, name: 'old' } }),
      status: storageStatus.pvReleased(),
    }),
  ]);
  await seed.setLogs(ns, 'web-7d9c5', 'app', ['GET / 200', 'GET /health 200', 'GET /cart 200']);
  await seed.setLogs(ns, 'api-5f6b8', 'app', [
    'starting api v2.3.1',
    'connecting to db:5432',
    'error: connection refused',
  ]);
  await seed.setLogs(
    ns,
    'api-5f6b8',
    'app',
    ['starting api v2.3.1', 'panic: runtime error: invalid memory address'],
    { previous: true },
  );
  await seed.create(
    coreEvent(ns, {
      involvedObject: { kind: 'Pod', name: 'api-5f6b8' },
      reason: 'BackOff',
      message: 'Back-off restarting failed container app in pod api-5f6b8',
      count: 40,
    }),
  );
  await seed.create(
    coreEvent(ns, {
      involvedObject: { kind: 'Pod', name: 'batch-1' },
      reason: 'FailedScheduling',
      message:
        '0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }.',
    }),
  );
  await seed.setNodeMetrics([
    { name: 'node-1', cpu: '1250m', memory: '6Gi' },
    { name: 'node-2', cpu: '90m', memory: '14Gi' },
  ]);
  await seed.setPodMetrics([
    { namespace: ns, name: 'web-7d9c5', containers: [{ name: 'app', cpu: '15m', memory: '48Mi' }] },
    { namespace: ns, name: 'api-5f6b8', containers: [{ name: 'app', cpu: '1m', memory: '12Mi' }] },
  ]);
  return ns;
}
