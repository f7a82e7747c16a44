// A root hook for the whole e2e run: after every test, the apiserver's audit log must show that
// kubectl-diag (known by its user agent, unlike the harness's own kubectl) never sent anything but reads
// and the side-effect-free access reviews. A violation fails the run in the "after all" hook.

import assert from 'node:assert/strict';
import type { AuditEvent } from '../cluster/index.js';
import { controlPlane, livePlane } from './setup.js';

const READ_VERBS = new Set(['get', 'list', 'watch']);
const REVIEWS = /^\/apis\/authorization\.k8s\.io\/v1\/selfsubject(access|rules)reviews$/;

/** Events from kubectl-diag itself, as opposed to the harness's kubectl and seeding. */
export function fromTool(events: AuditEvent[]): AuditEvent[] {
  return events.filter((e) => e.userAgent?.startsWith('kubectl-diag'));
}

export function writesAmong(events: AuditEvent[]): AuditEvent[] {
  return events.filter(
    (e) => !READ_VERBS.has(e.verb) && !(e.verb === 'create' && REVIEWS.test(e.requestURI.split('?')[0]!)),
  );
}

export const mochaHooks = {
  async afterAll(): Promise<void> {
    // Both planes of the run: the static one and the live one (scheduler, controller-manager, kwok).
    for (const [name, plane] of [
      ['static', controlPlane()],
      ['live', livePlane()],
    ] as const) {
      const tool = fromTool(await plane.auditEvents({}));
      const writes = writesAmong(tool);
      assert.deepEqual(
        writes.map((e) => `${e.verb} ${e.requestURI}`),
        [],
        `kubectl-diag sent something other than a read to the ${name} plane's apiserver during this run`,
      );
      console.error(
        `e2e witness: the ${name} plane's audit log holds ${tool.length} requests from kubectl-diag, all reads.`,
      );
    }
  },
};
