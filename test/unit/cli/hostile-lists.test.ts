// Cluster text from a hostile snapshot through the list commands (triage's table and chains: its own file):
// every output a terminal sees (table, wide, name) shows the attempt made visible, and each table row stays on
// its own line, so a message cannot forge a row (render/table.ts folds line breaks in cells; base.ts makes
// -o name inert).

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCommand } from '@oclif/test';
import { makePod, minutesAgo, runningStatus } from '../builders/pods.js';
import { HOSTILE, rawControls } from '../areas/triage/hostile.test.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

function hostileSnapshot(dir: string): string {
  const crashing = (name: string) =>
    makePod(name, {
      metadata: { labels: { app: 'api' } },
      status: {
        containerStatuses: [
          runningStatus('app', {
            ready: false,
            restartCount: 3,
            state: { waiting: { reason: 'CrashLoopBackOff', message: `back-off ${HOSTILE}` } },
            lastState: {
              terminated: { exitCode: 1, reason: 'Error', message: HOSTILE, finishedAt: minutesAgo(1) },
            },
          }),
        ],
      },
    });
  const items = [crashing('api-1'), crashing(`api-${HOSTILE}`)];
  const file = join(dir, 'hostile.json');
  writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
  return file;
}

describe('list commands and hostile cluster text', function () {
  this.timeout(60_000);
  const dir = mkdtempSync(join(tmpdir(), 'lists-hostile-'));
  let snapshot: string;
  before(() => (snapshot = hostileSnapshot(dir)));
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const output of ['table', 'wide', 'name'] as const)
    it(`pods -o ${output}: the attempt is visible, no raw control byte, one line per pod`, async () => {
      const args = [
        'pods',
        '-n',
        'shop',
        '--snapshot',
        snapshot,
        '-o',
        output,
        '--audit-log',
        join(dir, 'a.jsonl'),
      ];
      const { stdout, error } = await runCommand(args, { root: ROOT });
      assert.equal(error, undefined, error?.message);
      assert.deepEqual(rawControls(stdout), []);
      assert.match(stdout, /X\^\[\]0;PWNED\^G\^\[\[2J/, 'the attempt is shown, made visible');
      const lines = stdout.trimEnd().split('\n');
      const rows = output === 'name' ? lines : lines.filter((l) => /^api-/.test(l));
      assert.equal(rows.length, 2, stdout.slice(0, 3000));
      if (output === 'name')
        assert.ok(
          lines.every((l) => l.startsWith('pod/api-')),
          stdout,
        );
      // No line reads as a forged row or root: the payload's own "1. CRITICAL Forged" stays inside its row.
      assert.ok(
        lines.every((l) => !l.startsWith('1. CRITICAL Forged')),
        stdout.slice(0, 3000),
      );
    });

  it('triage -o name: each root pod on its own line, the hostile name made inert', async () => {
    const args = [
      'triage',
      '-n',
      'shop',
      '--snapshot',
      snapshot,
      '-o',
      'name',
      '--audit-log',
      join(dir, 'b.jsonl'),
    ];
    const { stdout, error } = await runCommand(args, { root: ROOT });
    assert.equal(error, undefined, error?.message);
    assert.deepEqual(rawControls(stdout), []);
    const lines = stdout.trimEnd().split('\n');
    assert.equal(lines.length, 2, stdout.slice(0, 3000));
    assert.ok(
      lines.every((l) => l.startsWith('pod/api-')),
      stdout.slice(0, 3000),
    );
    assert.ok(
      lines.some((l) => l.startsWith('pod/api-X^[]0;PWNED^G^[[2J')),
      'the attempt is shown, made visible',
    );
  });
});
