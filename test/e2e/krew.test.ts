// The krew install a user gets, end to end: krew v0.4.3 and its manifest validator built from the Go
// module proxy, the committed plugins/diag.yaml validated and installed with the linux/amd64 release
// archive into a fresh KREW_ROOT, then `kubectl diag` run through kubectl's plugin mechanism against
// the real control plane — with no node on PATH, because the archive carries its own.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import { archiveName, buildArchives, TARGETS } from '../../scripts/release.js';
import { containerStatus, findGo, podStatus } from '../cluster/index.js';
import { controlPlane } from './setup.js';
import { readAudit, ROOT, runProcess } from './tool.js';

const execFileAsync = promisify(execFile);
const KREW_VERSION = 'v0.4.3';
const KREW_DIR = join(ROOT, '.cache', 'krew', KREW_VERSION);

interface Platform {
  selector: { matchLabels: { os: string; arch: string } };
  uri: string;
  sha256: string;
  files: { from: string; to: string }[];
  bin: string;
}
interface KrewPlugin {
  metadata: { name: string };
  spec: { platforms: Platform[] } & Record<string, unknown>;
}

/** krew and validate-krew-manifest, built once per version into .cache/krew/<version>/. */
async function ensureKrew(): Promise<{ krew: string; validator: string }> {
  const krew = join(KREW_DIR, 'krew');
  const validator = join(KREW_DIR, 'validate-krew-manifest');
  if (existsSync(krew) && existsSync(validator)) return { krew, validator };
  const tmp = `${KREW_DIR}.tmp-${process.pid}`;
  mkdirSync(tmp, { recursive: true });
  console.error(`e2e: building krew ${KREW_VERSION} into ${KREW_DIR} (first use: ~3 min)`);
  const go = findGo();
  if (!go) throw new Error('Go is needed to build krew for this test (on PATH or at /usr/local/go/bin)');
  await execFileAsync(
    go,
    [
      'install',
      '-trimpath',
      `sigs.k8s.io/krew/cmd/krew@${KREW_VERSION}`,
      `sigs.k8s.io/krew/cmd/validate-krew-manifest@${KREW_VERSION}`,
    ],
    { env: { ...process.env, GOBIN: tmp, CGO_ENABLED: '0', GOFLAGS: '-mod=mod' }, maxBuffer: 16 << 20 },
  );
  rmSync(KREW_DIR, { recursive: true, force: true });
  mkdirSync(dirname(KREW_DIR), { recursive: true });
  renameSync(tmp, KREW_DIR);
  return { krew, validator };
}

/** Runs a program with exactly this environment (no inherited PATH), collecting its output. */
const run = (file: string, args: string[], env: Record<string, string>) => runProcess(file, args, env);

