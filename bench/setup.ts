// What the benches share: their numeric options, the test control plane they run against, and a mix of pod
// states that gives every pod rule work.

import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { AuditRecord } from '../src/cluster/audit.js';
import {
  containerStatus,
  podStatus,
  startControlPlane,
  unschedulablePodStatus,
} from '../test/cluster/index.js';
import type { ControlPlane, KubeObject } from '../test/cluster/index.js';
import { readAudit, ROOT, tempAuditLog } from '../test/e2e/tool.js';
import { runTimed, type Run } from './measure.js';

/**
 * `--name N` options as numbers, with their defaults. An unknown option or a value that is not a positive
 * whole number stops the bench with a message, before anything is started.
 */
export function numericOptions<K extends string>(defaults: Record<K, number>): Record<K, number> {
  const names = Object.keys(defaults) as K[];
  const { values } = parseArgs({
    options: Object.fromEntries(names.map((name) => [name, { type: 'string' as const }])),
  });
  return Object.fromEntries(
    names.map((name) => {
      const given = values[name];
      const value = given === undefined ? defaults[name] : Number(given);
      if (!Number.isSafeInteger(value) || value < 1)
        throw new Error(`--${name} takes a positive whole number, not ${JSON.stringify(given)}`);
      return [name, value];
    }),
  ) as Record<K, number>;
}

/** Runs a bench against the test control plane whose state is kept in .cache/STATE; stops it after, always. */
export async function withControlPlane(
  state: string,
  bench: (cp: ControlPlane) => Promise<void>,
): Promise<void> {
  const cp = await startControlPlane({ stateDir: join(ROOT, '.cache', state) });
  try {
    await bench(cp);
  } finally {
    await cp.stop();
  }
}

/**
 * Pod i's status: a crash loop when i % every is 1, an image pull error when it is 2, unschedulable when
 * i % 20 is 3, else running.
 */
export function mixedPodStatus(i: number, every = 20): KubeObject['status'] {
  if (i % every === 1)
    return podStatus({ containerStatuses: [containerStatus.crashLoopBackOff('app', { restartCount: 6 })] });
  if (i % every === 2)
    return podStatus({ phase: 'Pending', containerStatuses: [containerStatus.imagePullBackOff('app')] });
  if (i % 20 === 3) return unschedulablePodStatus();
  return podStatus({ containerStatuses: [containerStatus.running('app')] });
}

/**
 * `kubectl diag ARGS --kubeconfig FILE` as a user runs it (bin/run.js, a fresh process), with the API
 * requests its own audit log allowed.
 */
export async function runDiag(
  args: readonly string[],
  kubeconfig: string,
): Promise<Run & { allowed: AuditRecord[] }> {
  const audit = tempAuditLog();
  const run = await runTimed(process.execPath, [
    join(ROOT, 'bin', 'run.js'),
    ...args,
    '--kubeconfig',
    kubeconfig,
    '--audit-log',
    audit,
  ]);
  return { ...run, allowed: readAudit(audit).filter((r) => r.decision === 'allowed') };
}
