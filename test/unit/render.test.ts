import assert from 'node:assert/strict';
import { paint, styleFor, table, visibleWidth } from '../../src/render/table.js';

describe('kubectl-style output', () => {
  it('colors only on a terminal, and never with NO_COLOR', () => {
    assert.equal(styleFor({ isTTY: true, columns: 120 }, {}).color, true);
    assert.equal(styleFor({ isTTY: false }, {}).color, false);
    assert.equal(styleFor({ isTTY: true }, { NO_COLOR: '1' }).color, false);
    assert.equal(styleFor({ isTTY: true }, { TERM: 'dumb' }).color, false);
    assert.equal(paint({ color: false }, '31', 'x'), 'x');
  });

  it('aligns columns by what is visible, ignoring color codes', () => {
    const red = paint({ color: true }, '31', 'CrashLoopBackOff');
    const out = table(
      ['NAME', 'STATUS', 'AGE'],
      [
        ['api', red, '5m'],
        ['web-long-name', 'Running', '2d'],
      ],
      { color: false },
    );
    assert.equal(visibleWidth(red), 'CrashLoopBackOff'.length);
    const lines = out.split('\n').map((l) => l.replace(/\u001b\[[0-9;]*m/g, ''));
    assert.deepEqual(lines, [
      'NAME            STATUS             AGE',
      'api             CrashLoopBackOff   5m',
      'web-long-name   Running            2d',
    ]);
  });

  it('wraps only the last column, only on a terminal, to fit its width', () => {
    const long = 'x'.repeat(200);
    const rows = [['api', long]];
    assert.equal(table(['NAME', 'FINDING'], rows, { color: false }).split('\n')[1], `api    ${long}`);
    const wrapped = table(['NAME', 'FINDING'], rows, { color: false, width: 60 }).split('\n').slice(1);
    assert.ok(wrapped.every((l) => l.length <= 60));
    assert.equal(wrapped.map((l) => l.slice(7)).join(''), long);
  });
});
