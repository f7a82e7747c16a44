// Bundles the compiled CLI (dist/src) into the one file that ships: dist/bundle/kubectl-diag.cjs.
//   node dist/scripts/bundle.js        (run by `npm run build`, after tsc and `oclif manifest`)
// The entry is generated from oclif.manifest.json: one lazy import per command, so the bundle is
// independent of where files live under src/. esbuild wraps every module reached only through such
// an import in a lazy initialiser: a command evaluates its own module graph and nothing else. The
// format is CommonJS because Node's single-executable applications run exactly one CommonJS script;
// the npm package runs the same file (bin/run.js), with Node's compile cache on.

import { build, type Plugin } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { EarlyFacts } from '../src/mcp/early.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BUNDLE = join(ROOT, 'dist', 'bundle', 'kubectl-diag.cjs');
/** What runs first (bin/run.js, the standalone executable's main): loads BUNDLE with a code cache. */
export const BOOT = join(ROOT, 'dist', 'bundle', 'boot.cjs');

interface Manifest {
  commands: Record<string, { relativePath?: string[] }>;
}

/** The parts of package.json oclif reads at run time; nothing else is compiled in. */
function runtimePjson(): Record<string, unknown> {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  const oclif = { ...(pkg['oclif'] as Record<string, unknown>) };
  delete oclif['commands'];
  return { name: pkg['name'], version: pkg['version'], type: pkg['type'], oclif };
}

/** What `mcp` answers initialize with before loading anything (src/mcp/early.ts), computed here. */
export async function earlyFacts(): Promise<EarlyFacts> {
  const load = (path: string) => import(pathToFileURL(join(ROOT, 'dist', 'src', path)).href);
  const { AREAS } = (await load('areas/registry.js')) as { AREAS: unknown[] };
  const { instructionsFor } = (await load('mcp/instructions.js')) as {
    instructionsFor(a: unknown[]): string;
  };
  const { SUPPORTED_PROTOCOL_VERSIONS, LATEST_PROTOCOL_VERSION } =
    await import('@modelcontextprotocol/sdk/types.js');
  const versions = [
    LATEST_PROTOCOL_VERSION,
    ...SUPPORTED_PROTOCOL_VERSIONS.filter((v) => v !== LATEST_PROTOCOL_VERSION),
  ];
  return { instructions: instructionsFor(AREAS), protocolVersions: versions };
}

function entrySource(mcp: unknown): string {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8')) as Manifest;
  const loaders = Object.entries(manifest.commands).map(([id, command]) => {
    if (!command.relativePath) throw new Error(`oclif.manifest.json: command ${id} has no relativePath`);
    const file = join(ROOT, ...command.relativePath);
    return `  ${JSON.stringify(id)}: () => import(${JSON.stringify(file)}),`;
  });
  const oclif = (runtimePjson()['oclif'] ?? {}) as {
    helpClass?: string;
    hooks?: Record<string, string | string[]>;
  };
  const targets = [...(oclif.helpClass ? [oclif.helpClass] : []), ...Object.values(oclif.hooks ?? {}).flat()];
  const modules = targets.map((target) => {
    const key = relative(ROOT, join(ROOT, target)).split(sep).join('/');
    return `  ${JSON.stringify(key)}: () => import(${JSON.stringify(join(ROOT, target))}),`;
  });
  return `
import 'kubectl-diag:node-version';
import { dirname, join } from 'node:path';
import { demoSnapshotPath } from ${JSON.stringify(join(ROOT, 'dist', 'src', 'demo-path.js'))};
import manifest from ${JSON.stringify(join(ROOT, 'oclif.manifest.json'))};
import { isSea } from 'node:sea';
const pjson = ${JSON.stringify(runtimePjson())};
const loaders = {
${loaders.join('\n')}
};
const modules = {
${modules.join('\n')}
};
// A standalone executable stands alone: its root is where it lives. The npm package's root is two
// folders above this file (dist/bundle/).
const root = isSea() ? dirname(process.execPath) : join(__dirname, '..', '..');
const demo = ${JSON.stringify(readFileSync(join(ROOT, 'demo', 'cluster.json'), 'utf8'))};
globalThis.__kubectlDiagDemo = () => demoSnapshotPath(root, demo);
const mcp = ${JSON.stringify(mcp)};
const argv = process.argv.slice(2);
// Only \`mcp\` loads the early answer (src/mcp/early.ts); every other command starts without it.
void (argv[0] === 'mcp'
  ? import(${JSON.stringify(join(ROOT, 'dist', 'src', 'mcp', 'early.js'))}).then((m) => m.answerInitializeFirst(mcp, pjson.version, argv))
  : Promise.resolve()
)
  .then(() => import(${JSON.stringify(join(ROOT, 'dist', 'src', 'launch.js'))}))
  .then(({ launch }) => launch({ pjson, manifest, loaders, modules, root }));
`;
}

