/**
 * Tests of the test harness itself: the control plane behaves like a real cluster to the
 * diagnostic-viewer identity — reads work (through the apiserver to the stand-ins), writes and
 * secrets are forbidden, expired tokens are refused, and the audit log witnesses all of it.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  containerStatus,
  coreEvent,
  nodeConditions,
  persistentVolumeClaim,
  pod,
  podStatus,
  storageStatus,
  unschedulablePodStatus,
  viewerUsername,
} from '../cluster/index.js';
import type { ControlPlane, KubeObject } from '../cluster/index.js';
import { controlPlane } from './setup.js';

describe('the test control plane', function () {
  let cp: ControlPlane;
  let ns: string;
  let node: string;
  const asViewer = (args: string[]) => cp.kubectl(args, { kubeconfig: cp.viewerKubeconfig });

  before(async function () {
    cp = controlPlane();
    ns = await cp.seed.namespace();
    node = cp.seed.uniqueName('node');
    await cp.seed.node(node);
    await cp.seed.pod(ns, 'web', {
      node,
      status: podStatus({
        containerStatuses: [containerStatus.crashLoopBackOff('app', { restartCount: 7 })],
      }),
    });
    await cp.seed.setLogs(ns, 'web', 'app', ['starting', 'listening on :8080', 'request 1', 'request 2']);
    await cp.seed.setLogs(ns, 'web', 'app', ['starting', 'panic: nil map'], { previous: true });
  });

  describe('as diagnostic-viewer', function () {
    it('lists pods in all namespaces, with the status a test set', async function () {
      const res = await asViewer(['get', 'pods', '-A']);
      assert.equal(res.code, 0, res.stderr);
      assert.match(res.stdout, new RegExp(`${ns}\\s+web\\s+0/1\\s+CrashLoopBackOff\\s+7`));
    });

    it('reads container logs through the apiserver and the stand-in kubelet', async function () {
      const since = new Date();
      const res = await asViewer(['logs', '-n', ns, 'web']);
      assert.equal(res.code, 0, res.stderr);
      assert.equal(res.stdout, 'starting\nlistening on :8080\nrequest 1\nrequest 2\n');
      const [event] = await cp.waitForAuditEvents({
        user: viewerUsername,
        uriIncludes: `/namespaces/${ns}/pods/web/log`,
        since,
      });
      assert.equal(event?.objectRef?.subresource, 'log');
      assert.equal(event?.responseStatus?.code, 200);
    });

    it('honours --tail and --previous', async function () {
      const tail = await asViewer(['logs', '-n', ns, 'web', '--tail=2']);
      assert.equal(tail.stdout, 'request 1\nrequest 2\n');
      const previous = await asViewer(['logs', '-n', ns, 'web', '--previous']);
      assert.equal(previous.stdout, 'starting\npanic: nil map\n');
    });

    it('honours --timestamps, --since and --limit-bytes', async function () {
      const old = new Date(Date.now() - 3_600_000);
      await cp.seed.setLogs(ns, 'web', 'app', [{ time: old, text: 'an hour ago' }, 'just now']);
      const since = await asViewer(['logs', '-n', ns, 'web', '--since=10m', '--timestamps']);
      assert.match(since.stdout, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z just now\n$/);
      const limited = await asViewer(['logs', '-n', ns, 'web', '--limit-bytes=5']);
      assert.equal(limited.stdout, 'an ho');
    });

    it('gets the kubelet errors for a missing previous instance and a container waiting for its image', async function () {
      await cp.seed.pod(ns, 'pull', {
        node,
        status: podStatus({ phase: 'Pending', containerStatuses: [containerStatus.imagePullBackOff('app')] }),
      });
      const waiting = await asViewer(['logs', '-n', ns, 'pull']);
      assert.notEqual(waiting.code, 0);
      assert.match(
        waiting.stderr,
        /container "app" in pod "pull" is waiting to start: trying and failing to pull image/,
      );
      const noPrevious = await asViewer(['logs', '-n', ns, 'pull', '--previous']);
      assert.notEqual(noPrevious.code, 0);
    });

    it('reads node and pod metrics through the metrics.k8s.io APIService', async function () {
      await cp.seed.setNodeMetrics([{ name: node, cpu: '1500m', memory: '3Gi' }]);
      await cp.seed.setPodMetrics([
        { namespace: ns, name: 'web', containers: [{ name: 'app', cpu: '42m', memory: '64Mi' }] },
      ]);
      const nodes = await asViewer(['top', 'nodes']);
      assert.equal(nodes.code, 0, nodes.stderr);
      assert.match(nodes.stdout, new RegExp(`${node}\\s+1500m\\s+37%\\s+3072Mi`));
      const pods = await asViewer(['top', 'pods', '-n', ns]);
      assert.match(pods.stdout, /web\s+42m\s+64Mi/);
    });

    it('is forbidden to delete a namespace or read secrets, and the audit log records both', async function () {
      const since = new Date();
      const del = await asViewer(['delete', 'namespace', 'default']);
      assert.notEqual(del.code, 0);
      assert.match(del.stderr, /Forbidden.*cannot delete resource "namespaces"/);
      const secrets = await asViewer(['get', 'secrets', '-A']);
      assert.match(secrets.stderr, /Forbidden.*cannot list resource "secrets"/);

      const [deleted] = await cp.waitForAuditEvents({ user: viewerUsername, verb: 'delete', since });
      assert.equal(deleted?.requestURI, '/api/v1/namespaces/default');
      assert.equal(deleted?.responseStatus?.code, 403);
      const [listed] = await cp.waitForAuditEvents({
        user: viewerUsername,
        verb: 'list',
        uriIncludes: '/secrets',
        since,
      });
      assert.equal(listed?.responseStatus?.code, 403);
    });

    it('cannot create anything, even where it can read', async function () {
      const res = await asViewer(['run', 'intruder', '-n', ns, '--image=busybox']);
      assert.notEqual(res.code, 0);
      assert.match(res.stderr, /forbidden.*cannot create resource "pods"/);
    });
  });

  describe('metrics.k8s.io', function () {
    afterEach(async function () {
      await cp.seed.setMetricsApi('served');
    });

    for (const mode of ['unregistered', 'unavailable'] as const) {
      it(`can be made ${mode} and served again`, async function () {
        await cp.seed.setMetricsApi(mode);
        const off = await asViewer(['top', 'nodes']);
        assert.notEqual(off.code, 0);
        assert.match(off.stderr, /Metrics API not available/);
        await cp.seed.setMetricsApi('served');
        const on = await asViewer(['top', 'nodes']);
        assert.equal(on.code, 0, on.stderr);
      });
    }
  });

  describe('tokens and kubeconfigs', function () {
    it('refuses a correctly signed but expired service-account token with 401', async function () {
      const since = new Date();
      const kubeconfig = await cp.writeKubeconfig(join(cp.stateDir, 'expired.kubeconfig'), {
        token: cp.forgeExpiredToken('diagnostic-viewer', 'kube-system'),
      });
      const res = await cp.kubectl(['get', 'pods', '-n', ns], { kubeconfig });
      assert.notEqual(res.code, 0);
      assert.match(res.stderr, /You must be logged in to the server/);
      const refused = await cp.waitForAuditEvents({ code: 401, since });
      assert.equal(refused[0]?.responseStatus?.reason, 'Unauthorized');
      assert.equal(refused[0]?.user.username, undefined, 'an unauthenticated request has no user');
    });

    it('mints tokens for any service account, and a kubeconfig without token acts as the viewer', async function () {
      await cp.seed.serviceAccount(ns, 'reader');
      const token = await cp.mintToken('reader', ns, 600);
      const reader = await cp.writeKubeconfig(join(cp.stateDir, 'reader.kubeconfig'), {
        token,
        namespace: ns,
      });
      const whoami = await cp.kubectl(['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}'], {
        kubeconfig: reader,
      });
      assert.equal(whoami.stdout, `system:serviceaccount:${ns}:reader`);
      const viewer = await cp.writeKubeconfig(join(cp.stateDir, 'viewer2.kubeconfig'), {});
      const me = await cp.kubectl(['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}'], {
        kubeconfig: viewer,
      });
      assert.equal(me.stdout, viewerUsername);
    });

    it('writes a kubeconfig for an unreachable server', async function () {
      const kubeconfig = await cp.writeKubeconfig(join(cp.stateDir, 'unreachable.kubeconfig'), {
        server: 'https://127.0.0.1:1',
      });
      const res = await cp.kubectl(['get', 'pods', '--request-timeout=5s'], { kubeconfig });
      assert.notEqual(res.code, 0);
      assert.match(res.stderr, /connection refused/);
    });
  });

  describe('the seeder', function () {
    it('writes statuses through /status: unschedulable pods, NotReady nodes under DiskPressure, pending claims', async function () {
      const sick = cp.seed.uniqueName('node');
      await cp.seed.node(sick, { ready: false, diskPressure: true });
      await cp.seed.pod(ns, 'waiting', { status: unschedulablePodStatus() });
      await cp.seed.create({
        ...persistentVolumeClaim(ns, 'data', { storageClassName: 'none' }),
        status: storageStatus.pvcPending(),
      });
      await cp.seed.create(
        coreEvent(ns, {
          involvedObject: { kind: 'Pod', name: 'waiting' },
          reason: 'FailedScheduling',
          message: '0/1 nodes are available',
        }),
      );

      const nodes = await asViewer([
        'get',
        'node',
        sick,
        '-o',
        'jsonpath={.status.conditions[?(@.type=="DiskPressure")].status}',
      ]);
      assert.equal(nodes.stdout, 'True');
      const sickNode = await asViewer(['get', 'node', sick]);
      assert.match(sickNode.stdout, /NotReady/);
      const waiting = await asViewer([
        'get',
        'pod',
        '-n',
        ns,
        'waiting',
        '-o',
        'jsonpath={.status.conditions[0].reason}',
      ]);
      assert.equal(waiting.stdout, 'Unschedulable');
      const pvc = await asViewer(['get', 'pvc', '-n', ns, 'data', '-o', 'jsonpath={.status.phase}']);
      assert.equal(pvc.stdout, 'Pending');
      const events = await asViewer(['get', 'events', '-n', ns]);
      assert.match(events.stdout, /FailedScheduling/);
      assert.deepEqual(
        nodeConditions({ ready: false }).find((c) => c['type'] === 'Ready')?.['status'],
        'False',
      );
    });

    it('creates hundreds of pods with their statuses quickly', async function () {
      const bulk = await cp.seed.namespace();
      const pods: KubeObject[] = Array.from({ length: 300 }, (_, i) => ({
        ...pod(bulk, `p-${i}`, { node }),
        status: podStatus({ containerStatuses: [containerStatus.running('app')] }),
      }));
      const started = Date.now();
      await cp.seed.createMany(pods);
      const seconds = (Date.now() - started) / 1000;
      console.log(`      seeded 300 pods (create + status) in ${seconds.toFixed(1)} s`);
      const listed = await cp.seed.list('v1', 'Pod', {
        namespace: bulk,
        fieldSelector: 'status.phase=Running',
      });
      assert.equal(listed.length, 300);
    });
  });
});
