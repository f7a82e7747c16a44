// kubectl diag workloads on the controllers that write no condition for their trouble, on the live plane:
// the real statefulset, daemonset, cronjob and job controllers of kube-controller-manager, the real
// scheduler and kwok playing the kubelets. No test writes a status; each waits for the components.

import assert from 'node:assert/strict';
import type { ControlPlane } from '../cluster/index.js';
import { livePlane } from './setup.js';
import { mcpInMemory } from './tool.js';
import { workloadsCommand } from './workloads-support.js';

describe('kubectl diag workloads on StatefulSets, DaemonSets and CronJobs (live plane)', function () {
  this.timeout(180_000);
  let cp: ControlPlane;
  let ready: string;
  let tainted: string;
  const ns: Record<string, string> = {};
  const { workloads, waitForFinding } = workloadsCommand(() => cp);
  let cronCreated = 0;

  before(async function () {
    cp = livePlane();
    const pool = cp.seed.uniqueName('pool');
    [ready, tainted] = await Promise.all([
      cp.scenario.node(undefined, { labels: { pool } }),
      cp.scenario.node(undefined, {
        labels: { pool },
        taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }],
      }),
    ]);
    const [sts, ds, cron] = await Promise.all(
      ['wl-sts', 'wl-ds', 'wl-cron'].map((p) => cp.scenario.namespace(p)),
    );
    Object.assign(ns, { sts, ds, cron });
    const podSpec = (extra: Record<string, unknown> = {}) => ({
      containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10' }],
      terminationGracePeriodSeconds: 0,
      ...extra,
    });
    cronCreated = Date.now();
    await Promise.all([
      // OrderedReady: db-0's image never pulls (kwok's fault-image-pull-failed), so db-1 and db-2 never come.
      cp.seed.create({
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 'db', namespace: sts },
        spec: {
          replicas: 3,
          serviceName: 'db',
          selector: { matchLabels: { app: 'db' } },
          template: {
            metadata: { labels: { app: 'db' } },
            spec: podSpec({
              containers: [{ name: 'db', image: 'registry.invalid/db:1' }],
              nodeSelector: cp.scenario.onNode(ready),
            }),
          },
        },
      }),
      // Two Ready nodes of the pool; the daemonset controller leaves out the one with a taint it does not tolerate.
      cp.seed.create({
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: { name: 'agent', namespace: ds },
        spec: {
          selector: { matchLabels: { app: 'agent' } },
          template: { metadata: { labels: { app: 'agent' } }, spec: podSpec({ nodeSelector: { pool } }) },
        },
      }),
      // Every second, Forbid, and a Job whose pod no node can take: after the first run every start is skipped
      // (JobAlreadyActive once the minute of the Job name changes), and after 100 s the controller reports
      // too many missed start times.
      cp.seed.create({
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'report', namespace: cron },
        spec: {
          schedule: '@every 1s',
          concurrencyPolicy: 'Forbid',
          jobTemplate: {
            spec: {
              template: {
                spec: podSpec({
                  restartPolicy: 'Never',
                  nodeSelector: { 'kubernetes.io/hostname': 'no-such-node' },
                }),
              },
            },
          },
        },
      }),
      cp.seed.create({
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'nightly', namespace: cron },
        spec: {
          schedule: '0 3 * * *',
          suspend: true,
          jobTemplate: { spec: { template: { spec: podSpec({ restartPolicy: 'Never' }) } } },
        },
      }),
    ]);
  });

  after(async function () {
    // A CronJob firing every second would keep the controller busy for the rest of the run.
    if (ns['cron'])
      await cp.seed.delete({
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        namespace: ns['cron'],
        name: 'report',
      });
  });

  it('names the ordinal an OrderedReady StatefulSet waits on, with that pod finding', async function () {
    const f = await waitForFinding(ns['sts']!, 'db', 'StatefulSetBlockedOnOrdinal');
    assert.equal(f.severity, 'critical');
    assert.match(
      f.message,
      /^waits for pod db-0 \(ordinal 0\) to be Running and Ready; 2 pod\(s\) not created \(db-1, db-2\): (ErrImagePull|ImagePullBackOff): /,
    );
    assert.equal(f.evidence[0], 'podManagementPolicy OrderedReady, replicas 3, 0 ready');
    assert.match(f.hint, new RegExp(`kubectl diag pods db-0 -n ${ns['sts']}`));
    const pods = await cp.scenario.pods(ns['sts']!, 'app=db');
    assert.deepEqual(
      pods.map((p) => p.metadata!.name),
      ['db-0'],
      'the controller itself created only db-0',
    );
  });

  it('names the Ready node a DaemonSet skips and the taint it does not tolerate', async function () {
    await cp.scenario.waitForPods(ns['ds']!, 'app=agent', 'the agent pod on the untainted node', (p) =>
      Boolean((p['spec'] as { nodeName?: string } | undefined)?.nodeName === ready),
    );
    const f = await waitForFinding(ns['ds']!, 'agent', 'DaemonSetPodsMissing');
    assert.equal(f.severity, 'warning');
    assert.equal(
      f.message,
      `runs on 1 of 2 Ready node(s) its selector matches; missing on ${tainted} (taint dedicated=gpu:NoSchedule not tolerated)`,
    );
    // The controller agrees: it wants one pod only (desiredNumberScheduled 1).
    assert.match(f.evidence[0]!, /^status: desired 1, scheduled 1, ready [01]$/);
  });

  it('reports a suspended CronJob', async function () {
    const f = await waitForFinding(ns['cron']!, 'nightly', 'CronJobSuspended');
    assert.equal(f.message, 'suspended: schedule "0 3 * * *" starts no Job');
  });

  it('says a CronJob skips its runs under Forbid, naming the Job that still runs and its pod', async function () {
    const f = await waitForFinding(ns['cron']!, 'report', 'CronJobForbidBlocked', { timeoutMs: 90_000 });
    assert.match(
      f.message,
      /^schedule "@every 1s" skipped: Job report-\d+ \(started \S+\) still runs and concurrencyPolicy is Forbid; its pod report-\d+-\w+ \w+: /,
    );
    assert.match(
      f.evidence[0]!,
      /^event JobAlreadyActive \(×\d+, last \S+\): Not starting job because prior execution is running and concurrency policy is Forbid$/,
    );
  });

  it('reports the missed start times the cronjob controller counts', async function () {
    // The controller counts a start as missed 100 s after the last one it made; it is told no sooner.
    this.timeout(Math.max(30_000, cronCreated + 170_000 - Date.now()));
    const f = await waitForFinding(ns['cron']!, 'report', 'CronJobMissedSchedules', {
      timeoutMs: Math.max(20_000, cronCreated + 150_000 - Date.now()),
    });
    assert.match(
      f.message,
      /^start times missed: too many missed start times\. Set or decrease \.spec\.startingDeadlineSeconds or check clock skew; last scheduled \S+$/,
    );
    assert.match(f.hint, /previous Job still runs under concurrencyPolicy Forbid/);
    const report = await workloads(ns['cron']!);
    assert.deepEqual(
      report.workloads.find((w) => w.name === 'report')?.findings.map((x) => x.reason),
      ['CronJobForbidBlocked', 'CronJobMissedSchedules'],
    );
  });

  it('answers the same through diagnose_workloads', async function () {
    await waitForFinding(ns['sts']!, 'db', 'StatefulSetBlockedOnOrdinal');
    const mcp = await mcpInMemory({ kubeconfig: cp.viewerKubeconfig });
    try {
      const answer = await mcp.call('diagnose_workloads', { namespace: ns['sts'] });
      assert.equal(answer.isError, false, answer.text);
      assert.match(answer.text, /StatefulSetBlockedOnOrdinal: waits for pod db-0 \(ordinal 0\)/);
    } finally {
      await mcp.close();
    }
  });

  it('describes the StatefulSet, its rollout, the DaemonSet and the CronJob through the workload tools', async function () {
    await waitForFinding(ns['sts']!, 'db', 'StatefulSetBlockedOnOrdinal');
    await waitForFinding(ns['cron']!, 'report', 'CronJobForbidBlocked', { timeoutMs: 90_000 });
    const mcp = await mcpInMemory({ kubeconfig: cp.viewerKubeconfig });
    try {
      const sts = await mcp.call('describe_workload', {
        kind: 'StatefulSet',
        name: 'db',
        namespace: ns['sts'],
      });
      assert.equal(sts.isError, false, sts.text);
      const s = sts.structured as {
        revisions: { revision: string; images: string[] }[];
        pods: { name: string; finding?: string }[];
      };
      // The statefulset controller's ControllerRevision of the template.
      assert.deepEqual(
        s.revisions.map((r) => r.revision),
        ['1'],
      );
      assert.deepEqual(
        s.pods.map((p) => p.name),
        ['db-0'],
      );
      assert.match(s.pods[0]!.finding ?? '', /^(ErrImagePull|ImagePullBackOff): /);
      const rollout = await mcp.call('get_rollout_status', {
        kind: 'StatefulSet',
        name: 'db',
        namespace: ns['sts'],
      });
      assert.equal(
        (rollout.structured as Record<string, unknown>)['message'],
        'Waiting for 3 pods to be ready...',
      );
      assert.equal(
        ((rollout.structured as Record<string, unknown>)['findings'] as { reason: string }[])[0]?.reason,
        'StatefulSetBlockedOnOrdinal',
      );
      const agent = await mcp.call('get_rollout_status', {
        kind: 'DaemonSet',
        name: 'agent',
        namespace: ns['ds'],
      });
      assert.equal(agent.isError, false, agent.text);
      assert.match(String((agent.structured as Record<string, unknown>)['message']), /daemon set "agent"/);
      const cron = await mcp.call('describe_workload', {
        kind: 'CronJob',
        name: 'report',
        namespace: ns['cron'],
      });
      const c = cron.structured as {
        revisions: { name: string; revision: string }[];
        pods: { finding?: string }[];
      };
      assert.ok(
        c.revisions.some((j) => /^report-\d+$/.test(j.name) && j.revision === 'Running'),
        JSON.stringify(c.revisions),
      );
      assert.ok(c.pods.length >= 1);
    } finally {
      await mcp.close();
    }
  });
});
