// A loopback HTTP server standing in for an API server, and LiveClusters pointed at it through a real
// kubeconfig file: for what a real apiserver cannot be made to do (a body that stops mid-way, a page
// that takes seconds, an expired continue token on demand). Use inside a mocha describe().

import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveKubeconfig } from '../../../src/cluster/kubeconfig.js';
import { LiveCluster, type LiveOptions } from '../../../src/cluster/live.js';
import { NO_FENCE } from '../../../src/cluster/policy.js';
import { MemoryAudit } from './memory-audit.js';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface LoopbackCluster {
  /** What the server does with the next requests (replace it per test). */
  handler: Handler;
  /** A LiveCluster on the server (or on `serverPort`), with an in-memory audit. */
  live(options?: Partial<Omit<LiveOptions, 'audit'>> & { serverPort?: number }): {
    cluster: LiveCluster;
    audit: MemoryAudit;
  };
}

/** Starts the server before the suite and closes it, and every cluster made, after. */
export function loopbackCluster(): LoopbackCluster {
  let server: Server;
  let port = 0;
  const dir = mkdtempSync(join(tmpdir(), 'live-test-'));
  const clusters: LiveCluster[] = [];
  const loopback: LoopbackCluster = {
    handler: (_req, res) => res.end('{}'),
    live(options = {}) {
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
      const { serverPort: _port, ...rest } = options;
      const cluster = new LiveCluster(resolveKubeconfig({ kubeconfig: file, env: {} }), {
        fence: NO_FENCE,
        timeoutSeconds: 5,
        ...rest,
        audit,
      });
      clusters.push(cluster);
      return { cluster, audit };
    },
  };
  before(async () => {
    server = createServer((req, res) => loopback.handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    await Promise.all(clusters.map((c) => c.close()));
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return loopback;
}
