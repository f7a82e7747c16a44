// Bench: start-up of what ships, against kubectl and a peer MCP server, on the real test control plane.
// Four comparisons, each run for the standalone executable (the linux/amd64 release archive) and for
// the npm install (`npm pack` → `npm i -g` into a temporary prefix), interleaved in one run:
//   kubectl-diag pods -n NS (10 pods)      vs  kubectl get pods -n NS
//   kubectl-diag --help                    vs  kubectl --help
//   kubectl-diag pods NAME -n NS           vs  kubectl describe pod NAME -n NS
//   MCP spawn → initialize answered        vs  kubernetes-mcp-server --read-only (npm package: its Go
//                                              binary, and its npm bin as npx runs it)
// Every figure is whole-process wall time: median, min and max of N runs after one warm-up; the ratio
// is the median of the run-by-run ratios. The load average is printed before and after.
//
//   npm run bench:start [-- --runs 10]

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildArchives, TARGETS } from '../scripts/release.js';
import { containerStatus, podStatus, startControlPlane } from '../test/cluster/index.js';
import { ROOT } from '../test/e2e/tool.js';
import { median, runTimed } from './measure.js';
import { numericOptions } from './setup.js';

const { runs: RUNS } = numericOptions({ runs: 10 });
const PEER = 'kubernetes-mcp-server';

function du(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.size;
  return readdirSync(path).reduce((sum, entry) => sum + du(join(path, entry)), 0);
}
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

function countFiles(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return 1;
  return readdirSync(path).reduce((n, entry) => n + countFiles(join(path, entry)), 0);
}

/** The standalone linux/amd64 executable, unpacked from its release archive. */
async function standalone(work: string): Promise<string> {
  const [built] = await buildArchives(TARGETS.filter((t) => t.os === 'linux' && t.arch === 'amd64'));
  const dir = join(work, 'standalone');
  mkdirSync(dir);
  execFileSync('tar', ['-xzf', built!.archive, '-C', dir]);
  return join(dir, 'kubectl-diag');
}

/** `npm pack` of this checkout, installed globally into a temporary prefix. */
function npmInstall(work: string): { bin: string; packageDir: string } {
  const packDir = join(work, 'pack');
  mkdirSync(packDir);
  const tgz = execFileSync('npm', ['pack', '--silent', '--pack-destination', packDir], {
    cwd: ROOT,
    encoding: 'utf8',
  }).trim();
  const prefix = join(work, 'prefix');
  execFileSync('npm', ['i', '-g', '--prefix', prefix, '--no-audit', '--no-fund', join(packDir, tgz)], {
    stdio: 'ignore',
  });
  return {
    bin: join(prefix, 'bin', 'kubectl-diag'),
    packageDir: join(prefix, 'lib', 'node_modules', 'kubectl-diag'),
  };
}

/**
 * The peer from its npm package (cached in .cache/bench-peers): its Go executable, and the npm bin (a
 * node wrapper that spawns it) as `npx kubernetes-mcp-server` runs it.
 */
function peer(): { binary: string; npmBin: string } {
  const dir = join(ROOT, '.cache', 'bench-peers');
  const binary = join(dir, 'node_modules', `${PEER}-linux-amd64`, 'bin', `${PEER}-linux-amd64`);
  const npmBin = join(dir, 'node_modules', PEER, 'bin', 'index.js');
  if (!existsSync(binary) || !existsSync(npmBin)) {
    mkdirSync(dir, { recursive: true });
    execFileSync('npm', ['i', '--prefix', dir, '--no-audit', '--no-fund', PEER], { stdio: 'ignore' });
  }
  if (!existsSync(binary)) throw new Error(`no ${PEER} linux/amd64 binary in ${dir}`);
  return { binary, npmBin };
}

