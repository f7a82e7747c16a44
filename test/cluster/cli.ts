/**
 * npm run cluster:build | cluster:up | cluster:down   (add `-- --live` for the live plane)
 *   build  build (or find) kube-apiserver, etcd and kubectl (--live: also kube-scheduler,
 *          kube-controller-manager and kwok)
 *   up     start a control plane in the background in .cache/cluster (idempotent); --live: the live
 *          plane (real scheduler, controller-manager, kwok) in .cache/cluster-live
 *   seed   add a small troubled sample namespace `shop` to the running (static) control plane
 *   down   stop it and remove its state; the binary cache stays
 */
import { ensureBinaries, ensureComponentBinaries, linkBinaries } from './binaries.js';
import {
  clearState,
  connectControlPlane,
  isRunning,
  startControlPlane,
  stopRecordedProcesses,
} from './controlplane.js';
import type { ControlPlane } from './controlplane.js';
import { defaultLiveStateDir, defaultStateDir } from './paths.js';
import { seedSampleScenario } from './sample.js';
import { join } from 'node:path';
import { existsSync } from 'node:fs';

const live = process.argv.includes('--live');
const stateDir = process.env['CLUSTER_STATE_DIR'] ?? (live ? defaultLiveStateDir : defaultStateDir);

async function up(): Promise<void> {
  const started = Date.now();
  let plane: ControlPlane;
  if (isRunning(stateDir)) {
    plane = connectControlPlane(stateDir);
    // Already up: only renew the viewer's 1-hour token, so the printed kubeconfig works again.
    await plane.writeKubeconfig(plane.viewerKubeconfig, {});
    console.log(`Control plane already running (viewer token renewed).`);
  } else {
    plane = await startControlPlane({ stateDir, detached: true, live });
    console.log(`Control plane started in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  }
  await plane.seed.api.close();
  printUsage(plane);
}

function printUsage(plane: ControlPlane): void {
  const kubectl = join(plane.binDir, 'kubectl');
  console.log(`
  server             ${plane.server}
  admin kubeconfig   ${plane.adminKubeconfig}
  viewer kubeconfig  ${plane.viewerKubeconfig}   (diagnostic-viewer, token valid 1 h; \`npm run cluster:up\` renews it)
  audit log          ${plane.auditLogPath}
  logs               ${plane.stateDir}/{etcd,kube-apiserver,standins${plane.live ? ',kube-scheduler,kube-controller-manager,kwok' : ''}}.log

  ${kubectl} --kubeconfig ${plane.viewerKubeconfig} get pods -A
  npm run cluster:down`);
}

async function down(): Promise<void> {
  await stopRecordedProcesses(stateDir);
  if (existsSync(stateDir)) await clearState(stateDir);
  console.log(`Control plane stopped; state removed from ${stateDir} (binaries kept).`);
}

async function buildOnly(): Promise<void> {
  const binaries = await ensureBinaries();
  const components = live ? await ensureComponentBinaries() : undefined;
  await linkBinaries(binaries, join(stateDir, 'bin'), components);
  console.log(
    `kube-apiserver, etcd, kubectl: ${binaries.dir} (${binaries.source}); links in ${join(stateDir, 'bin')}`,
  );
  if (components) {
    console.log(
      `kube-scheduler, kube-controller-manager: ${components.source.controllers}; kwok: ${components.source.kwok}`,
    );
  }
}

async function seedSample(): Promise<void> {
  if (!isRunning(stateDir))
    throw new Error(`no control plane runs in ${stateDir}: run \`npm run cluster:up\` first`);
  const plane = connectControlPlane(stateDir);
  try {
    const ns = await seedSampleScenario(plane);
    console.log(
      `Seeded namespace ${ns}. Try:\n  ${join(plane.binDir, 'kubectl')} --kubeconfig ${plane.viewerKubeconfig} get pods -n ${ns}`,
    );
  } finally {
    await plane.seed.api.close();
  }
}

const commands: Record<string, () => Promise<void>> = { up, down, build: buildOnly, seed: seedSample };
const command = commands[process.argv.slice(2).find((a) => !a.startsWith('--')) ?? ''];
if (!command) {
  console.error('usage: cli.js up|down|build|seed [--live]');
  process.exit(2);
}
command().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
