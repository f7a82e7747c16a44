import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, openSync, closeSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readlink, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { binaryCacheDir, toolsDir } from './paths.js';
import { isAlive, pollUntil, tailFile } from './processes.js';

/** The three binaries a control plane needs, and where they came from. */
export interface Binaries {
  dir: string;
  kubeApiserver: string;
  etcd: string;
  kubectl: string;
  source: 'KUBEBUILDER_ASSETS' | 'cache' | 'built';
}

export const binaryNames = ['kube-apiserver', 'etcd', 'kubectl'] as const;
const minimumGo = [1, 26] as const;
/** `go build` names the etcd binary after the last path element that is not a major version. */
const etcdBuildNames = ['server', 'v3'];

const execFileAsync = promisify(execFile);

/**
 * Returns runnable kube-apiserver, etcd and kubectl: from KUBEBUILDER_ASSETS when set (the envtest
 * convention, nothing is built), else from the cache keyed by go.mod/go.sum, building them on first use.
 */
export async function ensureBinaries(log: (msg: string) => void = console.error): Promise<Binaries> {
  const assets = process.env['KUBEBUILDER_ASSETS'];
  if (assets) return fromAssets(assets);
  const dir = join(binaryCacheDir, cacheKey());
  if (hasAll(dir)) return { ...paths(dir), source: 'cache' };
  await withBuildLock(dir, async () => {
    if (!hasAll(dir)) await build(dir, log);
  });
  return { ...paths(dir), source: 'built' };
}

function fromAssets(assets: string): Binaries {
  const missing = binaryNames.filter((name) => !isExecutable(join(assets, name)));
  if (missing.length > 0) {
    throw new Error(
      `KUBEBUILDER_ASSETS=${assets} lacks ${missing.join(', ')} (it must hold executable kube-apiserver, etcd ` +
        `and kubectl). Point it at a complete envtest assets folder, or unset it to build them with Go.`,
    );
  }
  return { ...paths(assets), source: 'KUBEBUILDER_ASSETS' };
}

/** Bump when the build command changes, so cached binaries of the old recipe are not reused. */
const buildRecipe = 'go build -trimpath -ldflags=-s -w +version stamps (2)';

/** The binaries depend on the pinned module graph, the recipe and the platform, not on the Go patch release. */
function cacheKey(): string {
  const hash = createHash('sha256').update(buildRecipe);
  for (const file of ['go.mod', 'go.sum']) hash.update(readFileSync(join(toolsDir, file)));
  return `${process.platform}-${process.arch}-${hash.digest('hex').slice(0, 16)}`;
}

function paths(dir: string) {
  return {
    dir,
    kubeApiserver: join(dir, 'kube-apiserver'),
    etcd: join(dir, 'etcd'),
    kubectl: join(dir, 'kubectl'),
  };
}

