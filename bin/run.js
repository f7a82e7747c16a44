#!/usr/bin/env node
// kubectl-diag entry point. kubectl finds it on PATH as `kubectl-diag` and runs it for `kubectl diag …`.
// Only what every start needs is imported here: child_process (and the dgram, readline and fs modules it
// brings, ~4 ms) is loaded only to re-run an old Node's start with the bundled one.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const MINIMUM = [22, 19];
const [major, minor] = process.versions.node.split('.').map(Number);
const tooOld = major < MINIMUM[0] || (major === MINIMUM[0] && minor < MINIMUM[1]);

if (tooOld) {
  // The project installs a current Node as a dev dependency; use it rather than fail on an old system Node.
  const bundled = fileURLToPath(new URL('../node_modules/node/bin/node', import.meta.url));
  if (process.env.KUBECTL_DIAG_REEXEC !== '1' && existsSync(bundled)) {
    const { spawnSync } = await import('node:child_process');
    const child = spawnSync(bundled, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
      stdio: 'inherit',
      env: { ...process.env, KUBECTL_DIAG_REEXEC: '1' },
    });
    if (child.error) {
      console.error(`kubectl-diag: could not start ${bundled}: ${child.error.message}`);
      process.exit(1);
    }
    process.exit(child.status ?? 1);
  }
  console.error(
    `kubectl-diag needs Node.js ${MINIMUM.join('.')} or newer (this is ${process.version}). ` +
      'Install Node 24 LTS, or run `npm ci` in the project to get a bundled one.',
  );
  process.exit(1);
}

// The CLI is one bundled file (npm run build), loaded by boot.cjs with V8's compiled code cached
// between runs (src/boot.ts).
const { createRequire } = await import('node:module');
createRequire(import.meta.url)('../dist/bundle/boot.cjs');
