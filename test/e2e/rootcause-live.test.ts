// Root causes in the real scheduler's words (issue 18): on the live plane the real kube-scheduler writes why
// a pod cannot be placed; kubectl diag (built CLI, as diagnostic-viewer) must link the node to the pods it
// actually keeps away. No test here writes a status.

import assert from 'node:assert/strict';
import type { ControlPlane } from '../cluster/index.js';
import { livePlane } from './setup.js';
import { diag } from './tool.js';

interface NodeItem {
  name: string;
  findings: { reason: string; message: string; severity: string; evidence: string[] }[];
}

describe('root causes in the real scheduler words (live plane)', function () {
  this.timeout(120_000);
  let cp: ControlPlane;

  before(function () {
    cp = livePlane();
  });

  async function nodeFindings(name: string): Promise<NodeItem['findings']> {
    const result = await diag(['nodes', '-o', 'json'], { kubeconfig: cp.viewerKubeconfig });
    assert.equal(result.error, undefined, result.error?.message);
    const list = JSON.parse(result.stdout) as { items: NodeItem[] };
    const item = list.items.find((i) => i.name === name);
    assert.ok(item, `node ${name} listed`);
    return item.findings;
  }

  it('a cordoned node names the pending pod the scheduler kept off it, and a tainted node only the pod its taint blocks', async function () {
    const ns = await cp.scenario.namespace('rootcause');
    const cordoned = await cp.scenario.node();
    const tainted = await cp.scenario.node();
    await cp.scenario.cordon(cordoned);
    await cp.scenario.taint(tainted, { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' });
    await cp.scenario.pod(ns, 'pinned', { nodeSelector: cp.scenario.onNode(cordoned) });
    await cp.scenario.pod(ns, 'repelled', { nodeSelector: cp.scenario.onNode(tainted) });
    // Pending for another reason on the tainted node's pool: tolerates the taint, asks for too much CPU.
    await cp.scenario.pod(ns, 'too-big', {
      nodeSelector: cp.scenario.onNode(tainted),
      requests: { cpu: '64' },
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }],
    });
    await cp.scenario.waitForPods(
      ns,
      '',
      'three pods the scheduler rejected',
      (p) =>
        (
          (p['status'] as { conditions?: { type: string; reason?: string }[] } | undefined)?.conditions ?? []
        ).some((c) => c.type === 'PodScheduled' && c.reason === 'Unschedulable'),
      { count: 3 },
    );
    const cordon = (await nodeFindings(cordoned)).find((f) => f.reason === 'Cordoned');
    assert.ok(cordon, 'a Cordoned finding');
    assert.match(cordon.message, new RegExp(`keeps 1 pending pod away: ${ns}/pinned$`));
    assert.ok(
      cordon.evidence.some((e) => /node\(s\) were unschedulable/.test(e)),
      cordon.evidence.join('\n'),
    );
    const taint = (await nodeFindings(tainted)).find((f) => f.reason === 'TaintNoPodTolerates');
    assert.ok(taint, 'a TaintNoPodTolerates finding');
    assert.equal(taint.message, 'Taint dedicated=gpu:NoSchedule keeps 1 pending pod off this node');
    assert.ok(taint.evidence.some((e) => e.startsWith(`pending pod ${ns}/repelled `)));
    assert.ok(
      !taint.evidence.some((e) => e.includes('too-big')),
      'the pod pending for CPU is not the taint’s doing',
    );

    // triage: each node is the root above the one pod it keeps away; the pod pending for CPU is a root of its own.
    const triage = await diag(['triage', '-n', ns, '-o', 'json'], { kubeconfig: cp.viewerKubeconfig });
    assert.equal(triage.error, undefined, triage.error?.message);
    const chains = (
      JSON.parse(triage.stdout) as { items: { root: { id: string }; symptoms: { id: string }[] }[] }
    ).items.map((c) => [c.root.id, c.symptoms.map((f) => f.id)]);
    assert.deepEqual(
      chains.sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      [
        [`Cordoned@Node/${cordoned}`, [`Unschedulable@Pod/${ns}/pinned`]],
        [`TaintNoPodTolerates@Node/${tainted}`, [`Unschedulable@Pod/${ns}/repelled`]],
        [`Unschedulable@Pod/${ns}/too-big`, []],
      ],
    );
  });
});
