// Several clusters from one MCP server: the static and the live plane of this run are two contexts of one
// kubeconfig (a KUBECONFIG list of two files, as kubectl merges it), asked by one `kubectl diag mcp` over
// stdio through the SDK's validating client. A third context, outside ALLOWED_CONTEXTS, points at the
// static plane: its refusal must leave no trace in either audit log.

import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { containerStatus, podStatus, viewerUsername, type ControlPlane } from '../cluster/index.js';
import { controlPlane, livePlane } from './setup.js';
import { mcpStdio, readAudit, runBundle, tempAuditLog, type McpSession } from './tool.js';

describe('contexts: one MCP server, two real control planes', function () {
  this.timeout(120_000);
  let mcp: McpSession;
  let staticNs: string;
  let liveNs: string;
  let kubeconfigs: string;
  const since = new Date();

  before(async function () {
    this.timeout(90_000);
    const cp = controlPlane();
    const live = livePlane();
    staticNs = await cp.seed.namespace(cp.seed.uniqueName('ctx-static'));
    await cp.seed.pod(staticNs, 'api', {
      status: podStatus({ containerStatuses: [containerStatus.oomKilled('app', { restartCount: 4 })] }),
    });
    liveNs = await live.scenario.namespace();
    // No node has this label: the real scheduler leaves the pod Pending and says why.
    await live.scenario.pod(liveNs, 'stuck', { nodeSelector: { 'kubectl-diag.test/none': 'here' } });
    await live.scenario.waitForPods(liveNs, 'app=stuck', 'unschedulable', (p) =>
      ((p['status'] as { conditions?: { type: string; reason?: string }[] }).conditions ?? []).some(
        (c) => c.type === 'PodScheduled' && c.reason === 'Unschedulable',
      ),
    );
    const dir = mkdtempSync(join(tmpdir(), 'kubectl-diag-contexts-'));
    const files = [
      await cp.writeKubeconfig(join(dir, 'static.yaml'), { context: 'static-plane' }),
      await live.writeKubeconfig(join(dir, 'live.yaml'), { context: 'live-plane' }),
      await cp.writeKubeconfig(join(dir, 'outside.yaml'), { context: 'outside' }),
    ];
    kubeconfigs = files.join(delimiter);
    // Without the watch cache every call reads its namespace, so each record can be traced to its call.
    mcp = await mcpStdio({ KUBECONFIG: files.join(delimiter), ALLOWED_CONTEXTS: 'static-plane,live-plane' }, [
      '--no-cache',
    ]);
  });
  after(async () => mcp?.close());

  it('list_contexts names every context with its cluster and server, never a credential', async function () {
    const answer = await mcp.call('list_contexts', {});
    assert.equal(answer.isError, false, answer.text);
    const contexts = (answer.structured as { contexts: Record<string, unknown>[] }).contexts;
    assert.deepEqual(
      contexts.map((c) => [c['name'], c['server'], c['default'], c['allowed']]),
      [
        ['static-plane', controlPlane().server, true, true],
        ['live-plane', livePlane().server, false, true],
        ['outside', controlPlane().server, false, false],
      ],
    );
    assert.doesNotMatch(JSON.stringify(answer.raw), /token|certificate|BEGIN|eyJ/i);
  });

  it('answers diagnose_pods for both planes in one session', async function () {
    const onStatic = await mcp.call('diagnose_pods', { namespace: staticNs });
    assert.equal(onStatic.isError, false, onStatic.text);
    assert.match(onStatic.text, /OOMKilled/);
    const onLive = await mcp.call('diagnose_pods', { namespace: liveNs, context: 'live-plane' });
    assert.equal(onLive.isError, false, onLive.text);
    assert.match(onLive.text, /stuck/);
    assert.match(onLive.text, /Unschedulable|didn't match|node affinity|selector/i);
    // Each namespace exists on its own plane only.
    const crossed = await mcp.call('diagnose_pods', { namespace: liveNs, context: 'static-plane' });
    assert.doesNotMatch(crossed.text, /stuck/);
  });

  it('refuses a context outside ALLOWED_CONTEXTS before any request', async function () {
    const probe = 'ctx-refused-probe';
    const before = readAudit(mcp.auditLog).length;
    const answer = await mcp.call('diagnose_pods', { namespace: probe, context: 'outside' });
    assert.equal(answer.isError, true);
    assert.match(answer.text, /refused context "outside": it is not in the allowed contexts/);
    const records = readAudit(mcp.auditLog).slice(before);
    assert.deepEqual(
      records.filter((r) => r.context === 'outside' || r.path.includes(probe)),
      [],
      'no record, so no request',
    );
    const seen = await controlPlane().auditEvents({ uriIncludes: probe, since });
    assert.deepEqual(seen, [], "the static plane's apiserver saw nothing");
  });

  it('audit records name the right context and server under concurrent calls to both', async function () {
    const before = readAudit(mcp.auditLog).length;
    const calls = Array.from({ length: 24 }, (_, i) =>
      i % 2 === 0
        ? mcp.call('diagnose_pods', { namespace: staticNs, context: 'static-plane' })
        : mcp.call('diagnose_pods', { namespace: liveNs, context: 'live-plane' }),
    );
    const answers = await Promise.all(calls);
    answers.forEach((a) => assert.equal(a.isError, false, a.text));
    const records = readAudit(mcp.auditLog)
      .slice(before)
      .filter((r) => r.decision === 'allowed');
    const onStatic = records.filter((r) => r.path.includes(`/namespaces/${staticNs}/`));
    const onLive = records.filter((r) => r.path.includes(`/namespaces/${liveNs}/`));
    assert.ok(onStatic.length >= 12 && onLive.length >= 12, `${onStatic.length} / ${onLive.length} requests`);
    for (const r of onStatic)
      assert.deepEqual([r.context, r.server], ['static-plane', controlPlane().server]);
    for (const r of onLive) assert.deepEqual([r.context, r.server], ['live-plane', livePlane().server]);
    // Each request reached the apiserver of its own context, and only that one (same Audit-ID).
    const ids = async (cp: ControlPlane, count: number, ns: string) =>
      new Set(
        (
          await cp.waitForAuditEvents(
            { user: viewerUsername, since, uriIncludes: `/namespaces/${ns}/` },
            { count, timeoutMs: 15_000 },
          )
        ).map((e) => e.auditID),
      );
    const staticIds = new Set([
      ...(await ids(controlPlane(), onStatic.length, staticNs)),
      ...(
        await controlPlane().auditEvents({
          user: viewerUsername,
          since,
          uriIncludes: `/namespaces/${liveNs}/`,
        })
      ).map((e) => e.auditID),
    ]);
    const liveIds = await ids(livePlane(), onLive.length, liveNs);
    for (const r of onStatic)
      assert.ok(staticIds.has(r.id) && !liveIds.has(r.id), `${r.id} on the static plane only`);
    for (const r of onLive)
      assert.ok(liveIds.has(r.id) && !staticIds.has(r.id), `${r.id} on the live plane only`);
  });

  it('doctor --all-contexts checks each allowed context in one run', async function () {
    const { code, stdout, stderr } = await runBundle(
      ['doctor', '--all-contexts', '-o', 'json', '--audit-log', tempAuditLog()],
      { ...process.env, KUBECONFIG: kubeconfigs, ALLOWED_CONTEXTS: 'static-plane,live-plane' },
    );
    assert.equal(code, 0, stderr);
    const list = JSON.parse(stdout) as {
      kind: string;
      items: { items: { name: string; status: string; summary: string }[] }[];
    };
    assert.equal(list.kind, 'List');
    const summaries = list.items.map((report) => ({
      kubeconfig: report.items.find((c) => c.name === 'kubeconfig')?.summary ?? '',
      reachability: report.items.find((c) => c.name === 'reachability')?.summary ?? '',
    }));
    assert.equal(summaries.length, 2, 'the refused context "outside" is not checked');
    assert.match(summaries[0]!.kubeconfig, /^context "static-plane"/);
    assert.ok(summaries[0]!.reachability.startsWith(controlPlane().server), summaries[0]!.reachability);
    assert.match(summaries[1]!.kubeconfig, /^context "live-plane"/);
    assert.ok(summaries[1]!.reachability.startsWith(livePlane().server), summaries[1]!.reachability);
  });
});
