// Where the bundled CLI finds the demo snapshot (scripts/bundle.ts points DEMO_SNAPSHOT here).

import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the demo snapshot is: the package's demo/cluster.json when there is one (npm install), else a
 * private temporary copy of the one compiled into the executable, written only when --demo asks for it
 * and removed at exit.
 */
export function demoSnapshotPath(root: string, embedded: string, argv = process.argv): string {
  const shipped = join(root, 'demo', 'cluster.json');
  if (existsSync(shipped) || !argv.includes('--demo')) return shipped;
  const dir = mkdtempSync(join(tmpdir(), 'kubectl-diag-demo-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'cluster.json');
  writeFileSync(file, embedded, { mode: 0o600 });
  return file;
}
