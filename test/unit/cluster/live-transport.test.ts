// LiveCluster against loopback HTTP servers that misbehave in ways a real apiserver cannot be made to:
// a body that stops mid-way, a non-JSON answer, items from the wrong namespace, an expired continue token.
// Everything a real apiserver can do is tested in test/e2e against one.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryAudit } from '../support/memory-audit.js';
import {
  ClusterUnreachable,
  RequestTimeout,
  ServerError,
  Unauthorized,
} from '../../../src/cluster/errors.js';
import { resolveKubeconfig } from '../../../src/cluster/kubeconfig.js';
import { LiveCluster } from '../../../src/cluster/live.js';
import { fenceOf, NO_FENCE, type NamespaceFence } from '../../../src/cluster/policy.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

describe('live transport against misbehaving servers', () => {
  let server: Server;
  let handler: Handler = (_req, res) => res.end('{}');
  let port = 0;
  const dir = mkdtempSync(join(tmpdir(), 'live-test-'));
  const clusters: LiveCluster[] = [];

  before(async () => {
    server = createServer((req, res) => handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    await Promise.all(clusters.map((c) => c.close()));
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  function live(
    options: { fence?: NamespaceFence; timeoutSeconds?: number; pageSize?: number; serverPort?: number } = {},
  ) {
    const file = join(dir, `kubeconfig-${clusters.length}`);
    writeFileSync(
      file,
      [
        'apiVersion: v1',
        'kind: Config',
        `clusters: [{name: c, cluster: {server: "http://127.0.0.1:${options.serverPort ?? port}", insecure-skip-tls-verify: true}}]`,
        'users: [{name: u, user: {token: test-token}}]',
        'contexts: [{name: x, context: {cluster: c, user: u, namespace: shop}}]',
        'current-context: x',
      ].join('\n'),
    );
    const audit = new MemoryAudit();
    const cluster = new LiveCluster(resolveKubeconfig({ kubeconfig: file, env: {} }), {
      fence: options.fence ?? NO_FENCE,
      audit,
      timeoutSeconds: options.timeoutSeconds ?? 5,
      pageSize: options.pageSize,
    });
    clusters.push(cluster);
    return { cluster, audit };
  }

  it('sends the bearer token and follows continue tokens through every page', async () => {
    const seen: string[] = [];
    handler = (req, res) => {
      seen.push(req.url ?? '');
      assert.equal(req.headers.authorization, 'Bearer test-token');
      const page = new URL(req.url ?? '', 'http://x').searchParams.get('continue');
      const items = page
        ? [{ metadata: { name: 'b', namespace: 'shop' } }]
        : [{ metadata: { name: 'a', namespace: 'shop' } }];
      res.end(JSON.stringify({ items, metadata: { continue: page ? '' : 'next' } }));
    };
    const { cluster } = live({ pageSize: 1 });
    const pods = await cluster.list('pods', { namespace: 'shop' });
    assert.deepEqual(
      pods.map((p) => p.metadata?.name),
      ['a', 'b'],
    );
    assert.deepEqual(seen, [
      '/api/v1/namespaces/shop/pods?limit=1',
      '/api/v1/namespaces/shop/pods?limit=1&continue=next',
    ]);
  });

  it('restarts a list once when the continue token has expired (410)', async () => {
    let calls = 0;
    handler = (req, res) => {
      calls++;
      const page = new URL(req.url ?? '', 'http://x').searchParams.get('continue');
      if (page && calls === 2) {
        res.statusCode = 410;
        res.end(JSON.stringify({ kind: 'Status', reason: 'Expired', message: 'continue token expired' }));
        return;
      }
      res.end(
        JSON.stringify({
          items: [{ metadata: { name: `p${calls}`, namespace: 'shop' } }],
          metadata: { continue: calls === 1 ? 'next' : '' },
        }),
      );
    };
    const { cluster } = live({ pageSize: 1 });
    const pods = await cluster.list('pods', { namespace: 'shop' });
    assert.deepEqual(
      pods.map((p) => p.metadata?.name),
      ['p3'],
    );
  });

  it('drops objects of fenced-off namespaces even if the server sends them', async () => {
    handler = (_req, res) =>
      res.end(
        JSON.stringify({
          items: [
            { metadata: { name: 'mine', namespace: 'shop' } },
            { metadata: { name: 'theirs', namespace: 'kube-system' } },
          ],
        }),
      );
    const { cluster } = live({ fence: fenceOf(['shop']) });
    assert.deepEqual(
      (await cluster.list('pods')).map((p) => p.metadata?.name),
      ['mine'],
    );
  });

  it('lists each allowed namespace instead of the whole cluster under a fence', async () => {
    const seen: string[] = [];
    handler = (req, res) => {
      seen.push(req.url ?? '');
      res.end(JSON.stringify({ items: [] }));
    };
    const { cluster } = live({ fence: fenceOf(['shop', 'payments']) });
    await cluster.list('events', { fieldSelector: 'involvedObject.kind=Pod' });
    assert.deepEqual(seen.sort(), [
      '/api/v1/namespaces/payments/events?limit=500&fieldSelector=involvedObject.kind%3DPod',
      '/api/v1/namespaces/shop/events?limit=500&fieldSelector=involvedObject.kind%3DPod',
    ]);
  });

  it('times out a body that stops mid-way, with a clear error', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"items": [');
    };
    const { cluster, audit } = live({ timeoutSeconds: 1 });
    await assert.rejects(
      cluster.list('pods', { namespace: 'shop' }),
      (e: unknown) =>
        e instanceof RequestTimeout &&
        /did not answer \/api\/v1\/namespaces\/shop\/pods within 1s/.test(e.message),
    );
    assert.equal(audit.records.at(-2)?.decision, 'allowed');
    assert.equal(audit.records.at(-1)?.outcome, 'failed');
    assert.ok(audit.records.at(-1)?.error, 'the failed request is audited with its error');
  });

  it('reports an answer that is not JSON', async () => {
    handler = (_req, res) => res.end('<html>proxy error</html>');
    const { cluster } = live();
    await assert.rejects(
      cluster.get('pods', 'web-1', 'shop'),
      (e: unknown) => e instanceof ServerError && /not valid JSON/.test(e.message),
    );
  });

  it('explains a 401 with the way to mint a new token', async () => {
    handler = (_req, res) => {
      res.statusCode = 401;
      res.end(JSON.stringify({ kind: 'Status', message: 'Unauthorized', reason: 'Unauthorized' }));
    };
    const { cluster } = live();
    await assert.rejects(
      cluster.get('pods', 'web-1', 'shop'),
      (e: unknown) => e instanceof Unauthorized && /kubectl create token .* --duration/.test(e.explain()),
    );
  });

  it('names the URL when nothing listens there', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { cluster } = live({ serverPort: deadPort });
    await assert.rejects(
      cluster.list('pods', { namespace: 'shop' }),
      (e: unknown) =>
        e instanceof ClusterUnreachable &&
        e.message.includes(`http://127.0.0.1:${deadPort}`) &&
        /connection refused/.test(e.message),
    );
  });
});
