// Transport bounds (issue 11) against loopback servers that do what a real apiserver cannot be made to do:
// a listener that never speaks TLS, a body trickled one byte at a time, an answer of hundreds of MB.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import {
  createServer as createNetServer,
  type AddressInfo,
  type Server as NetServer,
  type Socket,
} from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryAudit } from '../support/memory-audit.js';
import { ClusterUnreachable, RequestTimeout, ResponseTooLarge } from '../../../src/cluster/errors.js';
import { redactServer, resolveKubeconfig } from '../../../src/cluster/kubeconfig.js';
import { LiveCluster } from '../../../src/cluster/live.js';
import { NO_FENCE } from '../../../src/cluster/policy.js';
import { parseRequestTimeout, proxyFor } from '../../../src/cluster/transport.js';

describe('transport bounds', () => {
  const dir = mkdtempSync(join(tmpdir(), 'transport-test-'));
  const clusters: LiveCluster[] = [];
  after(async () => Promise.all(clusters.map((c) => c.close())));

  function live(
    server: string,
    options: { timeoutSeconds?: number; maxResponseBytes?: number; extra?: string } = {},
  ) {
    const file = join(dir, `kubeconfig-${clusters.length}`);
    writeFileSync(
      file,
      [
        'apiVersion: v1',
        'kind: Config',
        `clusters: [{name: c, cluster: {server: "${server}"${options.extra ?? ''}}}]`,
        'users: [{name: u, user: {token: test-token}}]',
        'contexts: [{name: x, context: {cluster: c, user: u, namespace: shop}}]',
        'current-context: x',
      ].join('\n'),
    );
    const cluster = new LiveCluster(resolveKubeconfig({ kubeconfig: file, env: {} }), {
      fence: NO_FENCE,
      audit: new MemoryAudit(),
      timeoutSeconds: options.timeoutSeconds ?? 5,
      maxResponseBytes: options.maxResponseBytes,
      env: {},
    });
    clusters.push(cluster);
    return cluster;
  }

  describe('--request-timeout in kubectl syntax', () => {
    it('reads bare seconds, Go durations and 0 = none', () => {
      assert.equal(parseRequestTimeout('30'), 30_000);
      assert.equal(parseRequestTimeout('5s'), 5_000);
      assert.equal(parseRequestTimeout('1m'), 60_000);
      assert.equal(parseRequestTimeout('1m30s'), 90_000);
      assert.equal(parseRequestTimeout('500ms'), 500);
      assert.equal(parseRequestTimeout('0'), 0);
    });
    it('refuses anything else with a clear error', () => {
      for (const bad of ['', 'abc', '5x', '-1', '1e3', '5 s', '100h'])
        assert.throws(() => parseRequestTimeout(bad), /is not a duration/, bad);
    });
  });

  describe('against misbehaving servers', () => {
    let silent: NetServer;
    let silentPort = 0;
    const sockets: Socket[] = [];
    let http: Server;
    let httpPort = 0;
    let mode: 'trickle' | 'huge' | 'huge-chunked' = 'trickle';
    before(async () => {
      // Accepts TCP and never answers the TLS ClientHello.
      silent = createNetServer((socket) => sockets.push(socket));
      await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
      silentPort = (silent.address() as AddressInfo).port;
      http = createHttpServer((req, res) => {
        if (mode === 'trickle') {
          res.writeHead(200, { 'content-type': 'application/json' });
          const timer = setInterval(() => res.write(' '), 200);
          res.on('close', () => clearInterval(timer));
          return;
        }
        const chunk = Buffer.alloc(1024 * 1024, 0x20);
        if (mode === 'huge') res.writeHead(200, { 'content-length': String(500 * 1024 * 1024) });
        let sent = 0;
        const pump = () => {
          while (sent < 500 && res.write(chunk)) sent++;
          if (sent >= 500) res.end();
          else res.once('drain', pump);
        };
        res.on('close', () => (sent = 1e9));
        pump();
      });
      await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
      httpPort = (http.address() as AddressInfo).port;
    });
    after(async () => {
      sockets.forEach((s) => s.destroy());
      silent.close();
      http.closeAllConnections();
      http.close();
    });

    it('bounds connecting and the TLS handshake by the request timeout (a listener that never speaks TLS)', async () => {
      const cluster = live(`https://127.0.0.1:${silentPort}`, {
        timeoutSeconds: 1,
        extra: ', insecure-skip-tls-verify: true',
      });
      const started = Date.now();
      await assert.rejects(
        cluster.list('nodes'),
        (e: unknown) => e instanceof ClusterUnreachable || e instanceof RequestTimeout,
      );
      assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
    });

    it('ends a request whose body trickles in, at the total deadline', async () => {
      mode = 'trickle';
      const cluster = live(`http://127.0.0.1:${httpPort}`, { timeoutSeconds: 1 });
      const started = Date.now();
      await assert.rejects(
        cluster.list('nodes'),
        (e: unknown) => e instanceof RequestTimeout && /within 1s/.test(e.message),
      );
      assert.ok(Date.now() - started < 2500, `took ${Date.now() - started} ms`);
    });

    it('stops reading an answer over the size limit, declared or streamed', async () => {
      for (const m of ['huge', 'huge-chunked'] as const) {
        mode = m;
        const cluster = live(`http://127.0.0.1:${httpPort}`, { maxResponseBytes: 8 * 1024 * 1024 });
        await assert.rejects(
          cluster.list('nodes'),
          (e: unknown) => e instanceof ResponseTooLarge && /larger than 8 MiB/.test(e.message),
          m,
        );
      }
    });
  });

  describe('proxies, as kubectl chooses them', () => {
    const https = new URL('https://api.example.com:6443');
    it('uses HTTPS_PROXY for an https server, and the kubeconfig proxy-url first', () => {
      assert.equal(proxyFor(https, undefined, { HTTPS_PROXY: 'http://p:3128' }), 'http://p:3128');
      assert.equal(proxyFor(https, undefined, { https_proxy: 'p:3128' }), 'http://p:3128');
      assert.equal(proxyFor(https, 'http://k:1', { HTTPS_PROXY: 'http://p:3128' }), 'http://k:1');
      assert.equal(proxyFor(https, undefined, { HTTP_PROXY: 'http://p:3128' }), undefined);
      assert.equal(
        proxyFor(new URL('http://api.example.com'), undefined, { HTTP_PROXY: 'http://p:3128' }),
        'http://p:3128',
      );
    });
    it('honours NO_PROXY (names, domain suffixes, CIDRs, *) and never proxies loopback', () => {
      const env = (no: string) => ({ HTTPS_PROXY: 'http://p:3128', NO_PROXY: no });
      assert.equal(proxyFor(https, undefined, env('example.com')), undefined);
      assert.equal(proxyFor(https, undefined, env('.example.com')), undefined);
      assert.equal(proxyFor(https, undefined, env('other.com,api.example.com:6443')), undefined);
      assert.equal(proxyFor(https, undefined, env('api.example.com:443')), 'http://p:3128');
      assert.equal(proxyFor(https, undefined, env('*')), undefined);
      assert.equal(proxyFor(new URL('https://10.1.2.3:6443'), undefined, env('10.0.0.0/8')), undefined);
      assert.equal(proxyFor(new URL('https://11.1.2.3:6443'), undefined, env('10.0.0.0/8')), 'http://p:3128');
      assert.equal(proxyFor(new URL('https://127.0.0.1:6443'), undefined, env('')), undefined);
      assert.equal(proxyFor(new URL('https://localhost:6443'), undefined, env('')), undefined);
    });
  });

  it('never shows a password from a server URL', () => {
    assert.equal(
      redactServer('https://admin:hunter2@api.example.com:6443'),
      'https://admin:xxxxx@api.example.com:6443',
    );
    assert.equal(redactServer('https://api.example.com:6443'), 'https://api.example.com:6443');
  });
});