describe('krew install of the release archive (linux/amd64)', function () {
  this.timeout(20 * 60_000);
  const linux = TARGETS.find((t) => t.os === 'linux' && t.arch === 'amd64')!;
  const manifestFile = join(ROOT, 'plugins', 'diag.yaml');
  let tools: { krew: string; validator: string };
  let archive: string;
  let archiveSha: string;
  let work: string;
  let krewRoot: string;
  let pathDir: string;

  before(async () => {
    const [krewTools, [built]] = await Promise.all([ensureKrew(), buildArchives([linux])]);
    tools = krewTools;
    archive = built!.archive;
    archiveSha = built!.sha256;
    work = mkdtempSync(join(tmpdir(), 'kubectl-diag-krew-'));
    krewRoot = join(work, 'krew-root');
    // kubectl and nothing else: no node, no shell tools.
    pathDir = join(work, 'path');
    mkdirSync(pathDir);
    copyFileSync(join(controlPlane().binDir, 'kubectl'), join(pathDir, 'kubectl'));
    copyFileSync(tools.krew, join(pathDir, 'kubectl-krew'));
  });

  after(() => rmSync(work, { recursive: true, force: true }));

  const env = () => ({
    PATH: [join(krewRoot, 'bin'), pathDir].join(delimiter),
    HOME: work,
    KREW_ROOT: krewRoot,
    KUBECONFIG: controlPlane().viewerKubeconfig,
  });

  // Built here from scratch (a fresh clone has no cache), the archive must be the very bytes the committed
  // manifest names: that is the reproducibility promise, checked across machines and days.
  it('commits the manifest of what the release builds (run `npm run release` when this fails)', () => {
    const committed = parse(readFileSync(manifestFile, 'utf8')) as KrewPlugin;
    const platform = committed.spec.platforms.find(
      (p) => p.selector.matchLabels.os === 'linux' && p.selector.matchLabels.arch === 'amd64',
    );
    assert.ok(platform, 'plugins/diag.yaml has no linux/amd64 platform');
    assert.ok(platform.uri.endsWith(`/${archiveName(linux)}`), platform.uri);
    assert.equal(platform.sha256, archiveSha, 'the committed sha256 is not that of the archive built now');
    assert.equal(readFileSync(join(ROOT, 'krew.yaml'), 'utf8'), readFileSync(manifestFile, 'utf8'));
  });

  // The check above holds only where the archive was last built; a path of the checkout baked into the
  // executable makes every other clone build different bytes (CI checks out elsewhere).
  it('builds an executable that does not depend on where the checkout lives', async () => {
    const dir = join(work, 'unpacked');
    mkdirSync(dir);
    await execFileAsync('tar', ['-xzf', archive, '-C', dir]);
    const exe = readFileSync(join(dir, 'kubectl-diag'));
    assert.ok(!exe.includes(ROOT.replace(/\/+$/, '')), `the executable names the checkout ${ROOT}`);
    assert.ok(exe.includes('kubectl-diag.cjs'), 'the SEA blob names its script by its file name');
  });

  it('packs the executable, its completion executable and LICENSE only, with no symlinks', async () => {
    const { stdout } = await execFileAsync('tar', ['-tvzf', archive]);
    const entries = stdout.trim().split('\n');
    assert.deepEqual(
      entries.map((l) => l.split(/\s+/).pop()),
      ['LICENSE', 'kubectl-diag', 'kubectl_complete-diag'], // in byte order, as the release sorts them
    );
    assert.ok(
      entries.every((l) => l.startsWith('-')),
      `only regular files:\n${stdout}`,
    );
  });

  it('passes validate-krew-manifest, including its own install of the archive and LICENSE check', async () => {
    const lint = await run(tools.validator, ['-manifest', manifestFile, '-skip-install'], env());
    assert.equal(lint.code, 0, lint.stderr);
    // The validator installs from each platform's URI; serve the archive on loopback for a copy of the
    // manifest narrowed to linux/amd64 (the one archive built here).
    const server: Server = createServer((_, res) => res.end(readFileSync(archive)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const manifest = parse(readFileSync(manifestFile, 'utf8')) as KrewPlugin;
      manifest.spec.platforms = manifest.spec.platforms
        .filter((p) => p.selector.matchLabels.os === 'linux' && p.selector.matchLabels.arch === 'amd64')
        .map((p) => ({ ...p, uri: `http://127.0.0.1:${port}/${archiveName(linux)}` }));
      const dir = join(work, 'validate');
      mkdirSync(dir);
      writeFileSync(join(dir, 'diag.yaml'), stringify(manifest));
      const full = await run(tools.validator, ['-manifest', join(dir, 'diag.yaml')], env());
      assert.equal(full.code, 0, full.stderr);
      assert.match(full.stderr, /all 1 spec.platforms installed fine/);
    } finally {
      server.close();
    }
  });

  it('installs with krew from the committed manifest and the archive', async () => {
    const install = await run(
      join(pathDir, 'kubectl'),
      ['krew', 'install', `--manifest=${manifestFile}`, `--archive=${archive}`],
      env(),
    );
    assert.equal(install.code, 0, `${install.stdout}\n${install.stderr}`);
    assert.match(install.stderr, /Installed plugin: diag/);
  });

  it('is listed by `kubectl plugin list`', async () => {
    const list = await run(join(pathDir, 'kubectl'), ['plugin', 'list'], env());
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, new RegExp(`${join(krewRoot, 'bin', 'kubectl-diag')}$`, 'm'));
  });

  it('runs `kubectl diag pods -A --demo` with no node on PATH', async () => {
    const result = await run(join(pathDir, 'kubectl'), ['diag', 'pods', '-A', '--demo'], env());
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^NAMESPACE\s+NAME\s+READY\s+STATUS/m);
    assert.match(result.stdout, /ReadinessProbeFailed/);
  });

  it('shows help and suggests the closest command, from what the executable carries', async () => {
    const help = await run(join(pathDir, 'kubectl'), ['diag', '--help'], env());
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /^USAGE\n {2}\$ kubectl diag \[COMMAND\]/m);
    const typo = await run(join(pathDir, 'kubectl'), ['diag', 'podz'], env());
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /did you mean "pods"\?/);
  });

  it('runs `kubectl diag pods -n NS` against the control plane as the viewer', async () => {
    const cp = controlPlane();
    const ns = await cp.seed.namespace();
    await cp.seed.pod(ns, 'looping', {
      status: podStatus({
        containerStatuses: [containerStatus.crashLoopBackOff('app', { restartCount: 5, exitCode: 2 })],
      }),
    });
    const auditLog = join(work, 'audit.jsonl');
    const result = await run(
      join(pathDir, 'kubectl'),
      ['diag', 'pods', '-n', ns, '--audit-log', auditLog],
      env(),
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^looping\s.*CrashLoopBackOff/m);
    const audit = readAudit(auditLog);
    assert.ok(audit.length > 0 && audit.every((r) => r.method === 'GET'), JSON.stringify(audit));
  });

  // The caveats' one step (krew links only `bin`), then kubectl's own plugin completion with no node and
  // no shell tools on PATH: kubectl runs kubectl_complete-diag, which runs the executable beside it.
  it('completes `kubectl diag …<TAB>` through kubectl once kubectl_complete-diag is linked', async () => {
    const cp = controlPlane();
    const ns = await cp.seed.namespace();
    await cp.seed.pod(ns, 'tab-me', {
      status: podStatus({ containerStatuses: [containerStatus.running('app')] }),
    });
    const stored = readdirSync(join(krewRoot, 'store', 'diag'));
    assert.equal(stored.length, 1, stored.join(', '));
    symlinkSync(
      join(krewRoot, 'store', 'diag', stored[0]!, 'kubectl_complete-diag'),
      join(krewRoot, 'bin', 'kubectl_complete-diag'),
    );
    const kubectl = join(pathDir, 'kubectl');
    const commands = await run(kubectl, ['__complete', 'diag', ''], env());
    assert.equal(commands.code, 0, commands.stderr);
    assert.match(commands.stdout, /^pods\t/m);
    assert.match(commands.stdout, /^:4$/m);
    const pods = await run(
      kubectl,
      ['__complete', 'diag', 'pods', '--audit-log', join(work, 'complete-audit.jsonl'), '-n', ns, ''],
      env(),
    );
    assert.equal(pods.code, 0, pods.stderr);
    assert.deepEqual(pods.stdout.trim().split('\n'), ['tab-me', ':4']);
  });
});