const DEMO_EXPRESSION = "fileURLToPath(new URL('../../../demo/cluster.json', import.meta.url))";

/**
 * dist/src resolves the demo snapshot relative to its own file, which a bundle no longer has. The
 * bundle carries the snapshot itself and points DEMO_SNAPSHOT at a file holding it (launch.ts).
 */
const demoSnapshot: Plugin = {
  name: 'demo-snapshot',
  setup(b) {
    const distSrc = join(ROOT, 'dist', 'src');
    b.onLoad({ filter: /[\\/]dist[\\/]src[\\/].*\.js$/ }, (args) => {
      if (!args.path.startsWith(distSrc)) return undefined;
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta')) return undefined;
      if (!text.includes(DEMO_EXPRESSION))
        throw new Error(
          `${relative(ROOT, args.path)} uses import.meta, which a bundle cannot resolve; only ${DEMO_EXPRESSION} is handled`,
        );
      const patched = text.replace(DEMO_EXPRESSION, 'globalThis.__kubectlDiagDemo()');
      return { contents: patched, loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

const OCLIF_NODE_CHECK = '\ncheckNodeVersion();\n';

/**
 * Dead weight a bundle must not carry: oclif's tsconfig reader requires typescript (6 MB) only to run
 * TypeScript sources in development, and falls back when it is missing; client-node's modules are
 * plain declarations, so its auth providers come without the generated API client they sit next to.
 */
const trim: Plugin = {
  name: 'trim',
  setup(b) {
    // oclif's index checks the Node version against its own package.json, which a bundle does not ship
    // (the require always failed, so it never warned): only semver was loaded for it. The bundle checks
    // the Node version itself, first (NODE_VERSION_CHECK).
    b.onLoad({ filter: /[\\/]@oclif[\\/]core[\\/]lib[\\/]index\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes(OCLIF_NODE_CHECK))
        throw new Error(`${relative(ROOT, args.path)} no longer calls checkNodeVersion(): review the trim`);
      return { contents: text.replace(OCLIF_NODE_CHECK, '\n'), loader: 'js', resolveDir: dirname(args.path) };
    });
    b.onResolve({ filter: /^typescript$/ }, () => ({ path: 'typescript', namespace: 'absent' }));
    b.onLoad({ filter: /.*/, namespace: 'absent' }, () => ({
      contents: "throw Object.assign(new Error('not bundled'), { code: 'MODULE_NOT_FOUND' });",
      loader: 'js',
    }));
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData === 'trim' || !args.importer.includes('@kubernetes/client-node')) return undefined;
      const resolved = await b.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: 'trim',
      });
      if (resolved.path.includes(`@kubernetes${sep}client-node${sep}dist`)) resolved.sideEffects = false;
      return resolved;
    });
  },
};

/**
 * Modules loaded at start-up but used on cold paths only, loaded on first use instead:
 * - tinyglobby: oclif requires it at load to scan a commands folder, which a bundle never does.
 * - undici: its index loads fetch, WebSocket, caches and mocks; the CLI uses Agent and ProxyAgent,
 *   plus the request API that the index attaches to every dispatcher (done here the same way).
 * - wsl-utils: see WSL_CHECK.
 * - undici's header-name search tree: built when its core loads, used only to read HTTP/1.1 header
 *   names; API servers answer over HTTP/2.
 */
const UNDICI_PARTS = `
const Dispatcher = require('undici/lib/dispatcher/dispatcher.js');
Object.assign(Dispatcher.prototype, require('undici/lib/api/index.js'));
exports.Dispatcher = Dispatcher;
exports.Agent = require('undici/lib/dispatcher/agent.js');
exports.ProxyAgent = require('undici/lib/dispatcher/proxy-agent.js');
`;
/**
 * oclif's Config.load asks wsl-utils whether this is WSL (for config.platform): loading it runs is-wsl's
 * checks and loads PowerShell helpers, on every start. The same signs is-wsl looks for are checked here
 * first (a few syscalls); only when one is present does the real module decide, so the answer is the same.
 */
const WSL_CHECK = `
const looksLikeWsl = () => {
  if (process.platform !== 'linux') return false;
  const fs = require('node:fs');
  if (require('node:os').release().toLowerCase().includes('microsoft')) return true;
  if (fs.existsSync('/proc/sys/fs/binfmt_misc/WSLInterop') || fs.existsSync('/run/WSL')) return true;
  try {
    return fs.readFileSync('/proc/version', 'utf8').toLowerCase().includes('microsoft');
  } catch {
    return false;
  }
};
exports.isWsl = looksLikeWsl() ? require('wsl-utils?real').isWsl : false;
`;
/** First in the bundle, before any dependency runs: a too old Node gets a plain message. */
const NODE_VERSION_CHECK = `
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 19)) {
  console.error('kubectl-diag needs Node.js 22.19 or newer (Node 24 LTS recommended); this is ' + process.version + '.');
  process.exit(1);
}
`;

