/**
 * Mocha global fixtures for the e2e suite (loaded by test/.mocharc.e2e.json): TWO real control
 * planes per run, started in parallel before any test and always stopped after the run — also when tests fail;
 * on Ctrl-C or SIGTERM the harness kills its child processes, and a run after a crash stops the
 * leftovers it finds recorded in the state dir. Global fixtures have no mocha timeout, which lets
 * the first run on a fresh machine build kube-apiserver, etcd and kubectl (several minutes).
 *
 * - the static plane (`controlPlane()`): kube-apiserver + etcd only; every status is what a test
 *   writes (in the words of the component that would write it), nothing fights it;
 * - the live plane (`livePlane()`): the same plus the real kube-scheduler, kube-controller-manager
 *   and kwok, for suites whose states must come from those components (no hand-written status).
 *
 * In a test file:
 *   import { controlPlane } from './setup.js';
 *   const cp = controlPlane();
 *   const ns = await cp.seed.namespace();
 */
import { connectControlPlane, e2eLiveStateDir, e2eStateDir, startControlPlane } from '../cluster/index.js';
import type { ControlPlane } from '../cluster/index.js';

const stateDir = process.env['E2E_STATE_DIR'] ?? e2eStateDir;
const liveStateDir = process.env['E2E_LIVE_STATE_DIR'] ?? e2eLiveStateDir;
let plane: ControlPlane | undefined;
let live: ControlPlane | undefined;

export async function mochaGlobalSetup(): Promise<void> {
  const started = Date.now();
  const timed = async (start: Promise<ControlPlane>) => {
    const cp = await start;
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const what = cp.live ? 'live plane (scheduler, controller-manager, kwok)' : 'static plane';
    console.error(`e2e: ${what} ${cp.server} ready in ${seconds} s (state, logs, audit: ${cp.stateDir})`);
    return cp;
  };
  const [staticPlane, livePlaneStart] = await Promise.allSettled([
    timed(startControlPlane({ stateDir })),
    timed(startControlPlane({ stateDir: liveStateDir, live: true })),
  ]);
  if (staticPlane.status === 'fulfilled') plane = staticPlane.value;
  if (livePlaneStart.status === 'fulfilled') live = livePlaneStart.value;
  const failed = [staticPlane, livePlaneStart].find((r) => r.status === 'rejected');
  if (failed) {
    await mochaGlobalTeardown();
    throw failed.reason;
  }
}

export async function mochaGlobalTeardown(): Promise<void> {
  await Promise.all([plane?.stop(), live?.stop()]);
  plane = undefined;
  live = undefined;
}

/** The live plane of this run: real scheduler, controller-manager and kwok. Tests on it write no status. */
export function livePlane(): ControlPlane {
  live ??= connectControlPlane(liveStateDir);
  return live;
}

/** The control plane of this run. (In mocha's parallel mode a worker attaches to the one the main process started.) */
export function controlPlane(): ControlPlane {
  plane ??= connectControlPlane(stateDir);
  return plane;
}
