// The built `bin/run.js mcp` as an MCP client would run it: spawned with KUBECONFIG, READ_ONLY and
// ALLOWED_NAMESPACES in its environment, talking JSON-RPC over stdio.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { containerStatus, podStatus } from '../cluster/index.js';
import type { ControlPlane } from '../cluster/index.js';
import { controlPlane } from './setup.js';
import { mcpStdio, readAudit, ROOT } from './tool.js';

describe('kubectl diag mcp over stdio (e2e, built binary)', function () {
  let cp: ControlPlane;
  let ns: string;
  let other: string;

  before(async function () {
    cp = controlPlane();
    ns = await cp.seed.namespace(cp.seed.uniqueName('mcp'));
    other = await cp.seed.namespace(cp.seed.uniqueName('mcp-other'));
    const node = cp.seed.uniqueName('node');
    await cp.seed.node(node);
    await cp.seed.pod(ns, 'api', {
      node,
      status: podStatus({ containerStatuses: [containerStatus.oomKilled('app', { restartCount: 3 })] }),
    });
    await cp.seed.pod(other, 'hidden', {
      node,
      status: podStatus({ containerStatuses: [containerStatus.crashLoopBackOff('app')] }),
    });
    await cp.seed.setLogs(ns, 'api', 'app', ['allocating', 'killed'], { previous: true });
  });

  it('lists the read-only tools and answers calls, with protocol only on stdout', async function () {
    const mcp = await mcpStdio();
    const errors: Error[] = [];
    mcp.client.onerror = (error) => errors.push(error);
    try {
      const { tools } = await mcp.client.listTools();
      assert.ok(tools.some((t) => t.name === 'diagnose_pods'));
      assert.ok(tools.every((t) => t.annotations?.readOnlyHint === true));
      const answer = await mcp.call('diagnose_pods', { namespace: ns });
      assert.equal(answer.isError, false, answer.text);
      assert.match(answer.text, /\[critical\] OOMKilled/);
      const logs = await mcp.call('get_pod_logs', { namespace: ns, pod: 'api', previous: true });
      assert.match(logs.text, /allocating\nkilled/);
    } finally {
      await mcp.close();
    }
    assert.deepEqual(errors, [], 'the client saw nothing on stdout that was not protocol');
    assert.match(mcp.stderr(), /MCP server ready .*read-only/);
    const audit = readAudit(mcp.auditLog);
    assert.ok(audit.some((r) => r.caller?.name === 'mcp:diagnose_pods' && r.decision === 'allowed'));
  });

  it('turns bad calls into isError results and keeps serving', async function () {
    const mcp = await mcpStdio();
    try {
      const huge = await mcp.call('get_pod_logs', { namespace: ns, pod: 'api', tailLines: 10_000_000 });
      assert.equal(huge.isError, true);
      assert.match(huge.text, /at most 5000 lines/);
      const slash = await mcp.call('describe_pod', { namespace: ns, pod: '../../etc' });
      assert.equal(slash.isError, true);
      const missing = await mcp.call('get_pod_status', { namespace: ns, pod: 'ghost' });
      assert.match(missing.text, /Pod "ghost" not found/);
      const ok = await mcp.call('get_pod_status', { namespace: ns, pod: 'api' });
      assert.equal(ok.isError, false);
    } finally {
      await mcp.close();
    }
  });

  it('holds the ALLOWED_NAMESPACES fence from its environment', async function () {
    const mcp = await mcpStdio({ ALLOWED_NAMESPACES: ns });
    try {
      const refused = await mcp.call('get_pod_status', { namespace: other, pod: 'hidden' });
      assert.equal(refused.isError, true);
      assert.match(refused.text, new RegExp(`namespace "${other}" is outside the allowed namespaces`));
      const all = await mcp.call('diagnose_pods', { allNamespaces: true });
      const namespaces = new Set(
        (all.structured as { pods: { namespace: string }[] }).pods.map((p) => p.namespace),
      );
      assert.deepEqual([...namespaces], [ns]);
    } finally {
      await mcp.close();
    }
  });

  it('refuses to start with READ_ONLY=false, saying there is no write mode', function () {
    const result = spawnSync(process.execPath, [join(ROOT, 'bin', 'run.js'), 'mcp'], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        KUBECONFIG: cp.viewerKubeconfig,
        READ_ONLY: 'false',
      },
      input: '',
      encoding: 'utf8',
      timeout: 20_000,
    });
    assert.notEqual(result.status, 0);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /READ_ONLY=false is not supported: kubectl-diag has no write mode/);
  });
});
