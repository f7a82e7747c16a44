// One pod in depth next to `kubectl describe pod`, on the same pod of the live plane (scheduled by the
// real kube-scheduler, run by kwok, owned by a ReplicaSet of the real controller-manager): every field a
// kubectl user reads there is in `kubectl diag pods NAME` with the same value, plus the owner chain.
// SHOW_DESCRIBE=1 prints both outputs.

import assert from 'node:assert/strict';
import type { ControlPlane } from '../cluster/index.js';
import { livePlane } from './setup.js';
import { diag } from './tool.js';

/** The value of `Label:` in kubectl describe's output (first match, from `start` on), trimmed. */
function field(text: string, label: string, start = 0): string {
  const line = text
    .slice(start)
    .split('\n')
    .find((l) => l.trimStart().startsWith(`${label}:`));
  assert.ok(line, `kubectl describe has no "${label}:"`);
  return line.slice(line.indexOf(':') + 1).trim();
}

describe('kubectl diag pods NAME next to kubectl describe pod (live plane)', function () {
  this.timeout(120_000);
  let cp: ControlPlane;
  let ns: string;
  let pod: string;
  let theirs: string;
  let ours: string;

  before(async () => {
    cp = livePlane();
    ns = await cp.scenario.namespace('describe');
    await cp.scenario.node();
    await cp.seed.create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'shop-api', namespace: ns },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'shop-api' } },
        template: {
          metadata: { labels: { app: 'shop-api', tier: 'backend' } },
          spec: {
            terminationGracePeriodSeconds: 0,
            tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'shop', effect: 'NoSchedule' }],
            containers: [
              {
                name: 'api',
                image: 'registry.example/shop/api:2.3.1',
                ports: [{ name: 'http', containerPort: 8080 }],
                resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '512Mi' } },
                livenessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 15 },
                readinessProbe: { tcpSocket: { port: 8080 }, initialDelaySeconds: 5 },
                volumeMounts: [
                  { name: 'config', mountPath: '/etc/api', readOnly: true },
                  { name: 'scratch', mountPath: '/tmp' },
                ],
              },
            ],
            volumes: [
              { name: 'config', configMap: { name: 'api-config' } },
              { name: 'scratch', emptyDir: { sizeLimit: '1Gi' } },
            ],
          },
        },
      },
    });
    await cp.scenario.waitForDeploymentReady(ns, 'shop-api');
    const [first] = await cp.scenario.pods(ns, 'app=shop-api');
    pod = first!.metadata!.name!;
    const described = await cp.kubectl(['describe', 'pod', pod, '-n', ns], {
      kubeconfig: cp.viewerKubeconfig,
    });
    assert.equal(described.code, 0, described.stderr);
    theirs = described.stdout;
    const result = await diag(['pods', pod, '-n', ns], { kubeconfig: cp.viewerKubeconfig });
    assert.equal(result.error, undefined, result.stderr);
    ours = result.stdout;
    if (process.env['SHOW_DESCRIBE'])
      console.error(`--- kubectl describe pod\n${theirs}\n--- kubectl diag pods ${pod}\n${ours}`);
  });

  it('names the node, service account, QoS class, priority and the controller as describe does', () => {
    for (const label of ['Node', 'Service Account', 'QoS Class', 'Priority', 'IP'])
      assert.equal(field(ours, label), field(theirs, label), label);
    // describe stops at the ReplicaSet; the chain goes on to the Deployment.
    assert.match(
      field(ours, 'Controlled By'),
      new RegExp(`^${field(theirs, 'Controlled By')} ← Deployment/shop-api$`),
    );
    assert.match(field(theirs, 'Labels'), /app=shop-api/);
    assert.match(field(ours, 'Labels'), /app=shop-api/);
  });

  it('shows the container as describe does: image, port, state, requests, limits, probes, mounts', () => {
    const start = ours.indexOf('Containers:');
    const theirStart = theirs.indexOf('Containers:');
    assert.equal(field(ours, 'Image', start), field(theirs, 'Image', theirStart));
    assert.equal(field(ours, 'Ports', start), '8080/TCP (http)');
    assert.equal(field(theirs, 'Port', theirStart), '8080/TCP (http)');
    assert.equal(field(ours, 'State', start), field(theirs, 'State', theirStart));
    assert.equal(field(ours, 'Ready', start), field(theirs, 'Ready', theirStart));
    assert.equal(field(ours, 'Restart Count', start), field(theirs, 'Restart Count', theirStart));
    assert.equal(field(ours, 'Liveness', start), field(theirs, 'Liveness', theirStart));
    assert.equal(field(ours, 'Readiness', start), field(theirs, 'Readiness', theirStart));
    assert.equal(field(ours, 'Limits', start), 'memory=512Mi');
    assert.equal(field(ours, 'Requests', start), 'cpu=250m, memory=256Mi');
    // Every mount describe lists, in its words.
    for (const mount of theirs.match(/^\s+\/\S+ from \S+ \((?:ro|rw)\)$/gm) ?? [])
      assert.ok(ours.includes(mount.trim()), `${mount.trim()} in\n${ours}`);
    assert.ok(ours.includes('/etc/api from config (ro)'));
  });

  it('lists every volume and toleration describe lists, and the conditions and events', () => {
    const volumes = [...theirs.matchAll(/^ {2}(\S+):\n\s+Type:\s+(\w+)/gm)].map((m) => [m[1]!, m[2]!]);
    assert.ok(volumes.length >= 2, theirs);
    for (const [name, type] of volumes)
      assert.match(ours, new RegExp(`^ {2}${name}\\s+${type}\\b`, 'm'), `${name} ${type}`);
    for (const toleration of [
      'dedicated=shop:NoSchedule',
      'node.kubernetes.io/not-ready:NoExecute op=Exists for 300s',
    ])
      assert.ok(theirs.includes(toleration) && ours.includes(toleration), toleration);
    for (const condition of ['PodScheduled', 'Initialized', 'ContainersReady', 'Ready'])
      assert.match(ours, new RegExp(`^ {2}${condition}\\s+True`, 'm'), condition);
    assert.match(theirs, /Scheduled\s+.*default-scheduler/);
    assert.match(ours, /Scheduled/);
  });
});
