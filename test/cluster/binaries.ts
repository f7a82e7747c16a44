import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, openSync, closeSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readlink, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { binaryCacheDir, toolsDir } from './paths.js';
import { isAlive, pollUntil, tailFile } from './processes.js';

export type BinarySource = 'KUBEBUILDER_ASSETS' | 'cache' | 'built';

/** The three binaries a control plane needs, and where they came from. */
export interface Binaries {
  dir: string;
  kubeApiserver: string;
  etcd: string;
  kubectl: string;
  source: BinarySource;
}

/** What the live plane runs besides: the real scheduler and controller-manager, and kwok for nodes and pods. */
export interface ComponentBinaries {
  kubeScheduler: string;
  kubeControllerManager: string;
  kwok: string;
  /** Where each group came from (the KUBEBUILDER_ASSETS folder may hold all, some or none of them). */
  source: { controllers: BinarySource; kwok: BinarySource };
}

export const binaryNames = ['kube-apiserver', 'etcd', 'kubectl'] as const;
export const componentNames = ['kube-scheduler', 'kube-controller-manager', 'kwok'] as const;

/**
 * One `go build` each, cached in its own folder keyed by the module files and recipe: the core three
 * (unchanged for the static plane), the scheduler and controller-manager from the same pinned
 * k8s.io/kubernetes module, and kwok from its own module (it pins other k8s.io/* versions).
 */
interface BuildGroup {
  /** Folder-name infix; '' for the core group (keeps its historical folder names). */
  id: string;
  /** The Go module (folder holding go.mod) the packages are built in. */
  moduleDir: string;
  packages: string[];
  /** The binaries it produces, after renames. */
  outputs: readonly string[];
  /** `go build` output name -> wanted name. */
  renames: Record<string, string>;
  ldflags: () => string;
  recipe: string;
  describe: string;
}
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
  const { dir, source } = await ensureGroup(coreGroup, log);
  return { ...paths(dir), source };
}

/**
 * kube-scheduler, kube-controller-manager and kwok for the live plane: from KUBEBUILDER_ASSETS when
 * that folder holds them (nothing is built), else built once per module version into the cache.
 */
export async function ensureComponentBinaries(
  log: (msg: string) => void = console.error,
): Promise<ComponentBinaries> {
  const assets = process.env['KUBEBUILDER_ASSETS'];
  const fromFolder = (group: BuildGroup) =>
    assets && group.outputs.every((name) => isExecutable(join(assets, name)))
      ? { dir: assets, source: 'KUBEBUILDER_ASSETS' as const }
      : undefined;
  // Sequential on purpose: two cold Go builds at once on 2 cores only thrash.
  const controllers = fromFolder(controllersGroup) ?? (await ensureGroup(controllersGroup, log));
  const kwok = fromFolder(kwokGroup) ?? (await ensureGroup(kwokGroup, log));
  return {
    kubeScheduler: join(controllers.dir, 'kube-scheduler'),
    kubeControllerManager: join(controllers.dir, 'kube-controller-manager'),
    kwok: join(kwok.dir, 'kwok'),
    source: { controllers: controllers.source, kwok: kwok.source },
  };
}

