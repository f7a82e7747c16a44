// Kubelet faults on the live plane: kwok plays them (test/cluster/kwok/faults.yaml, in the kubelet's
// words) on pods the real deployment/replicaset controllers create and the real scheduler binds; the
// rollout, the Service's endpoints and the Deployment's conditions are the real controllers' answer.
// No test here writes a status. kubectl diag (built CLI, as diagnostic-viewer) must name each fault.

import assert from 'node:assert/strict';
import type { ControlPlane, KubeObject } from '../cluster/index.js';
import { livePlane } from './setup.js';
import { diag, parseEnvelope } from './tool.js';

type Json = Record<string, unknown>;

interface PodRow {
  name: string;
  findings: { severity: string; reason: string; message: string }[];
}

const containerStatuses = (pod: KubeObject) =>
  ((pod['status'] as Json | undefined)?.['containerStatuses'] as Json[] | undefined) ?? [];
const waitingReason = (pod: KubeObject) =>
  ((containerStatuses(pod)[0]?.['state'] as Json | undefined)?.['waiting'] as Json | undefined)?.['reason'];

describe('kubelet faults played by kwok, diagnosed (live plane)', function () {
  this.timeout(120_000);
  let cp: ControlPlane;
  let node: string;
  const diagPods = async (ns: string) =>
    parseEnvelope<{ pods: PodRow[] }>(
      await diag(['pods', '-n', ns, '-o', 'json'], { kubeconfig: cp.viewerKubeconfig }),
    );

  before(async function () {
    cp = livePlane();
    node = await cp.scenario.node();
  });

  it('a Deployment rolled to an image that cannot be pulled: the new pod backs off, the old ones keep serving', async function () {
    const ns = await cp.scenario.namespace('rollout');
    await cp.scenario.deployment(ns, 'shop', {
      replicas: 2,
      nodeSelector: cp.scenario.onNode(node),
      port: 8080,
    });
    await cp.scenario.service(ns, 'shop', { app: 'shop' });
    await cp.scenario.waitForDeploymentReady(ns, 'shop');
    await cp.seed.patch(
      { apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: 'shop' },
      { spec: { progressDeadlineSeconds: 5 } },
    );
    await cp.scenario.setImage(ns, 'shop', 'registry.invalid/shop:2.0');

    // maxSurge 1, maxUnavailable 0 (25% of 2, rounded down): one new pod, the old two stay Running.
    const stuck = await cp.scenario.waitFor(
      'one new pod in ImagePullBackOff next to the two old ones',
      async () => {
        const pods = await cp.scenario.pods(ns, 'app=shop');
        const backingOff = pods.filter((p) => waitingReason(p) === 'ImagePullBackOff');
        const running = pods.filter((p) => (p['status'] as Json | undefined)?.['phase'] === 'Running');
        return pods.length === 3 && backingOff.length === 1 && running.length === 2 ? pods : undefined;
      },
    );
    const broken = stuck.filter((p) => waitingReason(p) === 'ImagePullBackOff');
    const waiting = (containerStatuses(broken[0]!)[0]!['state'] as Json)['waiting'] as Json;
    const message = String(waiting['message']);
    assert.match(message, /^Back-off pulling image "registry\.invalid\/shop:2\.0": ErrImagePull: /);

    const progressing = await cp.scenario.waitForCondition(
      { apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: 'shop' },
      'Progressing',
      'False',
    );
    assert.equal(
      progressing.reason,
      'ProgressDeadlineExceeded',
      'the deployment controller gave up on the rollout',
    );
    await cp.scenario.waitForReadyEndpoints(ns, 'shop', 2);

    const report = await diagPods(ns);
    const row = report.pods.find((p) => p.name === broken[0]!.metadata.name);
    assert.equal(row?.findings[0]?.reason, 'ImagePullBackOff');
    assert.match(row?.findings[0]?.message ?? '', /registry\.invalid\/shop:2\.0/);
    const healthy = report.pods.filter((p) => p.name !== broken[0]!.metadata.name);
    assert.deepEqual(
      healthy.map((p) => p.findings),
      [[], []],
      'the old pods are fine',
    );
  });

  it('a container that keeps exiting with code 3: CrashLoopBackOff with the exit code, restarts counting', async function () {
    const ns = await cp.scenario.namespace('crash');
    await cp.scenario.deployment(ns, 'worker', {
      nodeSelector: cp.scenario.onNode(node),
      annotations: {
        'faults.kubectl-diag.test/kind': 'crash-loop',
        'faults.kubectl-diag.test/exit-code': '3',
      },
    });
    // kwok counts another restart every 10 s (fault-crash-loop-restart), as a kubelet's back-off does.
    const [pod] = await cp.scenario.waitForPods(
      ns,
      'app=worker',
      'CrashLoopBackOff, restarted at least twice',
      (p) =>
        waitingReason(p) === 'CrashLoopBackOff' && Number(containerStatuses(p)[0]?.['restartCount']) >= 2,
    );
    const last = (containerStatuses(pod!)[0]!['lastState'] as Json)['terminated'] as Json;
    assert.equal(last['exitCode'], 3);
    assert.equal(last['reason'], 'Error');

    const report = await diagPods(ns);
    const top = report.pods[0]?.findings[0];
    assert.equal(top?.reason, 'CrashLoopBackOff');
    assert.match(top?.message ?? '', /\b3\b/, 'the exit code is in the finding');
  });

  it('a container killed for memory: OOMKilled', async function () {
    const ns = await cp.scenario.namespace('oom');
    await cp.scenario.deployment(ns, 'cache', {
      nodeSelector: cp.scenario.onNode(node),
      limits: { memory: '64Mi' },
      annotations: { 'faults.kubectl-diag.test/kind': 'oom-killed' },
    });
    await cp.scenario.waitForPods(
      ns,
      'app=cache',
      'CrashLoopBackOff after OOMKilled',
      (p) => waitingReason(p) === 'CrashLoopBackOff',
    );
    const report = await diagPods(ns);
    const findings = report.pods[0]?.findings ?? [];
    // The kubelet reports the crash loop (state) and the OOM kill (last state); both are named, the
    // OOM kill first as the root cause the crash loop follows from (causedBy).
    assert.deepEqual(
      findings.map((f) => f.reason),
      ['OOMKilled', 'CrashLoopBackOff'],
    );
    assert.match(findings[0]!.message, /64Mi|memory/i, 'the OOM finding speaks of the memory limit');
  });

  it('a readiness probe that fails: the pod runs but never becomes an endpoint', async function () {
    const ns = await cp.scenario.namespace('probe');
    await cp.scenario.deployment(ns, 'api', {
      nodeSelector: cp.scenario.onNode(node),
      port: 8080,
      annotations: { 'faults.kubectl-diag.test/kind': 'readiness-failing' },
    });
    await cp.scenario.service(ns, 'api', { app: 'api' });
    const [pod] = await cp.scenario.waitForPods(
      ns,
      'app=api',
      'Running, not ready',
      (p) => (p['status'] as Json)['phase'] === 'Running',
    );
    await cp.scenario.waitForEvent(ns, 'Pod', pod!.metadata.name!, 'Unhealthy');
    // The endpointslice controller lists the pod, not ready.
    await cp.scenario.waitFor('a not-ready endpoint for api', async () => {
      const slices = await cp.seed.list('discovery.k8s.io/v1', 'EndpointSlice', {
        namespace: ns,
        labelSelector: 'kubernetes.io/service-name=api',
      });
      const endpoints = slices.flatMap((s) => (s['endpoints'] as Json[] | undefined) ?? []);
      return endpoints.length === 1 && (endpoints[0]!['conditions'] as Json)['ready'] === false
        ? true
        : undefined;
    });

    const pods = await diagPods(ns);
    assert.equal(pods.pods[0]?.findings[0]?.reason, 'ReadinessProbeFailed');
    const endpoints = parseEnvelope<{ services: { name: string; findings: { reason: string }[] }[] }>(
      await diag(['endpoints', '-n', ns, '-o', 'json'], { kubeconfig: cp.viewerKubeconfig }),
    );
    assert.equal(endpoints.services.find((s) => s.name === 'api')?.findings[0]?.reason, 'NoReadyEndpoints');
  });
});
