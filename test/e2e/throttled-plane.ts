// What the e2e files on the tight-limits plane (test/cluster/throttled.ts) share: how to see where API
// Priority and Fairness puts the viewer's reads (through kubectl-diag's own doctor check), and bursts.

import type { ControlPlane } from '../cluster/index.js';
import { openSession } from '../../src/cluster/session.js';
import { DEFAULT_THROTTLE, type ThrottleOptions } from '../../src/cluster/throttle.js';
import { mcpInMemory, tempAuditLog, type McpSession } from './tool.js';

/** The flow schema a read of the viewer lands in (doctor's "flow control" check), or undefined. */
export async function viewerLandsIn(cp: ControlPlane): Promise<string | undefined> {
  const session = openSession({ kubeconfig: cp.viewerKubeconfig, auditLog: tempAuditLog(), env: {} });
  try {
    return (await session.cluster.access!.flowControl!())?.flowSchema;
  } finally {
    await session.close();
  }
}

/**
 * An in-memory MCP session as the viewer with the client-side limit off (qps 0) and a wide in-flight
 * cap, so the server's limit is what a burst hits.
 */
export function serverLimitedMcp(cp: ControlPlane, over: Partial<ThrottleOptions> = {}) {
  return mcpInMemory({
    kubeconfig: cp.viewerKubeconfig,
    throttle: { ...DEFAULT_THROTTLE, qps: 0, maxInflight: 64, ...over },
  });
}

/** `count` concurrent diagnose_pods calls for one namespace. */
export function burstOfDiagnosePods(mcp: McpSession, count: number, namespace: string) {
  return Promise.all(Array.from({ length: count }, () => mcp.call('diagnose_pods', { namespace })));
}
