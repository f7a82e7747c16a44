// States made by the real components, then diagnosed: on the live plane the real kube-scheduler,
// kube-controller-manager and kwok (playing the kubelets) produce every status these tests read — no
// test here writes a status. Each test makes its own kwok nodes and pins its pods to them, so tests do
// not disturb each other; then kubectl diag (the built CLI, as diagnostic-viewer) must name the state.

import assert from 'node:assert/strict';
import { heartbeat, type ControlPlane, type KubeObject } from '../cluster/index.js';
import { livePlane } from './setup.js';
import { diag, parseEnvelope } from './tool.js';

type Json = Record<string, unknown>;

interface FindingView {
  severity: string;
  reason: string;
  message: string;
}

const status = (obj: KubeObject | undefined) => (obj?.['status'] as Json | undefined) ?? {};
const conditionsOf = (obj: KubeObject | undefined) =>
  (status(obj)['conditions'] as { type: string; status: string; reason?: string; message?: string }[]) ?? [];

describe('real components make the faults (live plane: kube-scheduler, kube-controller-manager, kwok)', function () {
  this.timeout(120_000);
  let cp: ControlPlane;
  /** kubectl diag as the viewer of the live plane. */
  const diagLive = (args: string[]) => diag([...args, '-o', 'json'], { kubeconfig: cp.viewerKubeconfig });

  before(function () {
    cp = livePlane();
    assert.equal(cp.live, true);
  });

  describe('a Deployment behind a Service', function () {
    let ns: string;
    let node: string;
    let pods: KubeObject[];

    before(async function () {
      ns = await cp.scenario.namespace('web');
      node = await cp.scenario.node();
      await cp.scenario.deployment(ns, 'web', {
        replicas: 2,
        nodeSelector: cp.scenario.onNode(node),
        port: 8080,
      });
      await cp.scenario.service(ns, 'web', { app: 'web' });
      await cp.scenario.waitForDeploymentReady(ns, 'web');
      pods = await cp.scenario.pods(ns, 'app=web');
    });

    it('its pods become Running and Ready on a kwok node, made by the deployment and replicaset controllers', async function () {
      assert.equal(pods.length, 2);
      for (const pod of pods) {
        assert.equal(status(pod)['phase'], 'Running');
        assert.equal(
          (pod['spec'] as Json)['nodeName'],
          node,
          'bound by the scheduler to the only node it may use',
        );
        const ready = conditionsOf(pod).find((c) => c.type === 'Ready');
        assert.equal(ready?.status, 'True');
        const owner = (pod.metadata as { ownerReferences?: { kind: string }[] }).ownerReferences?.[0];
        assert.equal(owner?.kind, 'ReplicaSet', 'created by the replicaset controller');
        assert.match(String(status(pod)['podIP']), /^10\.244\./, 'an address from kwok --cidr');
      }
      const scheduled = await cp.scenario
        .waitForEvent(ns, 'Pod', pods[0]!.metadata.name!, 'Scheduled')
        .catch(() => undefined);
      // The scheduler records through events.k8s.io; core/v1 shows the same events.
      assert.ok(scheduled, 'the scheduler recorded Scheduled');
      assert.match(String(scheduled['message']), new RegExp(`Successfully assigned ${ns}/\\S+ to ${node}`));
    });

    it('its Service gets EndpointSlices from the endpointslice controller, one ready endpoint per pod', async function () {
      const slices = await cp.scenario.waitForReadyEndpoints(ns, 'web', 2);
      assert.equal(
        slices[0]!.metadata.labels?.['endpointslice.kubernetes.io/managed-by'],
        'endpointslice-controller.k8s.io',
      );
      const addresses = slices.flatMap((s) =>
        (s['endpoints'] as { addresses: string[] }[]).flatMap((e) => e.addresses),
      );
      assert.deepEqual(addresses.sort(), pods.map((p) => String(status(p)['podIP'])).sort());
    });

    it('kubectl diag pods and endpoints find nothing wrong with them', async function () {
      const podsReport = parseEnvelope<{ pods: { name: string; findings: FindingView[] }[] }>(
        await diagLive(['pods', '-n', ns]),
      );
      assert.equal(podsReport.pods.length, 2);
      for (const pod of podsReport.pods) assert.deepEqual(pod.findings, [], `findings of ${pod.name}`);
      const endpoints = parseEnvelope<{ services: { name: string; findings: FindingView[] }[] }>(
        await diagLive(['endpoints', '-n', ns]),
      );
      const web = endpoints.services.find((s) => s.name === 'web');
      assert.ok(web, 'service web listed');
      assert.deepEqual(web.findings, []);
    });
  });

  describe('a pod the scheduler cannot place', function () {
    let ns: string;
    let node: string;

    before(async function () {
      ns = await cp.scenario.namespace('unplaced');
      node = await cp.scenario.node();
      // 64 CPUs on a 4-CPU node: the scheduler's NodeResourcesFit filter refuses every node.
      await cp.scenario.pod(ns, 'big', { nodeSelector: cp.scenario.onNode(node), requests: { cpu: '64' } });
    });

    it("gets the scheduler's own PodScheduled=False condition: 0/N nodes are available", async function () {
      const condition = await cp.scenario.waitForCondition(
        { apiVersion: 'v1', kind: 'Pod', namespace: ns, name: 'big' },
        'PodScheduled',
        'False',
      );
      assert.equal(condition.reason, 'Unschedulable');
      assert.match(condition.message ?? '', /^0\/\d+ nodes are available: /);
      assert.match(condition.message ?? '', /1 Insufficient cpu/);
      assert.match(condition.message ?? '', /node\(s\) didn't match Pod's node affinity\/selector/);
      const event = await cp.scenario.waitForEvent(ns, 'Pod', 'big', 'FailedScheduling');
      assert.equal(event['message'], condition.message);
    });

    it('kubectl diag pods names it unschedulable, with the scheduler message', async function () {
      const report = parseEnvelope<{ pods: { name: string; findings: FindingView[] }[] }>(
        await diagLive(['pods', '-n', ns]),
      );
      const top = report.pods.find((p) => p.name === 'big')?.findings[0];
      assert.ok(top, 'a finding for the pod');
      assert.equal(top.reason, 'Unschedulable');
      assert.match(top.message, /Insufficient cpu/);
    });
  });

  describe('a node whose heartbeats stop', function () {
    let ns: string;
    let node: string;

    before(async function () {
      ns = await cp.scenario.namespace('silent');
      node = await cp.scenario.node();
      await cp.scenario.deployment(ns, 'api', { replicas: 1, nodeSelector: cp.scenario.onNode(node) });
      await cp.scenario.waitForDeploymentReady(ns, 'api');
      await cp.scenario.stopHeartbeats(node);
    });

    it('becomes Unknown and gets the unreachable taint from node-lifecycle', async function () {
      const silent = await cp.scenario.waitForNodeCondition(
        node,
        'Ready',
        'Unknown',
        (heartbeat.gracePeriodSeconds + 30) * 1000,
      );
      const ready = conditionsOf(silent).find((c) => c.type === 'Ready');
      assert.equal(ready?.reason, 'NodeStatusUnknown');
      assert.equal(ready?.message, 'Kubelet stopped posting node status.');
      const taints = await cp.scenario.waitFor(`the unreachable taints on ${node}`, async () => {
        const n = await cp.seed.get({ apiVersion: 'v1', kind: 'Node', name: node });
        const t = ((n?.['spec'] as Json)['taints'] as { key: string; effect: string }[] | undefined) ?? [];
        const unreachable = t.filter((x) => x.key === 'node.kubernetes.io/unreachable');
        return unreachable.length === 2 ? unreachable : undefined;
      });
      assert.deepEqual(taints.map((t) => t.effect).sort(), ['NoExecute', 'NoSchedule']);
    });

    it("marks the node's pods not ready", async function () {
      await cp.scenario.waitForPods(ns, 'app=api', 'Ready=False after the node went silent', (pod) =>
        conditionsOf(pod).some((c) => c.type === 'Ready' && c.status === 'False'),
      );
    });

    it('kubectl diag pods names the node for the pods node-lifecycle marked not ready', async function () {
      const report = parseEnvelope<{ pods: { name: string; findings: FindingView[] }[] }>(
        await diagLive(['pods', '-n', ns]),
      );
      const top = report.pods[0]?.findings[0];
      assert.equal(top?.reason, 'OnNotReadyNode');
      assert.match(top?.message ?? '', new RegExp(`node ${node} is not ready`));
    });

    it('kubectl diag nodes names it NodeStatusUnknown', async function () {
      const report = parseEnvelope<{ nodes: { name: string; status: string; findings: FindingView[] }[] }>(
        await diagLive(['nodes', '-l', `kubernetes.io/hostname=${node}`]),
      );
      const row = report.nodes.find((n) => n.name === node);
      assert.ok(row, 'the node listed');
      assert.equal(row.findings[0]?.reason, 'NodeStatusUnknown');
    });
  });

  describe('a Deployment whose pods exceed a ResourceQuota', function () {
    let ns: string;
    let node: string;

    before(async function () {
      ns = await cp.scenario.namespace('quota');
      node = await cp.scenario.node();
      await cp.scenario.resourceQuota(ns, 'pods', { pods: '1' });
      await cp.scenario.deployment(ns, 'worker', { replicas: 3, nodeSelector: cp.scenario.onNode(node) });
    });

    it('gets FailedCreate events from the replicaset controller and a ReplicaFailure condition', async function () {
      const rs = await cp.scenario.waitFor('the ReplicaSet of worker', async () => {
        const all = await cp.seed.list('apps/v1', 'ReplicaSet', {
          namespace: ns,
          labelSelector: 'app=worker',
        });
        return all[0];
      });
      const event = await cp.scenario.waitForEvent(ns, 'ReplicaSet', rs.metadata.name!, 'FailedCreate');
      assert.match(
        String(event['message']),
        /is forbidden: exceeded quota: pods, requested: pods=1, used: pods=1, limited: pods=1/,
      );
      const condition = await cp.scenario.waitForCondition(
        { apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: 'worker' },
        'ReplicaFailure',
        'True',
      );
      assert.equal(condition.reason, 'FailedCreate');
      assert.match(condition.message ?? '', /exceeded quota: pods/);
    });
  });

  describe('a PersistentVolumeClaim naming a StorageClass that does not exist', function () {
    let ns: string;

    before(async function () {
      ns = await cp.scenario.namespace('pvc');
      await cp.scenario.unbindablePvc(ns, 'data', 'fast-ssd');
    });

    it("gets the PV controller's ProvisioningFailed event and stays Pending", async function () {
      const event = await cp.scenario.waitForEvent(ns, 'PersistentVolumeClaim', 'data', 'ProvisioningFailed');
      assert.equal(event['message'], 'storageclass.storage.k8s.io "fast-ssd" not found');
      const claim = await cp.seed.get({
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        namespace: ns,
        name: 'data',
      });
      assert.equal(status(claim)['phase'], 'Pending');
    });

    it('kubectl diag storage names the missing class', async function () {
      const report = parseEnvelope<{ claims: { name: string; findings: FindingView[] }[] }>(
        await diagLive(['storage', '-n', ns]),
      );
      const top = report.claims.find((c) => c.name === 'data')?.findings[0];
      assert.equal(top?.reason, 'PVCPendingClassNotFound');
      assert.match(top?.message ?? '', /fast-ssd/);
    });
  });
});
