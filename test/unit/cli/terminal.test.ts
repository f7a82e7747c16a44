// The pods list as a person sees it: under a real pseudo-terminal (util-linux `script`) at 80 and 200
// columns, and in a pipe. Problems first, the summary on top, and no word of a cause lost at 80.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'run.js');
const CAUSES = [
  'Container "app" keeps crashing: last exit Error (exit code 1), 14 restarts',
  // The OOM kill is the root cause of the crash loop, so it leads (issue 18).
  'OOMKilled: Container "redis" was OOMKilled (memory limit 128Mi)',
];

const hasScript = spawnSync('script', ['--version']).status === 0;

/** `kubectl diag ARGS` on a pseudo-terminal of the given width; the screen text without colors. */
function onTerminal(columns: number, args: string[]): string {
  const command = `stty cols ${columns} rows 60; ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} ${args.join(' ')}`;
  const out = execFileSync('script', ['-qec', command, '/dev/null'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TERM: 'xterm' },
    encoding: 'utf8',
  });
  return out.replace(/\r/g, '').replace(/\u001b\[[0-9;]*m/g, '');
}

/** The FINDING text of a row and its continuation lines, joined back into one sentence. */
function findingOf(screen: string, pod: string): string {
  const lines = screen.split('\n');
  const column = lines.find((l) => l.startsWith('NAME'))!.indexOf('FINDING');
  const start = lines.findIndex((l) => l.startsWith(pod));
  const parts = [lines[start]!.slice(column)];
  for (const line of lines.slice(start + 1)) {
    if (line.slice(0, column).trim() !== '') break;
    parts.push(line.slice(column));
  }
  return parts.join(' ').trim();
}

describe('the pods list on a terminal and in a pipe', function () {
  before(function () {
    if (!hasScript) this.skip();
  });

  it('at 80 columns: the summary on top, problems first, each cause whole under FINDING', () => {
    const screen = onTerminal(80, ['pods', '-n', 'shop', '--demo']);
    const lines = screen.split('\n').filter(Boolean);
    assert.match(lines[1]!, /^\d+ pods in namespace shop, \d+ with findings \(\d+ findings: /);
    const names = lines.filter((l) => /^[a-z0-9-]+\s+\d+\/\d+\s/.test(l)).map((l) => l.split(/\s+/)[0]);
    assert.deepEqual(names.slice(0, 2), ['api-5f6b8-m9d2c', 'cache-0']);
    assert.ok(names.indexOf('web-7d9c5-q8w1z') > names.indexOf('worker-6b7f9-tt5rn'), 'healthy pods last');
    assert.equal(findingOf(screen, 'api-5f6b8-m9d2c'), CAUSES[0]);
    assert.equal(findingOf(screen, 'cache-0'), CAUSES[1]);
    assert.doesNotMatch(screen, /…/, 'nothing is cut');
  });

  it('at 200 columns: one line per pod, the cause whole on it', () => {
    const screen = onTerminal(200, ['pods', '-n', 'shop', '--demo']);
    const row = screen.split('\n').find((l) => l.startsWith('api-5f6b8-m9d2c'))!;
    assert.ok(row.endsWith(CAUSES[0]!), row);
  });

  it('in a pipe, whatever COLUMNS says: one line per pod, no color', () => {
    const out = execFileSync(process.execPath, [BIN, 'pods', '-n', 'shop', '--demo'], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', COLUMNS: '80' },
      encoding: 'utf8',
    });
    assert.doesNotMatch(out, /\u001b\[/);
    assert.ok(
      out
        .split('\n')
        .find((l) => l.startsWith('cache-0'))!
        .endsWith(CAUSES[1]!),
    );
  });
});
