// One pod in depth (`kubectl diag pods NAME`): on every pod of the demo snapshot, no hint sends the user
// to the command they just ran, and the header reads like an incident (ages and restarts "ago").

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCommand } from '@oclif/test';
import { withoutOwnCommand } from '../../../../src/areas/pods/describe.js';
import { DEMO_SNAPSHOT } from '../../../../src/cluster/session.js';

const ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));
const audit = join(mkdtempSync(join(tmpdir(), 'describe-test-')), 'audit.jsonl');

const demoPods = (
  JSON.parse(readFileSync(DEMO_SNAPSHOT, 'utf8')) as {
    resources: { pods: { metadata: { name: string; namespace: string } }[] };
  }
).resources.pods.map((p) => p.metadata);

describe('one pod in depth (kubectl diag pods NAME)', () => {
  it('drops a pointer to the command that ran, and keeps every other pointer', () => {
    const pod = { name: 'api-5f6b8-m9d2c', namespace: 'shop' };
    assert.equal(
      withoutOwnCommand(
        'The process exited with an error: read the log of the previous instance (kubectl diag pods NAME shows its tail).',
        pod,
      ),
      'The process exited with an error: read the log of the previous instance.',
    );
    assert.equal(
      withoutOwnCommand(
        'Fix what pod api-5f6b8-m9d2c shows (kubectl diag pods api-5f6b8-m9d2c -n shop).',
        pod,
      ),
      'Fix what pod api-5f6b8-m9d2c shows.',
    );
    const others = [
      'Check the node (kubectl diag nodes).',
      'Fix the other pod (kubectl diag pods api-5f6b8-xxxxx -n shop).',
      'See them (kubectl diag pods -n shop -l app=api).',
    ];
    for (const hint of others) assert.equal(withoutOwnCommand(hint, pod), hint);
  });

  for (const pod of demoPods) {
    it(`never tells the user to run "kubectl diag pods ${pod.name}" again, in its own view`, async () => {
      const { stdout, error } = await runCommand(
        ['pods', pod.name, '-n', pod.namespace, '--demo', '--audit-log', audit],
        { root: ROOT },
      );
      assert.equal(error, undefined, error?.message);
      const findings = stdout.slice(stdout.indexOf('\nFindings:'));
      assert.ok(findings.length > 1, stdout);
      assert.doesNotMatch(findings, new RegExp(`kubectl diag pods (NAME|${pod.name})\\b`));
    });
  }

  it('reads like an incident: the crash loop restarted seconds ago in a pod under an hour old', async () => {
    const { stdout } = await runCommand(
      ['pods', 'api-5f6b8-m9d2c', '-n', 'shop', '--demo', '--audit-log', audit],
      { root: ROOT },
    );
    assert.match(stdout, /^Ready:\s+0\/1 {3}Restarts: 14 \(\d+s ago\) {3}Age: 52m$/m);
    assert.match(stdout, /^Controlled By:\s+ReplicaSet\/api-5f6b8 ← Deployment\/api$/m);
    assert.match(stdout, /^IP:\s+10\.244\.1\.13$/m);
    assert.match(
      stdout,
      /Message:\s+back-off 5m0s restarting failed container=app pod=api-5f6b8-m9d2c_shop\(/,
    );
  });
});
