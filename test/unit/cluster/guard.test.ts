import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, type Dispatcher } from 'undici';
import { MemoryAudit } from '../support/memory-audit.js';
import { withCaller } from '../../../src/cluster/audit.js';
import { AuditUnavailable, PolicyDenied } from '../../../src/cluster/errors.js';
import { guardInterceptor } from '../../../src/cluster/guard.js';
import { basePathProblem, fenceOf, NO_FENCE, serverPathProblem } from '../../../src/cluster/policy.js';

describe('guard at the HTTP transport', () => {
  let server: Server;
  let origin: string;
  const arrived: string[] = [];

  before(async () => {
    server = createServer((req, res) => {
      arrived.push(`${req.method} ${req.url}`);
      res.setHeader('content-type', 'application/json');
      res.setHeader('x-seen-audit-id', String(req.headers['audit-id']));
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
    assert.equal(audit.records.length, 2, 'one record before sending, one with the outcome');
    assert.equal(audit.records[0]!.decision, 'allowed');
    assert.equal(audit.records[0]!.status, undefined, 'written before the answer existed');
    const record = audit.records[1]!;
    assert.equal(record.id, audit.records[0]!.id);
    assert.equal(record.outcome, 'completed');
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
      assert.ok(audit.records[0]!.id);
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

  it('sends nothing when the audit record cannot be written (a full disk)', async () => {
    const audit = new MemoryAudit();
    audit.failWith = new AuditUnavailable('/full/audit.jsonl', 'ENOSPC: no space left on device, write');
    await assert.rejects(
      guarded(audit).request({ origin, path: '/api/v1/namespaces/shop/pods', method: 'GET' }),
      /cannot write the audit log \/full\/audit.jsonl .*ENOSPC.*the request was not sent/,
    );
    assert.deepEqual(arrived, []);
  });

  it('sends the request id as Audit-ID and binds the caller when the request is created', async () => {
    const audit = new MemoryAudit();
    const seen: (string | undefined)[] = [];
    const dispatcher = guarded(audit);
    // Many callers at once: each record must name the caller whose code created the request.
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        withCaller({ name: `tool-${i}` }, async () => {
          await new Promise((r) => setTimeout(r, i % 7));
          const response = await dispatcher.request({
            origin,
            path: `/api/v1/namespaces/ns-${i}/pods`,
            method: 'GET',
          });
          seen.push(response.headers['x-seen-audit-id'] as string | undefined);
          await response.body.text();
        }),
      ),
    );
    for (const record of audit.records) {
      assert.equal(
        record.caller?.name,
        `tool-${record.path.split('/')[4]!.slice(3)}`,
        JSON.stringify(record),
      );
    }
    const ids = new Set(audit.decisions.map((r) => r.id));
    assert.equal(ids.size, 40);
    assert.deepEqual(new Set(seen), ids, 'the server saw each request id as its Audit-ID header');
  });

  const unsafeBases: [string, RegExp][] = [
    ['/api/v1/namespaces/kube-system/secrets', /Kubernetes API segment "api"/],
    ['/k8s/clusters/c-1/api/v1/namespaces/x/pods/y:80/proxy', /Kubernetes API segment "api"/],
    ['/x/proxy', /segment "proxy"/],
    ['/a/../b', /"\.\." segment/],
    ['/a/%2e%2e/b', /percent-escape/],
    ['/a?x=1', /query/],
    ['/a//b', /empty segment/],
  ];
  for (const [base, why] of unsafeBases) {
    it(`refuses the base path ${base}`, () => {
      assert.throws(() => guarded(new MemoryAudit(), NO_FENCE, base), why);
    });
  }

  it("keeps a plain prefix such as Rancher's working", () => {
    assert.equal(basePathProblem('/k8s/clusters/c-m-abc12'), undefined);
    assert.equal(basePathProblem(''), undefined);
  });

  it('decides on the raw server URL, before URL parsing normalises it away', () => {
    assert.equal(serverPathProblem('https://rancher.example/k8s/clusters/c-m-abc'), undefined);
    assert.equal(serverPathProblem('https://10.0.0.1:6443'), undefined);
    assert.equal(serverPathProblem('https://10.0.0.1:6443/'), undefined);
    assert.match(serverPathProblem('https://h/x/../api/v1/namespaces/kube-system/secrets')!, /"\.\."/);
    assert.match(serverPathProblem('https://h/%61pi/v1')!, /percent-escape/);
    assert.match(serverPathProblem('https://h\\api\\v1')!, /backslash/);
    assert.match(serverPathProblem('https://h/a\tpi/v1')!, /control/);
    assert.match(serverPathProblem('https://h/k8s?x=/api')!, /query/);
    assert.match(serverPathProblem('https://h/APIs/apps/v1')!, /segment "APIs"/);
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