/** Wall time from spawn to the answer of `initialize` on stdout; the server is then stopped. */
function mcpInitialize(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'ignore'] });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} did not answer initialize in 30 s`));
    }, 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (/"id":\s*1\b/.test(out) && out.includes('\n')) {
        const ms = performance.now() - started;
        clearTimeout(timer);
        child.kill('SIGTERM');
        resolve(ms);
      }
    });
    child.on('error', reject);
    child.stdin.write(
      `${JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: {
          protocolVersion: '2025-06-18',
          capabilities: {},
          clientInfo: { name: 'bench', version: '1' },
        },
      })}\n`,
    );
  });
}

interface Series {
  name: string;
  ms: number[];
  /** CPU time (user + system) per run, where GNU time measured it. */
  cpu?: number[];
}

function summary(s: Series): string {
  const fmt = (ms: number) => `${(ms / 1000).toFixed(3)}s`;
  return `${fmt(median(s.ms))} (${fmt(Math.min(...s.ms))}–${fmt(Math.max(...s.ms))})`;
}

function ratio(a: Series, b: Series, of: 'ms' | 'cpu' = 'ms'): string {
  const [x, y] = [a[of] ?? [], b[of] ?? []];
  if (!x.length || x.length !== y.length) return 'n/a';
  const r = x.map((v, i) => v / y[i]!);
  return `${median(r).toFixed(2)}× (${Math.min(...r).toFixed(2)}–${Math.max(...r).toFixed(2)})`;
}

function cpuSummary(s: Series): string {
  const cpu = s.cpu ?? [];
  return cpu.length === s.ms.length ? `cpu ${(median(cpu) / 1000).toFixed(3)}s` : '';
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'kubectl-diag-bench-start-'));
  const sea = await standalone(work);
  const npm = npmInstall(work);
  const peers = peer();
  // A control plane of its own (in the temporary folder): .cache may be shared by several checkouts.
  const cp = await startControlPlane({ stateDir: join(work, 'cluster') });
  try {
    const ns = await cp.seed.namespace(cp.seed.uniqueName('small'));
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        cp.seed.pod(ns, `web-${i}`, {
          labels: { app: 'web' },
          status: podStatus({
            containerStatuses: [
              i === 3
                ? containerStatus.crashLoopBackOff('app', { restartCount: 4 })
                : containerStatus.running('app'),
            ],
          }),
        }),
      ),
    );
    const kubectl = join(cp.binDir, 'kubectl');
    const kc = ['--kubeconfig', cp.viewerKubeconfig];
    const audit = ['--audit-log', join(work, 'audit.jsonl')];
    const env = { ...process.env, KUBECONFIG: cp.viewerKubeconfig };
    const cases: {
      title: string;
      base: string;
      run: (bin: string) => [string, string[]];
      kubectl: string[];
    }[] = [
      {
        title: `pods -n ${ns} (10 pods)`,
        base: 'kubectl get pods',
        run: (bin) => [bin, ['pods', '-n', ns, ...kc, ...audit]],
        kubectl: ['get', 'pods', '-n', ns, ...kc],
      },
      { title: '--help', base: 'kubectl --help', run: (bin) => [bin, ['--help']], kubectl: ['--help'] },
      {
        title: 'pods web-3 (one pod in depth)',
        base: 'kubectl describe pod',
        run: (bin) => [bin, ['pods', 'web-3', '-n', ns, ...kc, ...audit]],
        kubectl: ['describe', 'pod', 'web-3', '-n', ns, ...kc],
      },
    ];
    const loadBefore = loadavg();
    console.log(`\nkubectl-diag bench: start-up; ${RUNS} runs after 1 warm-up, interleaved; wall time`);
    console.log(`load average before: ${loadBefore.map((l) => l.toFixed(2)).join(' ')}`);
    for (const c of cases) {
      const base: Series = { name: c.base, ms: [] };
      const seaS: Series = { name: 'standalone', ms: [] };
      const npmS: Series = { name: 'npm install', ms: [] };
      for (let i = 0; i <= RUNS; i++) {
        const k = await runTimed(kubectl, c.kubectl, env);
        const s = await runTimed(...c.run(sea), env);
        const n = await runTimed(...c.run(npm.bin), env);
        for (const r of [k, s, n])
          if (r.code !== 0) throw new Error(`${c.title}: a run failed (exit ${r.code}): ${r.stderr}`);
        if (i === 0) continue;
        for (const [series, run] of [
          [base, k],
          [seaS, s],
          [npmS, n],
        ] as const) {
          series.ms.push(run.wallMs);
          if (run.cpuMs !== undefined) (series.cpu ??= []).push(run.cpuMs);
        }
      }
      console.log(`\n${c.title}`);
      console.log(`  ${c.base.padEnd(28)}${summary(base)}   ${cpuSummary(base)}`);
      for (const [name, series] of [
        ['standalone', seaS],
        ['npm install', npmS],
      ] as const)
        console.log(
          `  ${name.padEnd(28)}${summary(series)}   ratio ${ratio(series, base)}   ${cpuSummary(series)}, cpu ratio ${ratio(series, base, 'cpu')}`,
        );
    }
    const peerS: Series = { name: PEER, ms: [] };
    const peerNpm: Series = { name: `${PEER} (npm bin)`, ms: [] };
    const seaM: Series = { name: 'standalone', ms: [] };
    const npmM: Series = { name: 'npm install', ms: [] };
    const mcpEnv = { ...env, READ_ONLY: 'true', KUBECTL_DIAG_AUDIT_LOG: join(work, 'mcp-audit.jsonl') };
    const peerArgs = ['--read-only', '--kubeconfig', cp.viewerKubeconfig];
    for (let i = 0; i <= RUNS; i++) {
      const p = await mcpInitialize(peers.binary, peerArgs, mcpEnv);
      const pn = await mcpInitialize(process.execPath, [peers.npmBin, ...peerArgs], mcpEnv);
      const s = await mcpInitialize(sea, ['mcp'], mcpEnv);
      const n = await mcpInitialize(npm.bin, ['mcp'], mcpEnv);
      if (i === 0) continue;
      peerS.ms.push(p);
      peerNpm.ms.push(pn);
      seaM.ms.push(s);
      npmM.ms.push(n);
    }
    console.log('\nMCP: spawn to initialize answered');
    console.log(`  ${`${PEER} --read-only (Go binary)`.padEnd(44)}${summary(peerS)}`);
    console.log(`  ${`${PEER} --read-only (npm bin)`.padEnd(44)}${summary(peerNpm)}`);
    console.log(`  ${'standalone vs Go binary'.padEnd(44)}${summary(seaM)}   ratio ${ratio(seaM, peerS)}`);
    console.log(`  ${'npm install vs npm bin'.padEnd(44)}${summary(npmM)}   ratio ${ratio(npmM, peerNpm)}`);
    console.log(`  ${'npm install vs Go binary'.padEnd(44)}${''.padEnd(26)}ratio ${ratio(npmM, peerS)}`);
    console.log(
      `\nload average after: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    console.log(
      `installed size: standalone ${mb(statSync(sea).size)} (1 file); npm install ${mb(du(npm.packageDir))} (${countFiles(npm.packageDir)} files)`,
    );
  } finally {
    await cp.stop();
  }
}

await main();
