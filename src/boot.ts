// The first code that runs: the npm package's bin/run.js and the standalone executable's main script
// (built by scripts/bundle.ts into dist/bundle/boot.cjs). It loads the bundle with a V8 code cache
// kept per command word in the user's cache directory, made AFTER the command ran: Node's compile
// cache (and SEA's useCodeCache) store only the functions compiled before anything runs, and most of
// a start-up was V8 compiling functions lazily. Nothing is cached at build time, so the archives stay
// the same bytes; a missing, stale or rejected cache only costs that run the compilation (and a new
// cache is written). KUBECTL_DIAG_CODE_CACHE=0 turns it off; KUBECTL_DIAG_CACHE_DIR moves it.

import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { constants, Script } from 'node:vm';
import { boundYoungGeneration } from './mcp/memory.js';

export interface BootOptions {
  /** The bundle's source text (pure ASCII: scripts/bundle.ts makes it so, and it is read as latin1). */
  source: string;
  /** The path it stands for (its __filename; for a standalone executable, a name next to it). */
  filename: string;
  /** What the bundle's `require` is (the executable's own inside a SEA). */
  require?: NodeJS.Require;
  /** Identifies the bundle's bytes (set at build time); part of every cache file's name. */
  bundleHash: string;
  /** The first words a cache is kept for: command ids and aliases. Any other word runs uncached. */
  words: readonly string[];
  argv?: string[];
  env?: NodeJS.ProcessEnv;
  /** How to run the bundle when this run keeps no code cache (the npm package: Node's compile cache). */
  uncached?: () => void;
}

/** After this long, a process still running (an MCP server) writes its cache without waiting for exit. */
const SAVE_AFTER_MS = 3000;

/** How long another bundle's cache is kept after it was written. */
const STALE_AFTER_MS = 7 * 24 * 3600 * 1000;

/** Where the code caches live: private to the user, like kubectl's ~/.kube/cache. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env['KUBECTL_DIAG_CACHE_DIR']) return join(env['KUBECTL_DIAG_CACHE_DIR'], 'code');
  if (platform === 'win32' && env['LOCALAPPDATA']) return join(env['LOCALAPPDATA'], 'kubectl-diag', 'code');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'kubectl-diag', 'code');
  return join(env['XDG_CACHE_HOME'] || join(homedir(), '.cache'), 'kubectl-diag', 'code');
}

/** The cache file for this run, or undefined when this run keeps none. */
export function cacheFile(options: BootOptions): string | undefined {
  const env = options.env ?? process.env;
  if (env['KUBECTL_DIAG_CODE_CACHE'] === '0') return undefined;
  const argv = options.argv ?? process.argv.slice(2);
  const word = argv.length === 0 ? '_' : options.words.includes(argv[0]!) ? argv[0]! : undefined;
  if (word === undefined) return undefined;
  const key = `${options.bundleHash}-${process.version}-${process.arch}-${word}`.replace(/[^\w.-]/g, '_');
  return join(cacheDir(env), `${key}.bin`);
}

function readCache(file: string | undefined): Buffer | undefined {
  if (!file) return undefined;
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Writes the cache beside any others of this bundle; older bundles' caches are removed. Never throws. */
function writeCache(file: string, data: Buffer, bundleHash: string): void {
  try {
    const dir = dirname(file);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, data, { mode: 0o600 });
    renameSync(tmp, file);
    // Another bundle's caches go once unused for a week (two installed versions do not take turns).
    const stale = Date.now() - STALE_AFTER_MS;
    for (const entry of readdirSync(dir)) {
      if (entry.startsWith(`${bundleHash}-`)) continue;
      const other = join(dir, entry);
      if (statSync(other).mtimeMs < stale) rmSync(other, { force: true });
    }
  } catch {
    // A read-only or missing home: run without a cache.
  }
}

/** Runs the bundle as a CommonJS module, with the code cache when there is one. */
export function boot(options: BootOptions): void {
  const { source, filename } = options;
  const file = cacheFile(options);
  if (!file && options.uncached) return options.uncached();
  // V8 accepts a code cache only under the flags it was made with. The MCP server bounds its young
  // generation with a V8 flag (src/mcp/memory.ts) and the cache is made after that, so the flag is set
  // here first, or every server start would find its cache rejected and compile the bundle afresh.
  if ((options.argv ?? process.argv.slice(2))[0] === 'mcp') boundYoungGeneration();
  const cached = readCache(file);
  const script = new Script(Module.wrap(source), {
    filename,
    cachedData: cached,
    importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  if (file && (!cached || script.cachedDataRejected)) {
    let saved = false;
    const save = () => {
      if (saved) return;
      saved = true;
      writeCache(file, script.createCachedData(), options.bundleHash);
    };
    process.once('exit', save);
    setTimeout(save, SAVE_AFTER_MS).unref();
    // An MCP client ends its server with a signal: save first, then end as that signal would.
    const signals = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;
    const onSignal = (signal: NodeJS.Signals) => {
      save();
      for (const s of signals) process.off(s, onSignal);
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    for (const s of signals) process.once(s, onSignal);
  }
  const module = new Module(filename);
  module.filename = filename;
  const require = options.require ?? createRequire(filename);
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(module.exports, module.exports, require, module, filename, dirname(filename));
}
