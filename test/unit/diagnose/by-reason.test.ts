// Findings by reason (src/diagnose/by-reason.ts), which both the pods area's byReason and the MCP lines
// beyond a page are made of.

import assert from 'node:assert/strict';
import { groupByReason } from '../../../src/diagnose/by-reason.js';
import type { Finding, Severity } from '../../../src/diagnose/finding.js';

function finding(reason: string, name: string, severity: Severity = 'warning'): Finding {
  return {
    id: `${reason}@Pod/ns/${name}`,
    severity,
    reason,
    object: { kind: 'Pod', namespace: 'ns', name },
    message: `${reason} on ${name}`,
    evidence: [],
    hint: '',
  };
}
const entry = (reason: string, name: string, severity?: Severity) => ({
  member: `ns/${name}`,
  finding: finding(reason, name, severity),
});

describe('findings by reason', () => {
  it('names each object once per reason, in the order met, with the first finding as example', () => {
    const [group, ...rest] = groupByReason([
      entry('BackOff', 'b'),
      entry('BackOff', 'a'),
      entry('BackOff', 'b'),
    ]);
    assert.deepEqual(rest, []);
    assert.deepEqual(group!.members, ['ns/b', 'ns/a']);
    assert.equal(group!.example.member, 'ns/b');
    assert.equal(group!.example.finding.message, 'BackOff on b');
  });

  it('gives a group the severity of its most severe finding, whichever came first', () => {
    const [group] = groupByReason([entry('Evicted', 'a', 'warning'), entry('Evicted', 'b', 'critical')]);
    assert.equal(group!.severity, 'critical');
  });

  it('puts the most severe groups first, then the largest, then by reason', () => {
    const groups = groupByReason([
      entry('Zeta', 'a', 'info'),
      entry('Beta', 'a'),
      entry('Alpha', 'a'),
      entry('Beta', 'b'),
      entry('Gamma', 'c', 'critical'),
    ]);
    assert.deepEqual(
      groups.map((g) => g.reason),
      ['Gamma', 'Beta', 'Alpha', 'Zeta'],
    );
  });
});
