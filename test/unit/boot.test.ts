// src/boot.ts: the bundle runs as a CommonJS module with a per-command V8 code cache written after the
// command ran, in a private cache directory; other words, a disabled cache or an unwritable directory
// run uncached; caches of an older bundle are removed.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir, cacheFile } from '../../src/boot.js';

const BOOT = fileURLToPath(new URL('../../src/boot.js', import.meta.url));

/** Runs a small "bundle" through boot() in a child process, the way boot.cjs does. */
function run(dir: string, word: string, env: NodeJS.ProcessEnv = {}, hash = 'h1', prelude = '') {
  const bundle = join(dir, 'bundle.cjs');
  writeFileSync(
    bundle,
    prelude +
      'const square = (n) => n * n;\nconsole.log(JSON.stringify({ file: __filename, dir: __dirname, square: square(7), ' +
      'exportsIsModule: module.exports === exports, path: typeof require("node:path").join }));\n',
  );
  const script = `
    import { readFileSync } from 'node:fs';
    import { boot } from ${JSON.stringify(BOOT)};
    const filename = ${JSON.stringify(bundle)};
    boot({ source: readFileSync(filename, 'utf8'), filename, bundleHash: ${JSON.stringify(hash)},
      words: ['pods', 'mcp'], argv: [${JSON.stringify(word)}],
      uncached: () => console.log(JSON.stringify({ uncached: true })) });`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, KUBECTL_DIAG_CACHE_DIR: join(dir, 'cache'), ...env },
  });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout.trim()) as Record<string, unknown>;
}

describe('boot: the bundle with a code cache', () => {
  it('runs the bundle as a CommonJS module and writes a private cache for a command word', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubectl-diag-boot-'));
    const out = run(dir, 'pods');
    assert.deepEqual(out, {
      file: join(dir, 'bundle.cjs'),
      dir,
      square: 49,
      exportsIsModule: true,
      path: 'function',
    });
    const code = join(dir, 'cache', 'code');
    const [file, ...rest] = readdirSync(code);
    assert.deepEqual(rest, []);
    assert.match(file!, new RegExp(`^h1-${process.version}-${process.arch}-pods\\.bin$`));
    assert.ok(statSync(join(code, file!)).size > 0);
    if (process.platform !== 'win32') {
      assert.equal(statSync(code).mode & 0o777, 0o700);
      assert.equal(statSync(join(code, file!)).mode & 0o777, 0o600);
    }
    // The second run reads it (a rejected cache would be rewritten: the file would change).
    const before = statSync(join(code, file!)).mtimeMs;
    assert.equal(run(dir, 'pods')['square'], 49);
    assert.equal(statSync(join(code, file!)).mtimeMs, before);
  });

  it("keeps the MCP server's cache valid although the server sets a V8 flag while it runs", () => {
    // The server bounds its young generation with a V8 flag (src/mcp/memory.ts); V8 rejects a cache made
    // under other flags, so boot sets the same flag before it compiles (a rejected cache is rewritten).
    const dir = mkdtempSync(join(tmpdir(), 'kubectl-diag-boot-'));
    const flag = "require('node:v8').setFlagsFromString('--semi-space-growth-factor=1');\n";
    assert.equal(run(dir, 'mcp', {}, 'h1', flag)['square'], 49);
    const code = join(dir, 'cache', 'code');
    const [file] = readdirSync(code);
    const before = statSync(join(code, file!)).mtimeMs;
    assert.equal(run(dir, 'mcp', {}, 'h1', flag)['square'], 49);
    assert.equal(statSync(join(code, file!)).mtimeMs, before, 'the second start read the cache');
  });

  it('keeps no cache for an unknown word or when turned off, and runs the bundle the uncached way', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubectl-diag-boot-'));
    assert.deepEqual(run(dir, 'typo'), { uncached: true });
    assert.deepEqual(run(dir, 'pods', { KUBECTL_DIAG_CODE_CACHE: '0' }), { uncached: true });
    assert.deepEqual(readdirSync(dir), ['bundle.cjs']);
  });

  it("removes another bundle's caches once they are a week old, when it writes one", () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubectl-diag-boot-'));
    run(dir, 'pods', {}, 'old');
    run(dir, 'pods', {}, 'recent');
    const code = join(dir, 'cache', 'code');
    const old = readdirSync(code).find((f) => f.startsWith('old-'))!;
    const eightDays = new Date(Date.now() - 8 * 24 * 3600 * 1000);
    utimesSync(join(code, old), eightDays, eightDays);
    run(dir, 'mcp', {}, 'new');
    assert.deepEqual(
      readdirSync(code)
        .map((f) => f.split('-')[0])
        .sort(),
      ['new', 'recent'],
    );
  });

  it('runs uncached when the cache directory cannot be written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubectl-diag-boot-'));
    writeFileSync(join(dir, 'cache'), 'a file where the directory should be');
    assert.equal(run(dir, 'pods')['square'], 49);
  });

  it('puts the cache in the platform cache directory unless told otherwise', () => {
    assert.equal(cacheDir({ KUBECTL_DIAG_CACHE_DIR: '/x' }, 'linux'), join('/x', 'code'));
    assert.equal(cacheDir({ XDG_CACHE_HOME: '/xdg' }, 'linux'), join('/xdg', 'kubectl-diag', 'code'));
    assert.equal(cacheDir({ LOCALAPPDATA: 'C:\\L' }, 'win32'), join('C:\\L', 'kubectl-diag', 'code'));
    const dir = mkdtempSync(join(tmpdir(), 'kubectl-diag-boot-'));
    mkdirSync(join(dir, 'c'));
    const options = { source: '', filename: 'f', bundleHash: 'h', words: ['pods'] };
    const env = { KUBECTL_DIAG_CACHE_DIR: join(dir, 'c') };
    assert.equal(cacheFile({ ...options, env, argv: [] })?.endsWith('-_.bin'), true, 'no arguments');
    assert.equal(cacheFile({ ...options, env, argv: ['--evil/../x'] }), undefined);
  });
});
