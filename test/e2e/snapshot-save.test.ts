// `kubectl diag snapshot save` as a person runs it: on a real pseudo-terminal (util-linux `script`) it
// shows how far the capture is on stderr and clears that line at the end; in a pipe it writes no
// progress; an existing file is never replaced without --force. Against the control plane, as the viewer.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { containerStatus, podStatus } from '../cluster/index.js';
import { controlPlane } from './setup.js';
import { BUNDLE, runBundle, tempAuditLog } from './tool.js';

describe('snapshot save on a terminal and in a pipe', () => {
  const dir = mkdtempSync(join(tmpdir(), 'snapshot-save-e2e-'));
  let ns: string;
  let args: (file: string) => string[];

  before(async () => {
    const cp = controlPlane();
    ns = await cp.seed.namespace();
    await cp.seed.pod(ns, 'api', {
      status: podStatus({
        containerStatuses: [containerStatus.crashLoopBackOff('app', { restartCount: 3 })],
      }),
    });
    const auditLog = tempAuditLog();
    args = (file) => [
      'snapshot',
      'save',
      file,
      '-n',
      ns,
      '--kubeconfig',
      cp.viewerKubeconfig,
      '--audit-log',
      auditLog,
    ];
  });

  it('shows the progress of the capture on a terminal, then clears it', () => {
    const file = join(dir, 'tty.json');
    const command = [process.execPath, BUNDLE, ...args(file)].map((w) => JSON.stringify(w)).join(' ');
    const screen = execFileSync('script', ['-qec', command, '/dev/null'], {
      env: { PATH: process.env.PATH ?? '', HOME: dir, TERM: 'xterm' },
      encoding: 'utf8',
    });
    assert.match(screen, /capturing: (\d+)\/\1 resource types, \d+ objects/);
    assert.match(screen, /capturing: (\d+)\/\1 log tails/);
    // The line is erased in place before the summary is printed.
    assert.match(screen, /\r\u001b\[KSaved \d+ objects/);
    assert.ok(statSync(file).size > 0);
  });

  it('writes no progress into a pipe, and refuses to replace the file without --force', async () => {
    const file = join(dir, 'pipe.json');
    const first = await runBundle(args(file));
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stderr, '');
    assert.match(first.stdout, /^Saved \d+ objects/);
    const before = readFileSync(file, 'utf8');
    const again = await runBundle(args(file));
    assert.equal(again.code, 2);
    assert.match(
      again.stderr,
      /pipe\.json already exists \(a file or link\); kubectl-diag does not replace it without --force/,
    );
    assert.equal(readFileSync(file, 'utf8'), before, 'the file is unchanged');
    const forced = await runBundle([...args(file), '--force']);
    assert.equal(forced.code, 0, forced.stderr);
  });
});
