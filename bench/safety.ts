// Bench (issue 11): the bounds hold on big inputs. Not a timed test: it prints figures for the report.
//
// 1. `kubectl diag pods -A --snapshot FILE` on a ~200 MB `kubectl get pods -A -o json` file: wall time and
//    peak RSS (the loader reads .json with JSON.parse under a 256 MiB per-file bound).
// 2. `kubectl diag pods -n big` against a loopback server that answers with a 500 MB body: the 64 MiB
//    response bound ends it early with a clear error; wall time and peak RSS.
// Runs are interleaved (1, 2, 1, 2, …); medians with min/max.
//
//   npm run bench:safety [-- --runs 3 --megabytes 200]

import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../test/e2e/tool.js';
import { median, mib, runTimed, seconds, type Run } from './measure.js';
import { numericOptions } from './setup.js';

const { runs: RUNS, megabytes: MEGABYTES } = numericOptions({ runs: 3, megabytes: 200 });
const TARGET = MEGABYTES * 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'bench-safety-'));

function podJson(i: number): string {
  const ns = `ns-${i % 50}`;
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `web-${i}`,
      namespace: ns,
      uid: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
      labels: { app: `web-${i % 200}`, tier: 'frontend', 'pod-template-hash': '5d8f7c9b6d' },
      annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-11-25T08:00:00Z' },
      creationTimestamp: '2026-11-25T08:00:00Z',
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: `web-${i % 200}-5d8f7c9b6d`,
          uid: 'x',
          controller: true,
        },
      ],
    },
    spec: {
      nodeName: `node-${i % 100}`,
      containers: [
        {
          name: 'app',
          image: 'registry.example/shop/web:1.2.3',
          env: Array.from({ length: 10 }, (_, k) => ({
            name: `VAR_${k}`,
            value: `value-${k}-${'x'.repeat(40)}`,
          })),
          resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
          readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10 },
        },
      ],
    },
    status: {
      phase: i % 20 === 1 ? 'Running' : 'Running',
      podIP: `10.0.${(i >> 8) & 255}.${i & 255}`,
      startTime: '2026-11-25T08:00:00Z',
      conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({
        type,
        status: 'True',
        lastTransitionTime: '2026-11-25T08:00:00Z',
      })),
      containerStatuses: [
        i % 20 === 1
          ? {
              name: 'app',
              ready: false,
              restartCount: 7,
              state: {
                waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container' },
              },
              lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: '2026-11-25T07:59:00Z' } },
              image: 'registry.example/shop/web:1.2.3',
            }
          : {
              name: 'app',
              ready: true,
              restartCount: 0,
              state: { running: { startedAt: '2026-11-25T08:00:05Z' } },
              image: 'registry.example/shop/web:1.2.3',
            },
      ],
    },
  });
}

function bigSnapshot(): string {
  const file = join(dir, `pods-${Math.round(TARGET / 1024 / 1024)}mb.json`);
  if (existsSync(file)) return file;
  const fd = openSync(file, 'w');
  writeSync(fd, '{"apiVersion":"v1","kind":"List","items":[\n');
  let size = 0;
  for (let i = 0; size < TARGET; i++) {
    const line = `${i ? ',\n' : ''}${podJson(i)}`;
    size += Buffer.byteLength(line);
    writeSync(fd, line);
  }
  writeSync(fd, '\n],"metadata":{"resourceVersion":""}}\n');
  closeSync(fd);
  return file;
}

/** A loopback "apiserver" in its own process, answering every request with a 500 MB body. */
async function hugeServer(): Promise<{ port: number; stop: () => void }> {
  const script = `
    const http = require('node:http');
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    const server = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      let sent = 0;
      const pump = () => { while (sent < 500 && res.write(chunk)) sent++; if (sent >= 500) res.end(); else res.once('drain', pump); };
      res.on('close', () => (sent = 1e9));
      pump();
    });
    server.listen(0, '127.0.0.1', () => console.log(server.address().port));`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) =>
    child.stdout.once('data', (c: Buffer) => resolve(Number(c.toString().trim()))),
  );
  return { port, stop: () => child.kill() };
}

function summary(label: string, runs: Run[]): string {
  const wall = runs.map((r) => r.wallMs);
  const rss = runs.map((r) => r.maxRssKb ?? 0);
  return `${label}: wall median ${seconds(median(wall))} (min ${seconds(Math.min(...wall))}, max ${seconds(Math.max(...wall))}); peak RSS median ${mib(median(rss))} (min ${mib(Math.min(...rss))}, max ${mib(Math.max(...rss))}); exit codes ${runs.map((r) => r.code).join(',')}`;
}

async function main(): Promise<void> {
  const file = bigSnapshot();
  const { port, stop } = await hugeServer();
  const kubeconfig = join(dir, 'huge.kubeconfig');
  writeFileSync(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      `clusters: [{name: c, cluster: {server: "http://127.0.0.1:${port}"}}]`,
      'users: [{name: u, user: {token: bench}}]',
      'contexts: [{name: x, context: {cluster: c, user: u, namespace: big}}]',
      'current-context: x',
    ].join('\n'),
  );
  const run = join(ROOT, 'bin', 'run.js');
  const env = { ...process.env, KUBECTL_DIAG_AUDIT_LOG: join(dir, 'audit.jsonl') };
  const snapshotRuns: Run[] = [];
  const hugeRuns: Run[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      snapshotRuns.push(await runTimed(process.execPath, [run, 'pods', '-A', '--snapshot', file], env));
      hugeRuns.push(
        await runTimed(
          process.execPath,
          [run, 'pods', '-n', 'big', '--kubeconfig', kubeconfig, '--request-timeout', '0'],
          env,
        ),
      );
    }
  } finally {
    stop();
  }
  console.log(
    `machine: ${(await import('node:os')).cpus().length} cores, load ${(await import('node:os'))
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    summary(
      `pods -A --snapshot ${(statSync(file).size / 1024 / 1024).toFixed(0)} MB kubectl get -o json file`,
      snapshotRuns,
    ),
  );
  console.log(
    `  first line: ${snapshotRuns[0]?.stdout.split('\n')[0] ?? ''} | ${snapshotRuns[0]?.stderr.trim().split('\n')[0] ?? ''}`,
  );
  console.log(summary('pods -n big against a 500 MB answer', hugeRuns));
  console.log(`  error: ${hugeRuns[0]?.stderr.trim().split('\n')[0] ?? ''}`);
}

await main();
