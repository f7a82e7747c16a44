import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, type Dispatcher } from 'undici';
import { MemoryAudit } from './memory-audit.js';
import { PolicyDenied } from '../../src/cluster/errors.js';
import { guardInterceptor } from '../../src/cluster/guard.js';
import { fenceOf, NO_FENCE } from '../../src/cluster/policy.js';

describe('guard at the HTTP transport', () => {
  let server: Server;
  let origin: string;
  const arrived: string[] = [];

  before(async () => {
    server = createServer((req, res) => {
      arrived.push(`${req.method} ${req.url}`);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ kind: 'PodList', items: [] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => (arrived.length = 0));

  function guarded(audit: MemoryAudit, fence = NO_FENCE, basePath = ''): Dispatcher {
    return new Agent().compose(guardInterceptor({ origin, basePath, fence, audit }));
  }

  it('lets an allowed read through and audits status, duration and bytes', async () => {
    const audit = new MemoryAudit();
    const response = await guarded(audit).request({
      origin,
      path: '/api/v1/namespaces/shop/pods?limit=500',
      method: 'GET',
    });
    const body = await response.body.text();
    assert.equal(response.statusCode, 200);
    assert.deepEqual(arrived, ['GET /api/v1/namespaces/shop/pods?limit=500']);
    assert.equal(audit.records.length, 1);
    const record = audit.records[0]!;
    assert.equal(record.decision, 'allowed');
    assert.equal(record.status, 200);
    assert.equal(record.bytes, Buffer.byteLength(body));
    assert.ok(typeof record.durationMs === 'number' && record.durationMs >= 0);
  });

  const attacks: [string, Dispatcher.RequestOptions][] = [
    ['a DELETE', { path: '/api/v1/namespaces/shop/pods/web-1', method: 'DELETE' }],
    [
      'a PATCH of a deployment',
      { path: '/apis/apps/v1/namespaces/shop/deployments/web', method: 'PATCH', body: '{}' },
    ],
    ['a Secret read', { path: '/api/v1/namespaces/shop/secrets/db', method: 'GET' }],
    ['an exec', { path: '/api/v1/namespaces/shop/pods/web-1/exec?command=sh', method: 'GET' }],
    ['an encoded path', { path: '/api/v1/namespaces/shop/pods/a%2F..%2Fb', method: 'GET' }],
    [
      'a method-override header',
      {
        path: '/api/v1/namespaces/shop/pods/web-1',
        method: 'GET',
        headers: { 'X-HTTP-Method-Override': 'DELETE' },
      },
    ],
  ];
  for (const [what, options] of attacks) {
    it(`refuses ${what} before it is sent, and audits it as denied`, async () => {
      const audit = new MemoryAudit();
      await assert.rejects(guarded(audit).request({ origin, ...options }), PolicyDenied);
      assert.deepEqual(arrived, [], 'nothing may reach the server');
      assert.equal(audit.records.length, 1);
      assert.equal(audit.records[0]!.decision, 'denied');
      assert.ok(audit.records[0]!.reason);
    });
  }

  it('refuses a request to any other origin', async () => {
    const audit = new MemoryAudit();
    const other = origin.replace('127.0.0.1', 'localhost');
    await assert.rejects(
      guarded(audit).request({ origin: other, path: '/api/v1/pods', method: 'GET' }),
      /configured API server/,
    );
    assert.deepEqual(arrived, []);
  });

  it('refuses a connection upgrade (how exec and port-forward would start)', async () => {
    const audit = new MemoryAudit();
    await assert.rejects(
      guarded(audit).upgrade({
        origin,
        path: '/api/v1/namespaces/shop/pods',
        method: 'GET',
        protocol: 'websocket',
      } as Dispatcher.UpgradeOptions),
      /upgrades/,
    );
    assert.deepEqual(arrived, []);
  });

  it('refuses paths outside the server base path', async () => {
    const audit = new MemoryAudit();
    const dispatcher = guarded(audit, NO_FENCE, '/k8s/clusters/c-1');
    await assert.rejects(dispatcher.request({ origin, path: '/api/v1/pods', method: 'GET' }), /base path/);
    const ok = await dispatcher.request({ origin, path: '/k8s/clusters/c-1/api/v1/pods', method: 'GET' });
    await ok.body.text();
    assert.deepEqual(arrived, ['GET /k8s/clusters/c-1/api/v1/pods']);
    assert.equal(audit.records[1]!.path, '/api/v1/pods');
  });

  it('refuses other namespaces under a fence', async () => {
    const audit = new MemoryAudit();
    await assert.rejects(
      guarded(audit, fenceOf(['shop'])).request({
        origin,
        path: '/api/v1/namespaces/kube-system/pods',
        method: 'GET',
      }),
      /outside the allowed namespaces/,
    );
    assert.deepEqual(arrived, []);
  });
});