function hasAll(dir: string): boolean {
  return binaryNames.every((name) => isExecutable(join(dir, name)));
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Go on PATH, else the standard /usr/local/go install; undefined when neither exists. */
export function findGo(): string | undefined {
  const dirs = [...(process.env['PATH'] ?? '').split(delimiter), '/usr/local/go/bin'];
  return dirs
    .filter((dir) => dir.startsWith('/'))
    .map((dir) => join(dir, 'go'))
    .find(isExecutable);
}

async function goVersion(go: string): Promise<[number, number]> {
  const { stdout } = await execFileAsync(go, ['env', 'GOVERSION']);
  const match = /go(\d+)\.(\d+)/.exec(stdout);
  if (!match) throw new Error(`cannot read the version of ${go}: ${stdout.trim()}`);
  return [Number(match[1]), Number(match[2])];
}

const howToProvide =
  'Install Go >= 1.26 (on PATH or at /usr/local/go/bin) so the harness can build kube-apiserver, etcd and ' +
  'kubectl from test/cluster/tools, or set KUBEBUILDER_ASSETS to a folder holding those three binaries ' +
  '(envtest assets, e.g. from `setup-envtest use -p path`).';

async function build(outDir: string, log: (msg: string) => void): Promise<void> {
  const go = findGo();
  if (!go)
    throw new Error(
      `No Go toolchain and no KUBEBUILDER_ASSETS: cannot provide kube-apiserver, etcd, kubectl. ${howToProvide}`,
    );
  const [major, minor] = await goVersion(go);
  if (major < minimumGo[0] || (major === minimumGo[0] && minor < minimumGo[1])) {
    throw new Error(
      `${go} is go${major}.${minor}; building the control plane needs Go >= 1.26. ${howToProvide}`,
    );
  }
  const tmpDir = `${outDir}.tmp-${process.pid}`;
  const logFile = `${outDir}.build.log`;
  await rm(tmpDir, { recursive: true, force: true });
  await mkdir(tmpDir, { recursive: true });
  log(
    `Building kube-apiserver, kubectl and etcd with ${go} into ${outDir} (first use: ~8 min on 2 cores; log ${logFile})`,
  );
  const started = Date.now();
  const code = await runBuild(go, tmpDir, logFile);
  if (code !== 0) {
    throw new Error(
      `go build of the control plane failed (exit ${code}); see ${logFile}:\n${tailFile(logFile, 40)}`,
    );
  }
  const etcdName = etcdBuildNames.find((name) => existsSync(join(tmpDir, name)));
  if (!etcdName) throw new Error(`go build produced no etcd binary in ${tmpDir}; see ${logFile}`);
  await rename(join(tmpDir, etcdName), join(tmpDir, 'etcd'));
  await rename(tmpDir, outDir);
  await pruneOtherBuilds(outDir);
  log(`Built the control plane binaries in ${Math.round((Date.now() - started) / 1000)} s`);
}

/**
 * Release builds stamp the version with -X (hack/lib/version.sh); without it the apiserver reports
 * v0.0.0-master+$Format:%H$ and `kubectl version` fails to parse it. Taken from go.mod's pin.
 */
function versionLdflags(): string {
  const goMod = readFileSync(join(toolsDir, 'go.mod'), 'utf8');
  const match = /^\s*(?:require\s+)?k8s\.io\/kubernetes\s+v(\d+)\.(\d+)\.(\d+)\s*$/m.exec(goMod);
  if (!match) throw new Error(`cannot find the k8s.io/kubernetes version in ${join(toolsDir, 'go.mod')}`);
  const [, major, minor, patch] = match;
  const stamps = {
    gitVersion: `v${major}.${minor}.${patch}`,
    gitMajor: major,
    gitMinor: minor,
    gitTreeState: 'clean',
  };
  return ['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version']
    .flatMap((pkg) => Object.entries(stamps).map(([name, value]) => `-X ${pkg}.${name}=${value}`))
    .join(' ');
}

/** Each build is ~190 MB; once a new go.mod or recipe has built, the older builds are dead weight. */
async function pruneOtherBuilds(current: string): Promise<void> {
  for (const entry of await readdir(binaryCacheDir)) {
    const path = join(binaryCacheDir, entry);
    if (path !== current && !entry.endsWith('.lock') && !path.startsWith(`${current}.`)) {
      await rm(path, { recursive: true, force: true });
    }
  }
}

function runBuild(go: string, outDir: string, logFile: string): Promise<number | null> {
  const args = ['build', '-trimpath', `-ldflags=-s -w ${versionLdflags()}`, '-o', `${outDir}/`];
  args.push(
    'k8s.io/kubernetes/cmd/kube-apiserver',
    'k8s.io/kubernetes/cmd/kubectl',
    'go.etcd.io/etcd/server/v3',
  );
  const fd = openSync(logFile, 'w');
  try {
    const child = spawn(go, args, {
      cwd: toolsDir,
      stdio: ['ignore', fd, fd],
      // -buildvcs: the tools module sits in a git work tree that may be dirty or shallow.
      env: {
        ...process.env,
        GOFLAGS: `${process.env['GOFLAGS'] ?? ''} -buildvcs=false`.trim(),
        CGO_ENABLED: '0',
      },
    });
    return new Promise((resolve) => {
      child.on('exit', (code) => resolve(code));
      child.on('error', () => resolve(null));
    });
  } finally {
    closeSync(fd);
  }
}

/**
 * Runs `fn` holding a lock next to the cache folder, so `cluster:up` and an e2e run started together
 * do not both spend minutes building the same binaries on a 2-core machine.
 */
async function withBuildLock(dir: string, fn: () => Promise<void>): Promise<void> {
  const lockDir = `${dir}.lock`;
  mkdirSync(binaryCacheDir, { recursive: true });
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(readFileSync(join(lockDir, 'pid'), { encoding: 'utf8', flag: 'a+' }) || 0);
      if (holder > 0 && !isAlive(holder)) await rm(lockDir, { recursive: true, force: true });
      else await pollUntil(() => !existsSync(lockDir), 60 * 60_000, 1000);
    }
  }
  try {
    await writeFile(join(lockDir, 'pid'), String(process.pid));
    await fn();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}

/** Points `<linkDir>/{kube-apiserver,etcd,kubectl}` at the binaries, so people can run them by hand. */
export async function linkBinaries(binaries: Binaries, linkDir: string): Promise<void> {
  await mkdir(linkDir, { recursive: true });
  for (const name of binaryNames) {
    const link = join(linkDir, name);
    const target = join(binaries.dir, name);
    const current = await readlink(link).catch(() => undefined);
    if (current === target) continue;
    await rm(link, { force: true });
    await symlink(target, link);
  }
}
