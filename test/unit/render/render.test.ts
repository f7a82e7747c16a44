import assert from 'node:assert/strict';
import {
  inert,
  oneLine,
  paint,
  styleFor,
  table,
  toTerminal,
  truncate,
  visibleWidth,
} from '../../../src/render/table.js';

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
    const lines = toTerminal(out)
      .split('\n')
      .map((l) => l.replace(/\u001b\[[0-9;]*m/g, ''));
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

describe('terminal escape injection (CVE-2021-25743 class)', () => {
  const hostile = 'boom\u001b]0;pwned\u0007\u001b[2J\u001b[1A\rfake line\u009b31m\u202eevil';

  it('makes control characters visible, as kubectl does, and keeps newlines', () => {
    assert.equal(inert('a\u001b[31mb'), 'a^[[31mb');
    assert.equal(inert('x\ry\u0007z\u007f'), 'x\\ry^Gz^?');
    assert.equal(inert('c1\u009b'), 'c1\\u009b');
    assert.equal(inert('bidi\u202e'), 'bidi\\u202e');
    assert.equal(inert('line 1\nline 2\ttab'), 'line 1\nline 2\ttab');
  });

  it('leaves no raw control byte in a table, colored or not, however it is shortened', () => {
    for (const color of [false, true]) {
      for (const width of [undefined, 40, 31]) {
        const out = toTerminal(
          table(['NAME', 'MESSAGE'], [[paint({ color }, '31', 'pod\u001b[8m'), hostile.repeat(3)]], {
            color,
            width,
          }),
        );
        const withoutOurColors = out.replace(/\u001b\[[0-9;]*m/g, '');
        assert.doesNotMatch(
          withoutOurColors,
          /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/,
          JSON.stringify(out),
        );
        assert.match(out, /\^\[\]0;pwned\^G|\^\[\]0;pw/, 'the attempt is visible, not executed');
      }
    }
  });

  it('keeps each row of a table on its line when a cell carries line breaks (no forged rows)', () => {
    const forged = 'Back-off\n  web-2   0/1   Running   0   5m\r\nnext\u2028line';
    const out = table(
      ['NAME', 'MESSAGE'],
      [
        ['web-1', forged],
        ['web-3', 'ok'],
      ],
      { color: false },
    );
    assert.deepEqual(out.split('\n'), [
      'NAME    MESSAGE',
      'web-1   Back-off web-2   0/1   Running   0   5m next line',
      'web-3   ok',
    ]);
    assert.equal(oneLine('a \n  b\r\nc\u2029d'), 'a b c d');
  });

  it('turns only its own color placeholders into escapes', () => {
    const out = toTerminal(`${paint({ color: true }, '1', 'TITLE')} ${inert('\uE000[31m')}`);
    assert.equal(out, '\u001b[1mTITLE\u001b[0m \uE000[31m');
  });

  it('never splits an escape when shortening', () => {
    const cell = inert('\u001b'.repeat(20));
    assert.equal(truncate(cell, 9), '^[^[^[^[…');
    assert.doesNotMatch(truncate(cell, 9), /\u001b/);
  });
});
