import assert from 'node:assert/strict';
import type { WorkloadReport } from '../../../../src/areas/workloads/schema.js';
import { workloadTables } from '../../../../src/areas/workloads/table.js';

const finding = {
  id: 'RolloutStuck@Deployment/shop/web',
  severity: 'critical' as const,
  reason: 'RolloutStuck',
  object: { kind: 'Deployment', namespace: 'shop', name: 'web' },
  message: 'rollout to revision 2 (ReplicaSet web-2) is stuck',
  evidence: ['new pod web-2-a ImagePullBackOff'],
  hint: 'roll back',
};

function report(extra: Partial<WorkloadReport> = {}): WorkloadReport {
  return {
    source: { kind: 'live', description: 'context "prod"', observedAt: '2026-12-02T06:00:00Z' },
    scope: { namespace: 'shop', allNamespaces: false },
    totals: { workloads: 2, quotas: 1 },
    counts: { critical: 1, warning: 0, info: 0 },
    workloads: [
      {
        kind: 'Deployment',
        namespace: 'shop',
        name: 'web',
        ready: '2/2',
        upToDate: 1,
        available: 2,
        revision: '2',
        createdAt: '2026-12-01T06:00:00Z',
        findings: [finding],
      },
      { kind: 'CronJob', namespace: 'shop', name: 'nightly', ready: '0 active', findings: [] },
    ],
    quotas: [{ namespace: 'shop', name: 'compute', used: { pods: '9' }, hard: { pods: '10' }, findings: [] }],
    ...extra,
  };
}

describe('workload table', () => {
  const plain = { color: false };

  it('prints a row per workload with kubectl columns, then quotas and the findings in full', () => {
    const out = workloadTables(report(), false, plain);
    assert.match(out, /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+FINDING$/m);
    assert.match(out, /^deployment\/web\s+2\/2\s+1\s+2\s+24h\s+RolloutStuck: rollout to revision 2/m);
    assert.match(out, /^cronjob\/nightly\s+0 active\s+\S+\s*$/m, 'no counts for a CronJob, no finding');
    assert.match(out, /Resource quotas[\s\S]*^\s+compute\s+pods 9\/10/m);
    assert.match(out, /Findings[\s\S]*new pod web-2-a ImagePullBackOff/);
    assert.doesNotMatch(out, /REVISION|NAMESPACE/);
  });

  it('adds NAMESPACE with -A and REVISION with -o wide; --no-headers prints rows only', () => {
    const all = report({ scope: { allNamespaces: true } });
    assert.match(
      workloadTables(all, true, plain),
      /^NAMESPACE\s+NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+REVISION\s+AGE\s+FINDING$/m,
    );
    const rows = workloadTables(all, false, { ...plain, headers: false });
    assert.equal(rows.split('\n').length, 2);
    assert.match(rows, /^shop\s+deployment\/web/);
  });

  it('says so when the namespace has no workload', () => {
    const out = workloadTables(
      report({ totals: { workloads: 0, quotas: 0 }, workloads: [], quotas: [] }),
      false,
      plain,
    );
    assert.equal(out, 'No workloads in namespace shop.');
  });
});
