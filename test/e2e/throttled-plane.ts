// What the e2e files on the tight-limits plane (test/cluster/throttled.ts) share: how to see where API
// Priority and Fairness puts the viewer's reads, through kubectl-diag's own doctor check.

import type { ControlPlane } from '../cluster/index.js';
import { openSession } from '../../src/cluster/session.js';
import { tempAuditLog } from './tool.js';

/** The flow schema a read of the viewer lands in (doctor's "flow control" check), or undefined. */
export async function viewerLandsIn(cp: ControlPlane): Promise<string | undefined> {
  const session = openSession({ kubeconfig: cp.viewerKubeconfig, auditLog: tempAuditLog(), env: {} });
  try {
    return (await session.cluster.access!.flowControl!())?.flowSchema;
  } finally {
    await session.close();
  }
}
