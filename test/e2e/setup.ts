/**
 * Mocha global fixtures for the e2e suite (loaded by test/.mocharc.e2e.json): ONE real control
 * plane per run, started before any test and always stopped after the run — also when tests fail;
 * on Ctrl-C or SIGTERM the harness kills its child processes, and a run after a crash stops the
 * leftovers it finds recorded in the state dir. Global fixtures have no mocha timeout, which lets
 * the first run on a fresh machine build kube-apiserver, etcd and kubectl (several minutes).
 *
 * In a test file:
 *   import { controlPlane } from './setup.js';
 *   const cp = controlPlane();
 *   const ns = await cp.seed.namespace();
 */
import { connectControlPlane, e2eStateDir, startControlPlane } from '../cluster/index.js';
import type { ControlPlane } from '../cluster/index.js';

const stateDir = process.env['E2E_STATE_DIR'] ?? e2eStateDir;
let plane: ControlPlane | undefined;

export async function mochaGlobalSetup(): Promise<void> {
  const started = Date.now();
  plane = await startControlPlane({ stateDir });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.error(
    `e2e: control plane ${plane.server} ready in ${seconds} s (state, logs, audit: ${plane.stateDir})`,
  );
}

export async function mochaGlobalTeardown(): Promise<void> {
  await plane?.stop();
  plane = undefined;
}

/** The control plane of this run. (In mocha's parallel mode a worker attaches to the one the main process started.) */
export function controlPlane(): ControlPlane {
  plane ??= connectControlPlane(stateDir);
  return plane;
}
