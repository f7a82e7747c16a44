/**
 * The stand-in kubelet and metrics server, as one Node process next to the apiserver:
 *   node dist/test/cluster/standins/main.js <stateDir>
 * Both listen on 127.0.0.1 with certificates of the harness, accept only the apiserver's client
 * certificates (so they are reached through the apiserver, never around it), and write their ports
 * to <stateDir>/standins/ports.json once listening.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pkiFiles } from '../pki.js';
import { handleKubeletRequest } from './kubelet.js';
import { handleMetricsRequest } from './metrics.js';
import { StandinStore } from './store.js';
import type { StandinPorts } from './store.js';

type Handler = (store: StandinStore, req: IncomingMessage, res: ServerResponse) => void;

async function main(): Promise<void> {
  const stateDir = process.argv[2];
  if (!stateDir) throw new Error('usage: standins/main.js <stateDir>');
  const pki = pkiFiles(join(stateDir, 'pki'));
  const store = new StandinStore(stateDir);
  const read = (file: string) => readFileSync(file);
  // A real kubelet authenticates the apiserver by its kubelet-client certificate (issued by the CA).
  const kubelet = await listen(store, handleKubeletRequest, {
    cert: read(pki.kubeletServingCert),
    key: read(pki.kubeletServingKey),
    ca: read(pki.caCert),
  });
  // An aggregated API server trusts the front-proxy CA: only the aggregator holds a client cert from it.
  const metrics = await listen(store, handleMetricsRequest, {
    cert: read(pki.metricsServingCert),
    key: read(pki.metricsServingKey),
    ca: read(pki.frontProxyCaCert),
  });
  const ports: StandinPorts = { pid: process.pid, kubeletPort: port(kubelet), metricsPort: port(metrics) };
  await store.write(store.portsFile, JSON.stringify(ports));
  console.log(
    `stand-ins listening: kubelet 127.0.0.1:${ports.kubeletPort}, metrics 127.0.0.1:${ports.metricsPort}`,
  );
  const shutdown = () => {
    kubelet.close();
    metrics.close();
    process.exit(0);
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

function listen(
  store: StandinStore,
  handler: Handler,
  tls: { cert: Buffer; key: Buffer; ca: Buffer },
): Promise<Server> {
  const server = createServer({ ...tls, requestCert: true, rejectUnauthorized: true }, (req, res) => {
    console.log(`${req.method} ${req.url}`);
    handler(store, req, res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function port(server: Server): number {
  return (server.address() as AddressInfo).port;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
