import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root, found by walking up from this module. The same code runs from
 * `test/cluster/` (tsx) and from `dist/test/cluster/` (compiled), so no fixed `../..` works.
 */
function findRepoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'test', 'cluster'))) return dir;
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error(`cannot find the repository root above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

export const repoRoot = findRepoRoot();
/** The Go module whose `tool` directives name kube-apiserver, kubectl and etcd. */
export const toolsDir = join(repoRoot, 'test', 'cluster', 'tools');
/** Built binaries, one folder per go.mod/go.sum hash; survives `cluster:down`. */
export const binaryCacheDir = join(repoRoot, '.cache', 'kube-bin');
/** State of the long-lived `npm run cluster:up` control plane. */
export const defaultStateDir = join(repoRoot, '.cache', 'cluster');
/** State of the control plane that one e2e run starts and stops. */
export const e2eStateDir = join(repoRoot, '.cache', 'cluster-e2e');
/** Reviewable RBAC for the identity the tool under test uses. */
export const viewerRoleFile = join(repoRoot, 'test', 'cluster', 'rbac', 'diagnostic-viewer.yaml');
/** State of the live plane (scheduler, controller-manager, kwok) that one e2e run starts and stops. */
export const e2eLiveStateDir = join(repoRoot, '.cache', 'cluster-e2e-live');
/** State of the long-lived `npm run cluster:up -- --live` plane. */
export const defaultLiveStateDir = join(repoRoot, '.cache', 'cluster-live');
/** kwok's identity on the live plane: ClusterRole and binding. */
export const kwokRoleFile = join(repoRoot, 'test', 'cluster', 'rbac', 'kwok.yaml');
/** The kwok Stage documents: node and pod lifecycles, and the kubelet faults kwok can play. */
export const kwokStagesDir = join(repoRoot, 'test', 'cluster', 'kwok');
/** State of the plane with tight server limits that the throttling e2e starts and stops itself. */
export const e2eThrottledStateDir = join(repoRoot, '.cache', 'cluster-e2e-throttled');
