// The long-lived MCP server when the real kube-apiserver stops and starts again (not a cut proxy: the process
// itself, on a control plane of its own so no other suite sees the outage). The built binary over stdio, as
// a client runs it: while the server is gone a call soon says so plainly (until the cache has seen its
// watches break, and for its 5 s grace after, it may still answer from memory), the process stays up, and
// once the apiserver is back the watches resume, so a change made after the restart shows in a later call.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { containerStatus, podStatus, startControlPlane } from '../cluster/index.js';
import type { ControlPlane } from '../cluster/index.js';
import { startProcess, stopPid, type StartedProcess } from '../cluster/processes.js';
import { mcpStdio, ROOT, type ToolAnswer } from './tool.js';

async function until(
  what: string,
  check: () => Promise<ToolAnswer | undefined>,
  timeoutMs: number,
): Promise<ToolAnswer> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const answer = await check();
    if (answer) return answer;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${what} not seen within ${timeoutMs / 1000} s`);
}

describe('kubectl diag mcp across a kube-apiserver restart (e2e, built binary, own control plane)', function () {
  let cp: ControlPlane | undefined;
  let restarted: StartedProcess | undefined;
  let ns: string;

  before(async function () {
    this.timeout(180_000);
    cp = await startControlPlane({ stateDir: join(ROOT, '.cache', 'cluster-e2e-outage') });
    ns = await cp.seed.namespace(cp.seed.uniqueName('outage'));
    const node = cp.seed.uniqueName('node');
    await cp.seed.node(node);
    await cp.seed.pod(ns, 'before', {
      node,
      status: podStatus({ containerStatuses: [containerStatus.crashLoopBackOff('app')] }),
    });
  });

  after(async function () {
    this.timeout(60_000);
    if (restarted) await stopPid(restarted.pid);
    await cp?.stop();
  });

  it('answers isError while the apiserver is down, stays up, and sees a change made after it came back', async function () {
    this.timeout(240_000);
    const plane = cp!;
    const mcp = await mcpStdio({ KUBECONFIG: plane.viewerKubeconfig });
    try {
      const first = await mcp.call('diagnose_pods', { namespace: ns });
      assert.equal(first.isError, false, first.text);
      assert.match(first.text, /CrashLoopBackOff/);
      const serverPid = mcp.pid();

      // Stop the real apiserver (SIGTERM, as a node shutdown or an upgrade would).
      const state = JSON.parse(readFileSync(join(plane.stateDir, 'controlplane.json'), 'utf8')) as {
        processes: { name: string; pid: number; executable: string }[];
      };
      const api = state.processes.find((p) => p.name === 'kube-apiserver')!;
      const argv = readFileSync(`/proc/${api.pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      await stopPid(api.pid);

      const down = await until(
        'a plain error while the apiserver is down',
        async () => {
          // Until the cache has seen its watches break (and for its 5 s grace after), it may still answer.
          const answer = await mcp.call('diagnose_pods', { namespace: ns });
          return answer.isError ? answer : undefined;
        },
        30_000,
      );
      assert.match(down.text, /cannot reach|timed out|connect|refused/i);
      assert.ok((await mcp.client.listTools()).tools.length > 0, 'the MCP server still answers');

      // Start the same apiserver again: same binary, flags, port, certificates and etcd.
      restarted = startProcess('kube-apiserver', api.executable, argv.slice(1), {
        logFile: join(plane.stateDir, 'kube-apiserver-restarted.log'),
      });
      await until(
        'an answer once the apiserver is back',
        async () => {
          const answer = await mcp.call('diagnose_pods', { namespace: ns });
          return answer.isError ? undefined : answer;
        },
        120_000,
      );

      // A change after the restart reaches the next calls: the watches were started again.
      await plane.seed.pod(ns, 'after', {
        status: podStatus({ containerStatuses: [containerStatus.imagePullBackOff('app')] }),
      });
      const seen = await until(
        'the pod created after the restart',
        async () => {
          const answer = await mcp.call('diagnose_pods', { namespace: ns });
          return !answer.isError && /after/.test(answer.text) ? answer : undefined;
        },
        30_000,
      );
      assert.match(seen.text, /ImagePullBackOff/);
      assert.match(String((seen.structured?.['source'] as { freshness?: string }).freshness), /watch cache/);
      assert.equal(mcp.pid(), serverPid, 'the same server process answered throughout');
      assert.doesNotMatch(mcp.stderr(), /unexpected error|Unhandled|TypeError/);
    } finally {
      await mcp.close();
    }
  });
});
