// `kubectl diag doctor` as people read it: the status column says WARN once, counts agree in number.

import assert from 'node:assert/strict';
import { separationCheck } from '../../../../src/areas/access/rules.js';
import { doctorReport } from '../../../../src/areas/access/table.js';
import { accessText } from '../../../../src/areas/access/text.js';
import type { AccessReport } from '../../../../src/areas/access/schema.js';
import type { Style } from '../../../../src/render/table.js';

const plain: Style = { color: false, width: 80 };

function report(checks: AccessReport['checks']): Pick<AccessReport, 'checks' | 'ok' | 'counts'> {
  const count = (status: string) => checks.filter((c) => c.status === status).length;
  return {
    checks,
    ok: count('fail') === 0,
    counts: { ok: count('ok'), warn: count('warn'), fail: count('fail'), skip: count('skip') },
  };
}

describe('doctor report', () => {
  it('says WARN in the status column and not WARNING again in the line, with "1 warning"', () => {
    const warn = separationCheck([{ label: 'create pods', allowed: true }]);
    const text = doctorReport(report([warn]), plain);
    assert.match(text, /^WARN separation of concerns: this identity can also create pods$/m);
    assert.ok(!/WARNING/.test(text), text);
    assert.match(text, /^All checks passed \(1 warning\)\.$/m);
    assert.match(accessText(report([warn]) as AccessReport), /^access ok \(1 warning\)$/m);
  });

  it('counts failed checks and warnings in the plural only when there are several', () => {
    const fail = { name: 'authentication', status: 'fail' as const, summary: 'token expired', details: [] };
    const warns = [1, 2].map(() => separationCheck([{ label: 'get secrets', allowed: true }]));
    assert.match(doctorReport(report([fail, ...warns]), plain), /^1 check failed, 2 warnings\.$/m);
  });
});
