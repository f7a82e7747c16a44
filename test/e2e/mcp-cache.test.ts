// The watch cache of the long-lived MCP server against the real apiserver: a repeated question is answered
// from memory (no list reaches the server), a change reaches the next answer as soon as the watch delivers
// it, every list and watch goes through the policy and the audit (per namespace under a fence), and the
// server survives the API server going away and coming back (a loopback proxy we cut and restore).

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, Socket, type Server } from 'node:net';
import { join } from 'node:path';
import { containerStatus, podStatus, type ControlPlane } from '../cluster/index.js';
import { controlPlane } from './setup.js';
import { mcpInMemory, readAudit, tempAuditLog } from './tool.js';

/** Resolves when `predicate` matches an event the cache reports (or rejects after `ms`). */
function eventWaiter() {
  const waiting: { predicate: (e: string) => boolean; resolve: () => void }[] = [];
  const seen: string[] = [];
  return {
    seen,
    onEvent: (event: string) => {
      seen.push(event);
      for (const w of [...waiting]) {
        if (w.predicate(event)) {
          waiting.splice(waiting.indexOf(w), 1);
          w.resolve();
        }
      }
    },
    /** Resolves once an event matching `predicate` is seen (at index `from` or later of `seen`). */
    until(predicate: (e: string) => boolean, ms = 20_000, from = 0): Promise<void> {
      if (seen.slice(from).some(predicate)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(new Error(`no cache event matched within ${ms} ms; saw: ${seen.slice(-5).join(' | ')}`)),
          ms,
        );
        waiting.push({ predicate, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
  };
}

/** A TCP relay on loopback in front of the API server that can be cut (every connection dropped) and restored. */
async function cuttableProxy(target: URL) {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = new Socket();
        sockets.add(client).add(upstream);
        upstream.connect(Number(target.port), target.hostname);
        client.pipe(upstream).pipe(client);
        const drop = () => (
          client.destroy(),
          upstream.destroy(),
          sockets.delete(client),
          sockets.delete(upstream)
        );
        client.on('error', drop).on('close', drop);
        upstream.on('error', drop).on('close', drop);
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as { port: number }).port;
        resolve();
      });
    });
  await listen();
  return {
    url: () => `https://127.0.0.1:${port}`,
    cut: async () => {
      await new Promise<void>((resolve) => {
        server!.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
    restore: listen,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => (server?.listening ? server.close(() => resolve()) : resolve()));
    },
  };
}

describe('the MCP watch cache (e2e)', function () {
  let cp: ControlPlane;
  let ns: string;

  before(async function () {
    cp = controlPlane();
    ns = await cp.seed.namespace(cp.seed.uniqueName('cache'));
    const node = cp.seed.uniqueName('node');
    await cp.seed.node(node);
    for (const name of ['web-1', 'web-2', 'web-3']) {
      await cp.seed.pod(ns, name, {
        node,
        labels: { app: 'web' },
        status: podStatus({ containerStatuses: [containerStatus.running('app')] }),
      });
    }
  });

  it('answers a repeated diagnose_pods from memory and sees a change in the next call once the watch delivers it', async function () {
    const events = eventWaiter();
    const mcp = await mcpInMemory({}, { onEvent: events.onEvent });
    try {
      const first = await mcp.call('diagnose_pods', { namespace: ns });
      assert.equal(first.isError, false, first.text);
      assert.match(first.text, /3 pods/);
      const listsBefore = readAudit(mcp.auditLog).filter((r) => !r.path.includes('watch=true')).length;
      const second = await mcp.call('diagnose_pods', { namespace: ns });
      assert.equal(second.isError, false);
      const listsAfter = readAudit(mcp.auditLog).filter((r) => !r.path.includes('watch=true')).length;
      assert.equal(listsAfter, listsBefore, 'the repeated question sent no request');
      assert.match(
        String((second.structured?.['source'] as { freshness?: string }).freshness),
        /watch cache/,
      );

      await events.until((e) => e.startsWith('watching pods'));
      const changed = events.until((e) => e === `MODIFIED pods ${ns}/web-2`, 20_000, events.seen.length);
      await cp.seed.patchStatus(
        { apiVersion: 'v1', kind: 'Pod', namespace: ns, name: 'web-2' },
        podStatus({ containerStatuses: [containerStatus.crashLoopBackOff('app', { restartCount: 4 })] }),
      );
      await changed;
      const third = await mcp.call('diagnose_pods', { namespace: ns });
      assert.match(third.text, /CrashLoopBackOff/);
      assert.match(third.text, /web-2/);
    } finally {
      await mcp.close();
    }
  });

  it('lists and watches through the policy and the audit, one namespace at a time under a fence', async function () {
    const auditLog = tempAuditLog();
    const events = eventWaiter();
    const mcp = await mcpInMemory({ auditLog, env: { ALLOWED_NAMESPACES: ns } }, { onEvent: events.onEvent });
    try {
      const answer = await mcp.call('diagnose_pods', { allNamespaces: true });
      assert.equal(answer.isError, false, answer.text);
      await events.until((e) => e.startsWith('watching pods'));
    } finally {
      await mcp.close();
    }
    const audit = readAudit(auditLog);
    const watches = audit.filter((r) => r.path.includes('watch=true') && r.decision !== undefined);
    assert.ok(watches.length > 0, 'watches are audited');
    for (const record of watches) {
      assert.equal(record.decision, 'allowed');
      assert.match(
        record.path,
        new RegExp(`^/api/v1/namespaces/${ns}/|^/apis/[^/]+/v1/namespaces/${ns}/`),
        record.path,
      );
    }
  });

  it('survives the API server going away and coming back', async function () {
    this.timeout(60_000);
    const target = new URL(/server: (\S+)/.exec(readFileSync(cp.viewerKubeconfig, 'utf8'))![1]!);
    const proxy = await cuttableProxy(target);
    const kubeconfig = join(tempAuditLog().replace(/audit\.jsonl$/, ''), 'viewer-via-proxy.kubeconfig');
    writeFileSync(kubeconfig, readFileSync(cp.viewerKubeconfig, 'utf8').replace(target.origin, proxy.url()));
    const events = eventWaiter();
    const mcp = await mcpInMemory(
      { kubeconfig, requestTimeoutSeconds: 3 },
      { onEvent: events.onEvent, staleGraceMs: 0 },
    );
    try {
      assert.equal((await mcp.call('diagnose_pods', { namespace: ns })).isError, false);
      await events.until((e) => e.startsWith('watching pods'));
      const broken = events.until((e) => e.startsWith('watch pods broken'), 20_000, events.seen.length);
      await proxy.cut();
      await broken;
      const during = await mcp.call('diagnose_pods', { namespace: ns });
      assert.equal(
        during.isError,
        true,
        'with the server gone, a call fails plainly instead of serving stale data',
      );
      assert.match(during.text, /cannot reach|timed out|connect/i);
      assert.ok((await mcp.client.listTools()).tools.length > 0, 'the MCP server is still up');

      const back = events.until((e) => e.startsWith('watching pods'), 45_000, events.seen.length);
      await proxy.restore();
      await back;
      const after = await mcp.call('diagnose_pods', { namespace: ns });
      assert.equal(after.isError, false, after.text);
      assert.match(String((after.structured?.['source'] as { freshness?: string }).freshness), /watch cache/);
    } finally {
      await mcp.close();
      await proxy.close();
    }
  });
});
