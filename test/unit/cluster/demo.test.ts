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

  it('reads like an incident in progress: back-dated ages, restarts and heartbeats "ago", one IP per pod', async () => {
    const pods = await demo(['pods', '-A', '-o', 'wide']);
    const rows = pods.split('\n').filter((l) => /^(shop|payments)\s/.test(l));
    assert.equal(rows.length, 10);
    const column = (row: string, i: number) => row.split(/\s{2,}/)[i]!;
    // Nothing was just created: the healthy pods have run for days, the broken rollout is under an hour old.
    for (const row of rows) assert.doesNotMatch(column(row, 5), /^\d+s$/, row);
    assert.match(pods, /^shop\s+web-7d9c5-x2k4p\s.*\s3d4h\s/m);
    assert.match(pods, /^shop\s+api-5f6b8-m9d2c\s.*\s52m\s/m);
    const ips = rows.map((r) => column(r, 7)).filter((ip) => ip !== '<none>');
    assert.equal(ips.length, 9);
    assert.equal(new Set(ips).size, ips.length, `pod IPs repeat: ${ips.join(' ')}`);
    // The endpoints the Services list are those pods' IPs.
    const endpoints = await demo(['endpoints', 'checkout', '-n', 'payments']);
    assert.match(endpoints, /10\.244\.1\.22/);
    const nodes = await demo(['nodes']);
    assert.match(nodes, /^node-3\s+NotReady\s.*\s41d\s.*NotReady for 14m/m);
    assert.match(nodes, /^node-2\s.*under disk pressure \(for 23m\)/m);
    assert.match(nodes, /^node-4\s+Unknown\s.*stopped posting node status 10m ago/m);
    // A kubelet that still posts: its last heartbeat is seconds old.
    assert.match(await demo(['nodes', 'node-3']), /heartbeat[^\n]*\b\d+s ago/i);
  });

  it('describes a pod from the demo with its previous log', async () => {
    const out = await demo(['pods', 'api-5f6b8-m9d2c', '-n', 'shop']);
    assert.match(out, /Log \(previous instance of app, last 50 lines\):\n {2}starting api v2\.3\.1/);
  });
});
