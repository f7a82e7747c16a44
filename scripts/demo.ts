// Regenerates the built-in demo snapshot (demo/cluster.json): starts the real test control plane, seeds
// the demo scenario (test/cluster/demo-scenario.ts), and captures it with the product's own
// `kubectl diag snapshot save` as the diagnostic-viewer, fenced to the demo's namespaces. The apiserver
// stamps every object's creationTimestamp with the moment it was made, so the story's ages (a Deployment
// running for weeks, a rollout 52 minutes old) are written into the saved file afterwards: only
// metadata.creationTimestamp changes (events take their firstTimestamp); every status time was written
// through the apiserver by the seed.
//   npm run demo:generate

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startControlPlane } from '../test/cluster/index.js';
import { seedDemoScenario } from '../test/cluster/demo-scenario.js';
import { backDate } from '../test/cluster/demo-workloads.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OUT = join(ROOT, 'demo', 'cluster.json');

const cp = await startControlPlane({ stateDir: join(ROOT, '.cache', 'cluster-demo-gen') });
try {
  const demo = await seedDemoScenario(cp);
  mkdirSync(join(ROOT, 'demo'), { recursive: true });
  const audit = join(mkdtempSync(join(tmpdir(), 'demo-audit-')), 'audit.jsonl');
  const save = spawnSync(
    process.execPath,
    [
      join(ROOT, 'bin', 'run.js'),
      'snapshot',
      'save',
      OUT,
      '--force',
      '-A',
      '--allowed-namespaces',
      demo.namespaces.join(','),
      '--logs',
      'all',
      '--kubeconfig',
      cp.viewerKubeconfig,
      '--audit-log',
      audit,
    ],
    { encoding: 'utf8' },
  );
  process.stdout.write(save.stdout);
  process.stderr.write(save.stderr);
  if (save.status !== 0) process.exitCode = 1;
  else writeFileSync(OUT, backDate(readFileSync(OUT, 'utf8'), demo.ages));
} finally {
  await cp.stop();
}
