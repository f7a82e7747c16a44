// Bench: the MCP server against its peers on the same real control plane, interleaved in one run.
// - initialize: spawn to initialized, kubectl-diag mcp vs kubernetes-mcp-server --read-only (A B A B …);
// - tools/list bytes of all three servers (mcp-server-kubernetes needs kubectl on PATH: the control plane's);
// - bytes a model reads and latency (cold: first call of a fresh server; warm: later calls) for the same
//   question at 10 and 2,000 pods: diagnose_pods vs pods_list_in_namespace / pods_list;
// - RSS of the kubectl-diag server and kubernetes-mcp-server over 500 calls each (every 50), flat after warm-up
//   meaning the samples of the second half within 10 % of each other.
// Peers are installed on first use into .cache/mcp-peers (npm). Medians with min/max; load is printed.
//
//   npm run bench:mcp [-- --runs 7]

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { pod, startControlPlane } from '../test/cluster/index.js';
import type { ControlPlane, KubeObject } from '../test/cluster/index.js';
import { ROOT, tempAuditLog } from '../test/e2e/tool.js';
import { median } from './measure.js';
import { mixedPodStatus, numericOptions } from './setup.js';

const { runs: RUNS, calls: CALLS } = numericOptions({ runs: 7, calls: 500 });
const PEERS = join(ROOT, '.cache', 'mcp-peers');
const KMS = join(
  PEERS,
  'node_modules',
  'kubernetes-mcp-server-linux-amd64',
  'bin',
  'kubernetes-mcp-server-linux-amd64',
);
const MSK = join(PEERS, 'node_modules', 'mcp-server-kubernetes', 'dist', 'index.js');

function ensurePeers(): void {
  if (existsSync(KMS) && existsSync(MSK)) return;
  mkdirSync(PEERS, { recursive: true });
  writeFileSync(join(PEERS, 'package.json'), '{"name":"mcp-peers","private":true}\n');
  execFileSync(
    'npm',
    ['install', '--no-audit', '--no-fund', 'kubernetes-mcp-server@0.0.67', 'mcp-server-kubernetes@4.1.7'],
    {
      cwd: PEERS,
      stdio: 'inherit',
    },
  );
}

async function seed(cp: ControlPlane): Promise<{ small: string }> {
  const nodes = Array.from({ length: 10 }, (_, i) => `bench-node-${i}`);
  await Promise.all(nodes.map((n) => cp.seed.node(n)));
  const small = await cp.seed.namespace(cp.seed.uniqueName('small'));
  const big = await Promise.all(
    Array.from({ length: 20 }, (_, i) => cp.seed.namespace(cp.seed.uniqueName(`big-${i}`))),
  );
  const pods: KubeObject[] = [];
  const add = (ns: string, count: number) => {
    for (let i = 0; i < count; i++) {
      const scheduled = i % 20 !== 3;
      pods.push({
        ...pod(ns, `web-${i}`, {
          node: scheduled ? nodes[i % nodes.length] : undefined,
          labels: { app: 'web' },
        }),
        status: mixedPodStatus(i, 10),
      });
    }
  };
  add(small, 10);
  for (const ns of big) add(ns, 100 - (ns === big[0] ? 10 : 0));
  await cp.seed.createMany(pods, { concurrency: 48 });
  return { small };
}

interface Server {
  name: string;
  command: string;
  args: string[];
  env: Record<string, string>;
}

async function open(server: Server): Promise<{ client: Client; initMs: number; pid?: number }> {
  const transport = new StdioClientTransport({
    command: server.command,
    args: server.args,
    env: server.env,
    stderr: 'ignore',
  });
  const client = new Client({ name: 'bench', version: '1.0.0' });
  const started = performance.now();
  await client.connect(transport);
  return { client, initMs: performance.now() - started, pid: transport.pid ?? undefined };
}

const stats = (xs: number[]) =>
  `${median(xs).toFixed(0)} (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})`;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

