// Triage over lists read once (issue 18): findings linked across objects into causal chains, root first,
// folded per owner, scoped to a namespace. Inputs are in the words the real components write (sources cited).

import assert from 'node:assert/strict';
import { chainsInScope, foldChains } from '../../../../src/areas/triage/chains.js';
import { ownersOfPods } from '../../../../src/areas/triage/links.js';
import { triage } from '../../../../src/areas/triage/rules.js';
import { diagnosePod } from '../../../../src/areas/pods/rules.js';
import type { Finding } from '../../../../src/diagnose/finding.js';
import { only } from '../../builders/findings.js';
import {
  NOW,
  crashing,
  deployment,
  merge,
  minutesAgo,
  node,
  pending,
  pod,
  service,
  slice,
} from '../../corpus/build.js';

// FitError.Error (pkg/scheduler/framework/types.go) around the filters' reasons, with DefaultPreemption's summary.
const PREEMPTION = 'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.';
const CORDONED = `0/3 nodes are available: 3 node(s) were unschedulable. ${PREEMPTION}`; // node_unschedulable.go
const TAINTED = `0/3 nodes are available: 3 node(s) had untolerated taint(s). ${PREEMPTION}`; // taint_toleration.go

/** What the deployment controller writes when no replica is available (pkg/controller/deployment/sync.go). */
const UNAVAILABLE = {
  type: 'Available',
  status: 'False',
  reason: 'MinimumReplicasUnavailable',
  message: 'Deployment does not have minimum availability.',
};

function crashingApi(ns: string, n: number) {
  // The kubelet copies the container's termination message into lastState.terminated.message.
  return Array.from({ length: n }, (_, i) =>
    pod(ns, `api-${i + 1}`, {
      labels: { app: 'api' },
      ip: `10.244.1.${i + 1}`,
      containers: [
        crashing('app', { exitCode: 1, reason: 'Error', message: 'connection refused: orders-db:5432' }),
      ],
    }),
  );
}

function folded(lists: Parameters<typeof triage>[0], namespace?: string) {
  const owners = ownersOfPods(lists);
  const ownerOf = (f: Finding) =>
    f.object.kind === 'Pod' ? owners.get(`${f.object.namespace}/${f.object.name}`)?.[0] : undefined;
  return foldChains(chainsInScope(triage(lists, NOW).chains, namespace), ownerOf);
}

