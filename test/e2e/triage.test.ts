// `kubectl diag triage` on the live plane (issue 18): faults made by the real components — a Deployment whose
// pods kwok plays crash-looping (test/cluster/kwok/faults.yaml, the kubelet's words) behind a Service whose
// EndpointSlice the real controller writes, and a pod the real kube-scheduler keeps off a cordoned node. No
// test here writes a status. Triage (built CLI and MCP, as diagnostic-viewer) must print the root causes
// first with their symptoms folded under them, reading each list once (both audit logs are the witness).

import assert from 'node:assert/strict';
import type { ControlPlane, KubeObject } from '../cluster/index.js';
import { viewerUsername } from '../cluster/index.js';
import { livePlane } from './setup.js';
import { diag, mcpInMemory, tempAuditLog } from './tool.js';
import { fromTool } from './witness.js';

type Json = Record<string, unknown>;

interface Finding {
  id: string;
  severity: string;
  reason: string;
  object: { kind: string; namespace?: string; name: string };
  message: string;
}

interface Chain {
  root: Finding;
  objects: string[];
  symptoms: Finding[];
  line: string;
}

const waitingReason = (pod: KubeObject) =>
  (
    (
      ((pod['status'] as Json | undefined)?.['containerStatuses'] as Json[] | undefined)?.[0]?.['state'] as
        Json | undefined
    )?.['waiting'] as Json | undefined
  )?.['reason'];

describe('triage on the live plane: root causes first (e2e)', function () {
  this.timeout(180_000);
  let cp: ControlPlane;
  let ns: string;
  let cordoned: string;

  before(async function () {
    cp = livePlane();
    ns = await cp.scenario.namespace('triage');
    const node = await cp.scenario.node();
    cordoned = await cp.scenario.node();
    await cp.scenario.cordon(cordoned);
    await cp.scenario.deployment(ns, 'api', {
      replicas: 2,
      nodeSelector: cp.scenario.onNode(node),
      port: 8080,
      annotations: {
        'faults.kubectl-diag.test/kind': 'crash-loop',
        'faults.kubectl-diag.test/exit-code': '3',
      },
    });
    await cp.scenario.service(ns, 'api', { app: 'api' });
    await cp.scenario.pod(ns, 'pinned', { nodeSelector: cp.scenario.onNode(cordoned) });
    await cp.scenario.waitForPods(
      ns,
      'app=api',
      'two api pods in CrashLoopBackOff',
      (p) => waitingReason(p) === 'CrashLoopBackOff',
      { count: 2 },
    );
    await cp.scenario.waitForPods(ns, 'app=pinned', 'the pinned pod rejected by the scheduler', (p) =>
      (((p['status'] as Json | undefined)?.['conditions'] as Json[] | undefined) ?? []).some(
        (c) => c['type'] === 'PodScheduled' && c['reason'] === 'Unschedulable',
      ),
    );
    await cp.scenario.waitFor('two not-ready endpoints for api', async () => {
      const slices = await cp.seed.list('discovery.k8s.io/v1', 'EndpointSlice', {
        namespace: ns,
        labelSelector: 'kubernetes.io/service-name=api',
      });
      return slices.flatMap((s) => (s['endpoints'] as Json[] | undefined) ?? []).length === 2
        ? true
        : undefined;
    });
  });

  it('prints the crash loop under which the Service is folded, and the cordoned node above the pod it keeps away', async function () {
    const result = await diag(['triage', '-n', ns, '-o', 'json'], { kubeconfig: cp.viewerKubeconfig });
    assert.equal(result.error, undefined, result.error?.message);
    const envelope = JSON.parse(result.stdout) as { kind: string; items: Chain[] };
    assert.equal(envelope.kind, 'TriageReport');
    const lines = envelope.items.map((c) => c.line).join('\n');
    const crash = envelope.items.find((c) => c.root.reason === 'CrashLoopBackOff');
    assert.ok(crash, lines);
    assert.equal(crash.objects.length, 2, 'the two pods of one ReplicaSet fold into one root');
    assert.match(crash.root.message, /\b3\b/, 'the exit code the kubelet reported is in the root');
    assert.ok(
      crash.symptoms.some((f) => f.id === `NoReadyEndpoints@Service/${ns}/api`),
      lines,
    );
    assert.match(crash.line, new RegExp(`^Service ${ns}/api NoReadyEndpoints ← 2 pods CrashLoopBackOff ← `));
    const cordon = envelope.items.find((c) => c.root.id === `Cordoned@Node/${cordoned}`);
    assert.ok(cordon, lines);
    assert.deepEqual(
      cordon.symptoms.map((f) => f.id),
      [`Unschedulable@Pod/${ns}/pinned`],
    );
    const symptoms = new Set(envelope.items.flatMap((c) => c.symptoms.map((f) => f.id)));
    assert.ok(
      envelope.items.every((c) => !symptoms.has(c.root.id)),
      'no root is a symptom of another',
    );
    for (const chain of envelope.items)
      for (const f of [chain.root, ...chain.symptoms])
        assert.ok(f.object.namespace === undefined || f.object.namespace === ns, f.id);
  });

  it('reads each list once: our audit log and the apiserver’s show no request twice', async function () {
    const auditLog = tempAuditLog();
    const since = new Date();
    const result = await diag(['triage', '-n', ns, '--exit-code'], {
      kubeconfig: cp.viewerKubeconfig,
      auditLog,
    });
    assert.equal(result.error?.oclif?.exit, 7, 'a critical root cause: exit 7 with --exit-code');
    assert.match(result.stdout, /^\d+ root causes in namespace \S+ \(\d+ critical/m);
    const sent = result.audit.filter((r) => r.decision === 'allowed').map((r) => `${r.method} ${r.path}`);
    assert.ok(sent.length >= 18, sent.join('\n'));
    assert.deepEqual(sent, [...new Set(sent)]);
    const arrived = fromTool(
      await cp.waitForAuditEvents({ user: viewerUsername, since }, { count: sent.length }),
    ).map((e) => e.requestURI);
    assert.equal(arrived.length, sent.length, arrived.join('\n'));
    assert.deepEqual(arrived, [...new Set(arrived)]);
  });

  it('answers the MCP triage tool within its budget, root causes first', async function () {
    const mcp = await mcpInMemory({ kubeconfig: cp.viewerKubeconfig });
    try {
      await mcp.client.listTools();
      const answer = await mcp.call('triage', { namespace: ns });
      assert.equal(answer.isError, false, answer.text);
      assert.ok(Buffer.byteLength(answer.text) <= 24_000);
      const lines = answer.text.split('\n');
      assert.match(lines.find((l) => /root causes? in namespace/.test(l)) ?? '', /\d+ critical/);
      const firstRoot = lines.find((l) => /^1\. /.test(l)) ?? '';
      assert.match(firstRoot, /^1\. CRITICAL /);
      assert.ok((answer.structured?.['chains'] as Chain[]).length >= 2);
    } finally {
      await mcp.close();
    }
  });
});
