// The README's first command: the built-in demo needs no cluster and shows the faults it promises.

import assert from 'node:assert/strict';
import { runCommand } from '@oclif/test';
import { fileURLToPath } from 'node:url';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const audit = join(mkdtempSync(join(tmpdir(), 'demo-test-')), 'audit.jsonl');

async function demo(args: string[]) {
  const result = await runCommand([...args, '--demo', '--audit-log', audit], { root: ROOT });
  assert.equal(result.error, undefined, result.error?.message);
  return result.stdout;
}

describe('the built-in demo (no cluster)', () => {
  it('kubectl diag pods -A --demo shows a crash loop, an OOMKill, an image pull error and an unschedulable pod', async () => {
    const out = await demo(['pods', '-A']);
    assert.match(out, /^source: snapshot .*demo\/cluster\.json \(kubectl-diag snapshot, taken /m);
    assert.match(out, /^shop\s+api-5f6b8-m9d2c\s+0\/1\s+CrashLoopBackOff\s+14\s/m);
    assert.match(
      out,
      /^shop\s+cache-0\s+.*OOMKilled: Container "redis" was OOMKilled \(memory limit 128Mi\)/m,
    );
    assert.match(out, /^shop\s+worker-6b7f9-tt5rn\s+0\/1\s+ImagePullBackOff\s/m);
    assert.match(
      out,
      /^shop\s+report-28861440-zq7km\s+0\/1\s+Pending: Unschedulable\s.*Insufficient memory/m,
    );
    assert.match(out, /^payments\s+checkout-84d5c-w4n8v\s.*ReadinessProbeFailed/m);
  });

  it('kubectl diag endpoints -A --demo shows a selector that matches nothing and a Service with no ready endpoints', async () => {
    const out = await demo(['endpoints', '-A']);
    assert.match(
      out,
      /^shop\s+frontend\s.*SelectorMatchesNoPods: Selector app=frontend matches no pods.*app=front-end/m,
    );
    assert.match(out, /^shop\s+api\s.*NoReadyEndpoints/m);
    assert.match(out, /^payments\s+checkout\s.*SomeEndpointsNotReady/m);
  });

  it('kubectl diag storage -A --demo shows a claim pending on a missing class and a Released volume', async () => {
    const out = await demo(['storage', '-A']);
    assert.match(out, /^shop\s+data\s+Pending\s.*PVCPendingClassNotFound/m);
    assert.match(out, /^pv-shop-logs-old\s.*Released\s.*PVReleased/m);
  });

  it('kubectl diag nodes --demo shows a NotReady node, a node under DiskPressure and a silent kubelet', async () => {
    const out = await demo(['nodes']);
    assert.match(out, /^node-3\s+NotReady\s.*NodeNotReady/m);
    assert.match(out, /^node-2\s+Ready\s+\S+\s+DiskPressure\s/m);
    assert.match(out, /^node-4\s+Unknown\s.*NodeStatusUnknown/m);
  });

  it('describes a pod from the demo with its previous log', async () => {
    const out = await demo(['pods', 'api-5f6b8-m9d2c', '-n', 'shop']);
    assert.match(out, /Log \(previous instance of app, last 50 lines\):\n {2}starting api v2\.3\.1/);
  });
});