const UNDICI_TREE = "const { tree } = require('./tree')";
const UNDICI_LAZY_TREE =
  "let headerTree; const tree = { lookup: (value) => (headerTree ??= require('./tree').tree).lookup(value) }";

/**
 * Node built-ins that oclif requires when its modules load but uses only on paths a diagnosis never takes:
 * child_process (a Windows parent-process probe; it also loads dgram), readline (arguments read from stdin,
 * which our commands turn off), perf_hooks (DEBUG=perf timing), fs/promises (reading plugins' files and tsconfig). Each
 * is required on first use instead; the files' text is checked so an oclif upgrade cannot silently undo it.
 */
const LAZY_BUILTINS: { file: RegExp; builtin: string }[] = [
  { file: /[\\/]@oclif[\\/]core[\\/]lib[\\/]util[\\/]os\.js$/, builtin: 'node:child_process' },
  { file: /[\\/]@oclif[\\/]core[\\/]lib[\\/]parser[\\/]parse\.js$/, builtin: 'node:readline' },
  { file: /[\\/]@oclif[\\/]core[\\/]lib[\\/]performance\.js$/, builtin: 'node:perf_hooks' },
  { file: /[\\/]@oclif[\\/]core[\\/]lib[\\/]util[\\/]fs\.js$/, builtin: 'node:fs/promises' },
  { file: /[\\/]@oclif[\\/]core[\\/]lib[\\/]config[\\/]ts-path\.js$/, builtin: 'node:fs/promises' },
  { file: /[\\/]@oclif[\\/]core[\\/]lib[\\/]util[\\/]read-tsconfig\.js$/, builtin: 'node:fs/promises' },
];

/** `require("node:x")` as an object whose properties load the module when first read. */
function lazyRequire(text: string, builtin: string, path: string): string {
  const call = `require(${JSON.stringify(builtin)})`;
  if (text.split(call).length !== 2)
    throw new Error(`${relative(ROOT, path)} no longer requires ${builtin} once: review LAZY_BUILTINS`);
  const proxy = `new Proxy({}, { get: (_, key) => (__lazy ??= ${call})[key] })`;
  return `let __lazy;\n${text.replace(call, proxy)}`;
}

const lazy: Plugin = {
  name: 'lazy',
  setup(b) {
    for (const { file, builtin } of LAZY_BUILTINS)
      b.onLoad({ filter: file }, (args) => ({
        contents: lazyRequire(readFileSync(args.path, 'utf8'), builtin, args.path),
        loader: 'js',
        resolveDir: dirname(args.path),
      }));
    b.onLoad({ filter: /[\\/]undici[\\/]lib[\\/]core[\\/]util\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes(UNDICI_TREE))
        throw new Error(
          `${relative(ROOT, args.path)} no longer loads ./tree as before: review the lazy plugin`,
        );
      return {
        contents: text.replace(UNDICI_TREE, UNDICI_LAZY_TREE),
        loader: 'js',
        resolveDir: dirname(args.path),
      };
    });
    b.onResolve({ filter: /^kubectl-diag:node-version$/ }, () => ({
      path: 'node-version',
      namespace: 'check',
    }));
    b.onLoad({ filter: /.*/, namespace: 'check' }, () => ({ contents: NODE_VERSION_CHECK, loader: 'js' }));
    b.onResolve({ filter: /^tinyglobby$/ }, (args) =>
      args.pluginData === 'real' ? undefined : { path: 'tinyglobby', namespace: 'lazy' },
    );
    b.onLoad({ filter: /^tinyglobby$/, namespace: 'lazy' }, () => ({
      contents: "module.exports = { glob: (...args) => require('tinyglobby?real').glob(...args) };",
      loader: 'js',
      resolveDir: ROOT,
    }));
    b.onResolve({ filter: /^tinyglobby\?real$/ }, (args) =>
      b.resolve('tinyglobby', { kind: args.kind, resolveDir: ROOT, pluginData: 'real' }),
    );
    b.onResolve({ filter: /^wsl-utils$/ }, (args) =>
      args.pluginData === 'real' ? undefined : { path: 'wsl-utils', namespace: 'lazy' },
    );
    b.onLoad({ filter: /^wsl-utils$/, namespace: 'lazy' }, () => ({
      contents: WSL_CHECK,
      loader: 'js',
      resolveDir: ROOT,
    }));
    b.onResolve({ filter: /^wsl-utils\?real$/ }, (args) =>
      b.resolve('wsl-utils', { kind: args.kind, resolveDir: ROOT, pluginData: 'real' }),
    );
    b.onResolve({ filter: /^undici$/ }, (args) =>
      args.importer.startsWith(join(ROOT, 'dist', 'src')) ? { path: 'undici', namespace: 'lazy' } : undefined,
    );
    b.onLoad({ filter: /^undici$/, namespace: 'lazy' }, () => ({
      contents: UNDICI_PARTS,
      loader: 'js',
      resolveDir: ROOT,
    }));
  },
};

