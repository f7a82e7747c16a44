// Reading the findings a rule returned, for every area's rule tests.

import assert from 'node:assert/strict';
import { AREAS } from '../../../src/areas/registry.js';
import type { Finding } from '../../../src/diagnose/finding.js';

const DOCUMENTED = new Set(AREAS.flatMap((area) => Object.keys(area.reasons ?? {})));

export function reasons(findings: Finding[]): string[] {
  return findings.map((f) => f.reason);
}

/** The one finding with `reason` (fails when there is none or more than one); the reason must be documented. */
export function only(findings: Finding[], reason: string): Finding {
  const found = findings.filter((f) => f.reason === reason);
  assert.equal(found.length, 1, `expected one ${reason}, got ${JSON.stringify(reasons(findings))}`);
  assert.ok(DOCUMENTED.has(reason), `${reason} is in its area's reason map`);
  return found[0]!;
}