async function ensureGroup(
  group: BuildGroup,
  log: (msg: string) => void,
): Promise<{ dir: string; source: BinarySource }> {
  const dir = join(binaryCacheDir, cacheKey(group));
  if (hasAll(dir, group.outputs)) return { dir, source: 'cache' };
  await withBuildLock(dir, async () => {
    if (!hasAll(dir, group.outputs)) await build(group, dir, log);
  });
  return { dir, source: 'built' };
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

const coreGroup: BuildGroup = {
  id: '',
  moduleDir: toolsDir,
  packages: [
    'k8s.io/kubernetes/cmd/kube-apiserver',
    'k8s.io/kubernetes/cmd/kubectl',
    'go.etcd.io/etcd/server/v3',
  ],
  outputs: binaryNames,
  renames: Object.fromEntries(etcdBuildNames.map((name) => [name, 'etcd'])),
  ldflags: () => `-s -w ${versionLdflags()}`,
  // Bump when the build command changes, so cached binaries of the old recipe are not reused.
  recipe: 'go build -trimpath -ldflags=-s -w +version stamps (2)',
  describe: 'kube-apiserver, kubectl and etcd (first use: ~8 min on 2 cores)',
};

const controllersGroup: BuildGroup = {
  id: 'controllers',
  moduleDir: toolsDir,
  packages: ['k8s.io/kubernetes/cmd/kube-scheduler', 'k8s.io/kubernetes/cmd/kube-controller-manager'],
  outputs: ['kube-scheduler', 'kube-controller-manager'],
  renames: {},
  ldflags: () => `-s -w ${versionLdflags()}`,
  recipe: 'go build -trimpath -ldflags=-s -w +version stamps (1)',
  describe:
    'kube-scheduler and kube-controller-manager (first use: ~4 min on 2 cores once kube-apiserver is built)',
};

const kwokGroup: BuildGroup = {
  id: 'kwok',
  moduleDir: join(toolsDir, 'kwok'),
  packages: ['sigs.k8s.io/kwok/cmd/kwok'],
  outputs: ['kwok'],
  renames: {},
  ldflags: () => '-s -w',
  recipe: 'go build -trimpath -ldflags=-s -w (1)',
  describe: 'kwok (first use: ~3 min on 2 cores)',
};

/** The binaries depend on the pinned module graph, the recipe and the platform, not on the Go patch release. */
function cacheKey(group: BuildGroup): string {
  const hash = createHash('sha256').update(group.recipe);
  for (const file of ['go.mod', 'go.sum']) hash.update(readFileSync(join(group.moduleDir, file)));
  const infix = group.id ? `${group.id}-` : '';
  return `${process.platform}-${process.arch}-${infix}${hash.digest('hex').slice(0, 16)}`;
}

function paths(dir: string) {
  return {
    dir,
    kubeApiserver: join(dir, 'kube-apiserver'),
    etcd: join(dir, 'etcd'),
    kubectl: join(dir, 'kubectl'),
  };
}

function hasAll(dir: string, names: readonly string[]): boolean {
  return names.every((name) => isExecutable(join(dir, name)));
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

async function build(group: BuildGroup, outDir: string, log: (msg: string) => void): Promise<void> {
  const go = findGo();
  if (!go)
    throw new Error(
      `No Go toolchain and no KUBEBUILDER_ASSETS holding them: cannot provide ${group.outputs.join(', ')}. ${howToProvide}`,
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
  log(`Building ${group.describe} with ${go} into ${outDir} (log ${logFile})`);
  const started = Date.now();
  const code = await runBuild(go, group, tmpDir, logFile);
  if (code !== 0) {
    throw new Error(
      `go build of ${group.outputs.join(', ')} failed (exit ${code}); see ${logFile}:\n${tailFile(logFile, 40)}`,
    );
  }
  for (const [from, to] of Object.entries(group.renames)) {
    if (existsSync(join(tmpDir, from))) await rename(join(tmpDir, from), join(tmpDir, to));
  }
  const missing = group.outputs.filter((name) => !existsSync(join(tmpDir, name)));
  if (missing.length > 0)
    throw new Error(`go build produced no ${missing.join(', ')} in ${tmpDir}; see ${logFile}`);
  await rename(tmpDir, outDir);
  await pruneOldBuilds(group, outDir);
  log(`Built ${group.outputs.join(', ')} in ${Math.round((Date.now() - started) / 1000)} s`);
}

/**
 * Release builds stamp the version with -X (hack/lib/version.sh); without it the apiserver reports
 * v0.0.0-master+$Format:%H$ and `kubectl version` fails to parse it. Taken from go.mod's pin.
 */
function versionLdflags(): string {
  const goMod = readFileSync(join(toolsDir, 'go.mod'), 'utf8');
  const match = /^\s*(?:require\s+)?k8s\.io\/kubernetes\s+v(\d+)\.(\d+)\.(\d+)\s*(?:\/\/.*)?$/m.exec(goMod);
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

/** Builds of the same group younger than this are kept: another work tree sharing the cache may run them. */
const keepRecentMs = 24 * 3_600_000;

/**
 * Each build is 100-200 MB; once a new go.mod or recipe has built, the older builds of the same group
 * are dead weight — but only once nobody can still be using them, so those of the last day stay.
 */
async function pruneOldBuilds(group: BuildGroup, current: string): Promise<void> {
  const prefix = `${process.platform}-${process.arch}-`;
  const groupIds = [controllersGroup.id, kwokGroup.id];
  for (const entry of await readdir(binaryCacheDir)) {
    if (!entry.startsWith(prefix) || !/^[0-9a-f]{16}$/.test(entry.split('-').pop() ?? '')) continue;
    const rest = entry.slice(prefix.length);
    const entryGroup = groupIds.find((id) => rest.startsWith(`${id}-`)) ?? '';
    const path = join(binaryCacheDir, entry);
    if (entryGroup !== group.id || path === current) continue;
    const age = Date.now() - (await stat(path)).mtimeMs;
    if (age > keepRecentMs) await rm(path, { recursive: true, force: true });
  }
}

function runBuild(go: string, group: BuildGroup, outDir: string, logFile: string): Promise<number | null> {
  const args = ['build', '-trimpath', `-ldflags=${group.ldflags()}`, '-o', `${outDir}/`, ...group.packages];
  const fd = openSync(logFile, 'w');
  try {
    const child = spawn(go, args, {
      cwd: group.moduleDir,
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

/** Points `<linkDir>/{kube-apiserver,etcd,kubectl,…}` at the binaries, so people can run them by hand. */
export async function linkBinaries(
  binaries: Binaries,
  linkDir: string,
  components?: ComponentBinaries,
): Promise<void> {
  await mkdir(linkDir, { recursive: true });
  const targets: [string, string][] = binaryNames.map((name) => [name, join(binaries.dir, name)]);
  if (components) {
    targets.push(
      ['kube-scheduler', components.kubeScheduler],
      ['kube-controller-manager', components.kubeControllerManager],
      ['kwok', components.kwok],
    );
  }
  for (const [name, target] of targets) {
    const link = join(linkDir, name);
    const current = await readlink(link).catch(() => undefined);
    if (current === target) continue;
    await rm(link, { force: true });
    await symlink(target, link);
  }
}