/** The words a code cache is kept for (src/boot.ts): every command id and alias, and the help and version flags. */
function cacheWords(): string[] {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8')) as {
    commands: Record<string, { aliases?: string[] }>;
  };
  const words = Object.entries(manifest.commands).flatMap(([id, c]) => [id, ...(c.aliases ?? [])]);
  const first = words.map((w) => w.split(/[: ]/)[0]!);
  return [...new Set([...first, '__complete', '--help', '-h', '--version'])].sort();
}

// `mcp` answers initialize before the bundle is read (src/mcp/early.ts; KUBECTL_DIAG_MCP: its facts).
const BOOT_SOURCE = (bootModule: string) => `
import { readFileSync } from 'node:fs';
import { createRequire, enableCompileCache } from 'node:module';
import { dirname, join } from 'node:path';
import { getAsset, isSea } from 'node:sea';
import { boot } from ${JSON.stringify(bootModule)};
import { answerInitializeFirst } from ${JSON.stringify(join(ROOT, 'dist', 'src', 'mcp', 'early.js'))};
const options = { bundleHash: KUBECTL_DIAG_BUNDLE_HASH, words: KUBECTL_DIAG_WORDS };
const early = answerInitializeFirst(KUBECTL_DIAG_MCP.facts, KUBECTL_DIAG_MCP.version, process.argv.slice(2));
if (early) early.then(start); else start();
function start() {
if (isSea()) {
  // The bundle is an asset of the executable; it stands for a file next to it.
  const source = Buffer.from(getAsset('kubectl-diag.cjs')).toString('latin1');
  boot({ ...options, source, filename: join(dirname(process.execPath), 'kubectl-diag.cjs'), require });
} else {
  const filename = join(__dirname, 'kubectl-diag.cjs');
  boot({ ...options, source: readFileSync(filename, 'latin1'), filename, uncached: () => {
    enableCompileCache?.();
    createRequire(filename)(filename);
  } });
}
}
`;

async function bundleBoot(bundleHash: string, mcp: EarlyFacts): Promise<void> {
  await build({
    stdin: {
      contents: BOOT_SOURCE(join(ROOT, 'dist', 'src', 'boot.js')),
      resolveDir: ROOT,
      sourcefile: 'kubectl-diag-boot.js',
      loader: 'js',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    outfile: BOOT,
    minifySyntax: true,
    legalComments: 'none',
    logLevel: 'warning',
    define: {
      KUBECTL_DIAG_BUNDLE_HASH: JSON.stringify(bundleHash),
      KUBECTL_DIAG_WORDS: JSON.stringify(cacheWords()),
      KUBECTL_DIAG_MCP: JSON.stringify({ facts: mcp, version: runtimePjson()['version'] }),
    },
  });
}

/**
 * esbuild escapes non-ASCII text except inside regular expression literals; escaped there too, the
 * bundle is pure ASCII, which boot.ts reads as latin1 (a plain copy, no UTF-8 decoding of 3 MB).
 * Outside comments (none survive minifying) and identifiers (esbuild escapes those), every place a
 * non-ASCII character can stand accepts its \\u escape.
 */
function asciiOnly(file: string): void {
  const text = readFileSync(file, 'utf8');
  const ascii = text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (ascii !== text) writeFileSync(file, ascii);
}

export async function bundle(): Promise<string> {
  mkdirSync(dirname(BUNDLE), { recursive: true });
  const mcp = await earlyFacts();
  const result = await build({
    stdin: {
      contents: entrySource(mcp),
      resolveDir: ROOT,
      sourcefile: 'kubectl-diag-entry.js',
      loader: 'js',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    outfile: BUNDLE,
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
    plugins: [demoSnapshot, trim, lazy],
  });
  writeFileSync(join(dirname(BUNDLE), 'meta.json'), JSON.stringify(result.metafile));
  asciiOnly(BUNDLE);
  await bundleBoot(createHash('sha256').update(readFileSync(BUNDLE)).digest('hex').slice(0, 16), mcp);
  return BUNDLE;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const file = await bundle();
  console.log(`${relative(ROOT, file)} ${(readFileSync(file).length / 1024 / 1024).toFixed(2)} MiB`);
}