async function timedCall(
  client: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<{ ms: number; bytes: number; textBytes: number }> {
  const started = performance.now();
  const result = await client.callTool({ name, arguments: args });
  const ms = performance.now() - started;
  if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content).slice(0, 300)}`);
  const content = result.content as { type: string; text?: string }[];
  return {
    ms,
    textBytes: Buffer.byteLength(content.map((c) => c.text ?? '').join('\n')),
    bytes: Buffer.byteLength(
      JSON.stringify({ content: result.content, structuredContent: result.structuredContent }),
    ),
  };
}

function rssKb(pid: number | undefined): number {
  if (!pid) return NaN;
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

async function main(): Promise<void> {
  ensurePeers();
  const cp = await startControlPlane({ stateDir: join(ROOT, '.cache', 'cluster-bench-mcp') });
  try {
    const started = performance.now();
    const { small } = await seed(cp);
    console.error(`seeded 2,010 pods in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const base = {
      PATH: `${cp.binDir}:${process.env.PATH ?? ''}`,
      HOME: process.env.HOME ?? '',
      KUBECONFIG: cp.viewerKubeconfig,
    };
    const diag: Server = {
      name: 'kubectl-diag mcp',
      command: process.execPath,
      args: [join(ROOT, 'bin', 'run.js'), 'mcp'],
      env: { ...base, READ_ONLY: 'true', KUBECTL_DIAG_AUDIT_LOG: tempAuditLog() },
    };
    const kms: Server = {
      name: 'kubernetes-mcp-server',
      command: KMS,
      args: ['--read-only', '--kubeconfig', cp.viewerKubeconfig],
      env: base,
    };
    const msk: Server = {
      name: 'mcp-server-kubernetes',
      command: process.execPath,
      args: [MSK],
      env: { ...base, ALLOW_ONLY_NON_DESTRUCTIVE_TOOLS: 'true' },
    };
    const load = [loadavg()[0]!];

    // initialize, interleaved; tools/list latency on the same connections
    const init: Record<string, number[]> = { diag: [], kms: [] };
    const listMs: Record<string, number[]> = { diag: [], kms: [] };
    const ratios: number[] = [];
    for (let i = 0; i <= RUNS; i++) {
      const a = await open(diag);
      let t = performance.now();
      await a.client.listTools();
      const aList = performance.now() - t;
      await a.client.close();
      const b = await open(kms);
      t = performance.now();
      await b.client.listTools();
      const bList = performance.now() - t;
      await b.client.close();
      if (i === 0) continue; // warm-up: page cache
      init.diag!.push(a.initMs);
      init.kms!.push(b.initMs);
      listMs.diag!.push(aList);
      listMs.kms!.push(bList);
      ratios.push(a.initMs / b.initMs);
    }
    load.push(loadavg()[0]!);

    // tools/list bytes of all three
    const listBytes: Record<string, number> = {};
    for (const server of [diag, kms, msk]) {
      const s = await open(server);
      listBytes[server.name] = Buffer.byteLength(JSON.stringify(await s.client.listTools()));
      await s.client.close();
    }

    // the same questions, cold and warm, interleaved per round
    const questions = [
      {
        label: '10 pods, one namespace',
        diag: ['diagnose_pods', { namespace: small }],
        kms: ['pods_list_in_namespace', { namespace: small }],
      },
      {
        label: '2,010 pods, all namespaces',
        diag: ['diagnose_pods', { allNamespaces: true }],
        kms: ['pods_list', {}],
      },
    ] as const;
    const rows: string[] = [];
    for (const q of questions) {
      const cold: Record<string, number[]> = { diag: [], kms: [] };
      const warm: Record<string, number[]> = { diag: [], kms: [] };
      const bytes: Record<string, number> = {};
      const textBytes: Record<string, number> = {};
      for (let round = 0; round < Math.max(3, Math.ceil(RUNS / 2)); round++) {
        for (const [key, server, [tool, args]] of [
          ['diag', diag, q.diag],
          ['kms', kms, q.kms],
        ] as const) {
          const s = await open(server);
          const first = await timedCall(s.client, tool, args);
          cold[key]!.push(first.ms);
          bytes[key] = first.bytes;
          textBytes[key] = first.textBytes;
          for (let k = 0; k < 3; k++) warm[key]!.push((await timedCall(s.client, tool, args)).ms);
          await s.client.close();
        }
      }
      rows.push(
        `${q.label.padEnd(28)}kubectl-diag ${kb(bytes['diag']!)} (text ${kb(textBytes['diag']!)}) cold ${stats(cold['diag']!).padEnd(18)} warm ${stats(warm['diag']!).padEnd(16)}` +
          `| kubernetes-mcp-server ${kb(bytes['kms']!).padEnd(10)} cold ${stats(cold['kms']!).padEnd(18)} warm ${stats(warm['kms']!)}` +
          `  | bytes ratio ${(bytes['diag']! / bytes['kms']!).toFixed(3)}, warm ratio ${(median(warm['diag']!) / median(warm['kms']!)).toFixed(2)}x`,
      );
    }
    load.push(loadavg()[0]!);

    // RSS over 500 calls, sampled every 50; the peer's after as many calls of its own question, interleaved
    // per 50. Flat after warm-up: the samples from call 250 on stay within 10 % of each other.
    const [a, b] = [await open(diag), await open(kms)];
    const rss: Record<string, number[]> = { diag: [rssKb(a.pid)], kms: [rssKb(b.pid)] };
    for (let i = 0; i < CALLS; i++) {
      const args = i % 2 ? { namespace: small } : { allNamespaces: true };
      await a.client.callTool({
        name: i % 5 === 4 ? 'list_pods_by_selector' : 'diagnose_pods',
        arguments: i % 5 === 4 ? { selector: 'app=web', ...args } : args,
      });
      await b.client.callTool(
        i % 2
          ? { name: 'pods_list_in_namespace', arguments: { namespace: small } }
          : { name: 'pods_list', arguments: {} },
      );
      if ((i + 1) % 50 === 0) {
        rss.diag!.push(rssKb(a.pid));
        rss.kms!.push(rssKb(b.pid));
      }
    }
    await a.client.close();
    await b.client.close();
    load.push(loadavg()[0]!);
    const settled = rss.diag!.slice(Math.floor(rss.diag!.length / 2));
    const spread = Math.max(...settled) / Math.min(...settled);

    console.log(
      `\nkubectl-diag MCP bench — ${RUNS} interleaved runs (after 1 warm-up); ms as median (min–max); load ${load.map((l) => l.toFixed(1)).join(' → ')}`,
    );
    console.log(
      `initialize (spawn → initialized): kubectl-diag ${stats(init.diag!)} ms, kubernetes-mcp-server ${stats(init.kms!)} ms, ratio ${median(ratios).toFixed(2)}x (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`,
    );
    console.log(
      `tools/list latency: kubectl-diag ${stats(listMs.diag!)} ms, kubernetes-mcp-server ${stats(listMs.kms!)} ms`,
    );
    console.log(
      `tools/list bytes: ${Object.entries(listBytes)
        .map(([n, b]) => `${n} ${b}`)
        .join(', ')}`,
    );
    for (const row of rows) console.log(row);
    const mib = (xs: number[]) => xs.map((x) => (x / 1024).toFixed(0)).join(' ');
    console.log(`RSS MiB at start and every 50 calls: kubectl-diag ${mib(rss.diag!)}`);
    console.log(`                                   kubernetes-mcp-server ${mib(rss.kms!)}`);
    console.log(
      `kubectl-diag RSS after ${CALLS} calls ${(rss.diag!.at(-1)! / 1024).toFixed(0)} MiB (kubernetes-mcp-server ${(rss.kms!.at(-1)! / 1024).toFixed(0)} MiB); ` +
        `from call ${CALLS / 2} on within ${((spread - 1) * 100).toFixed(1)} % (flat after warm-up: ≤ 10 %): ${spread <= 1.1 ? 'flat' : 'NOT flat'}`,
    );
  } finally {
    await cp.stop();
  }
}

await main();