describe('triage: causal chains across objects', () => {
  it('folds three crash-looping pods of one Deployment into one root, with the Service and the Deployment under it', () => {
    const pods = crashingApi('shop', 3);
    const { deployment: d, replicaSet } = deployment('shop', 'api', pods, {
      ready: 0,
      conditions: [UNAVAILABLE],
    });
    const lists = merge([
      {
        pods,
        services: [service('shop', 'api')],
        endpointSlices: [slice('shop', 'api', pods)],
        deployments: [d],
        replicaSets: [replicaSet],
      },
    ]);
    const chains = folded(lists);
    assert.equal(chains.length, 1, chains.map((c) => c.line).join('\n'));
    const [chain] = chains;
    assert.equal(chain!.root.reason, 'CrashLoopBackOff');
    assert.deepEqual(chain!.objects, ['Pod/shop/api-1', 'Pod/shop/api-2', 'Pod/shop/api-3']);
    assert.deepEqual(chain!.symptoms.map((f) => f.id).sort(), [
      'NoReadyEndpoints@Service/shop/api',
      'ReplicasUnavailable@Deployment/shop/api',
    ]);
    assert.match(
      chain!.line,
      /^Service shop\/api NoReadyEndpoints ← 3 pods CrashLoopBackOff ← .*connection refused: orders-db:5432/,
    );
  });

  it('keeps pods of different owners, or with different causes, as separate roots, critical first', () => {
    const a = crashingApi('shop', 1);
    const ready = pod('shop', 'web-1', { labels: { app: 'web' } });
    const probe = pod('shop', 'web-2', {
      labels: { app: 'web' },
      containers: [
        { name: 'app', ready: false, restartCount: 0, state: { running: { startedAt: minutesAgo(30) } } },
      ],
    });
    const lists = merge([{ pods: [...a, ready, probe], nodes: [node('shop-n1')] }]);
    const chains = folded(lists);
    const severities = chains.map((c) => c.root.severity);
    assert.deepEqual(
      severities,
      [...severities].sort((x, y) => (x === y ? 0 : x === 'critical' ? -1 : 1)),
    );
    assert.ok(chains.some((c) => c.root.id === 'CrashLoopBackOff@Pod/shop/api-1'));
    assert.ok(chains.every((c) => c.objects.length === 1));
  });

  it('links every pod a cordoned node keeps away, beyond the five its evidence names', () => {
    const nodes = ['n1', 'n2', 'n3'].map((n) => node(n, { unschedulable: true }));
    const pods = Array.from({ length: 8 }, (_, i) => pending('shop', `batch-${i}`, CORDONED));
    const chains = folded(merge([{ nodes, pods }]));
    const cordons = chains.filter((c) => c.root.reason === 'Cordoned');
    assert.equal(cordons.length, 3);
    for (const chain of cordons)
      assert.equal(chain.symptoms.filter((f) => f.reason === 'Unschedulable').length, 8, chain.root.id);
    assert.ok(!chains.some((c) => c.root.reason === 'Unschedulable'), 'no pending pod is a root of its own');
  });

  it('names the cordoned nodes in the pod’s own finding when the node list is at hand, and not without it', () => {
    const nodes = ['n1', 'n2', 'n3'].map((n) => node(n, { unschedulable: true }));
    const p = pending('shop', 'web-1', CORDONED);
    const alone = only(diagnosePod(p, [], NOW), 'Unschedulable');
    assert.ok(!alone.evidence.some((e) => /n1/.test(e)), alone.evidence.join('\n'));
    const result = triage(merge([{ nodes, pods: [p] }]), NOW);
    const linked = only(
      result.findings.filter((f) => f.object.kind === 'Pod'),
      'Unschedulable',
    );
    assert.ok(
      linked.evidence.includes('cordoned (spec.unschedulable): n1, n2, n3'),
      linked.evidence.join('\n'),
    );
    assert.deepEqual(linked.causedBy, ['Cordoned@Node/n1', 'Cordoned@Node/n2', 'Cordoned@Node/n3']);
  });

  it('folds a pod kept off NotReady nodes by their not-ready taint under the nodes, and asks to fix the nodes', () => {
    // pkg/controller/nodelifecycle/node_lifecycle_controller.go taints a NotReady node node.kubernetes.io/not-ready.
    const notReady = {
      type: 'Ready',
      status: 'False',
      reason: 'KubeletNotReady',
      message: 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady',
      lastHeartbeatTime: minutesAgo(0.2),
      lastTransitionTime: minutesAgo(12),
    };
    const taint = {
      key: 'node.kubernetes.io/not-ready',
      effect: 'NoSchedule' as const,
      timeAdded: minutesAgo(12),
    };
    const nodes = ['n1', 'n2', 'n3'].map((n) => node(n, { ready: notReady, taints: [taint] }));
    const p = pending('shop', 'web-1', TAINTED);
    const result = triage(merge([{ nodes, pods: [p] }]), NOW);
    const roots = result.chains.map((c) => c.root.id);
    assert.deepEqual(roots.sort(), ['NodeNotReady@Node/n1', 'NodeNotReady@Node/n2', 'NodeNotReady@Node/n3']);
    for (const chain of result.chains)
      assert.deepEqual(
        chain.symptoms.map((f) => f.id),
        ['Unschedulable@Pod/shop/web-1'],
      );
    const f = only(
      result.findings.filter((x) => x.object.kind === 'Pod'),
      'Unschedulable',
    );
    assert.match(f.hint, /fix the nodes/);
    assert.doesNotMatch(f.hint, /add a matching toleration/);
  });

  it('under a namespace, leaves out chains only of cluster-scoped objects and keeps a node that blocks the namespace', () => {
    const nodes = [node('n1', { unschedulable: true }), node('n2', { unschedulable: true })];
    const other = pending('other', 'job-1', CORDONED, { nodeSelector: { 'kubernetes.io/hostname': 'n2' } });
    const mine = pending('shop', 'web-1', CORDONED, { nodeSelector: { 'kubernetes.io/hostname': 'n1' } });
    const lists = merge([{ nodes, pods: [mine, other] }]);
    const chains = folded(
      { ...lists, pods: lists.pods.filter((p) => p.metadata?.namespace === 'shop') },
      'shop',
    );
    assert.deepEqual(
      chains.map((c) => c.root.id),
      ['Cordoned@Node/n1'],
    );
    assert.ok(!JSON.stringify(chains).includes('other/'), 'nothing of another namespace');
  });
});
