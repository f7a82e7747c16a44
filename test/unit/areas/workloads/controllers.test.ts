// Rules for the controllers that write no condition for their trouble: StatefulSets waiting on one ordinal,
// DaemonSets missing from nodes, CronJobs skipping or missing runs, and Jobs whose pods are gone. Event texts
// are the controllers' own words (kubernetes v1.36.3, files cited per constant).

import assert from 'node:assert/strict';
import {
  diagnoseCronJob,
  diagnoseDaemonSet,
  diagnoseJob,
  diagnoseStatefulSet,
  nodesMissingDaemonPods,
  ordinalOf,
  type SetPod,
} from '../../../../src/areas/workloads/rules.js';
import type { CronJob, DaemonSet, StatefulSet } from '../../../../src/areas/workloads/types.js';
import type { Finding } from '../../../../src/diagnose/finding.js';
import type { Event } from '../../../../src/kube/types.js';
import { makeNode } from '../../builders/nodes.js';

// pkg/controller/cronjob/cronjob_controllerv2.go
const ALREADY_ACTIVE = 'Not starting job because prior execution is running and concurrency policy is Forbid';
// pkg/controller/cronjob/utils.go
const TOO_MANY =
  'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew';

const reasons = (findings: Finding[]) => findings.map((f) => f.reason);

function event(kind: string, name: string, reason: string, message: string, type = 'Warning'): Event {
  return {
    metadata: { name: `${name}.1`, namespace: 'shop' },
    involvedObject: { kind, name, namespace: 'shop' },
    reason,
    message,
    type,
    count: 3,
    lastTimestamp: '2026-12-02T00:10:00Z',
  };
}

function setPod(name: string, ready: boolean, extra: Partial<SetPod> = {}): SetPod {
  return {
    name,
    ready,
    status: ready ? 'Running' : 'ImagePullBackOff',
    findings: ready
      ? []
      : [
          {
            id: `ImagePullBackOff@Pod/shop/${name}`,
            severity: 'critical',
            reason: 'ImagePullBackOff',
            object: { kind: 'Pod', namespace: 'shop', name },
            message: 'image registry.invalid/db:1 cannot be pulled',
            evidence: [],
            hint: '',
          },
        ],
    ...extra,
  };
}

describe('workload rules for StatefulSets, DaemonSets, CronJobs and gone Job pods', () => {
  describe('StatefulSets', () => {
    const set = (spec: Partial<NonNullable<StatefulSet['spec']>> = {}, status: StatefulSet['status'] = {}) =>
      ({
        metadata: { name: 'db', namespace: 'shop', uid: 's1' },
        spec: { replicas: 3, ...spec },
        status: { readyReplicas: 0, ...status },
      }) as StatefulSet;
    const facts = (pods: SetPod[]) => ({ events: [], pods, quotas: [] });

    it('reads the ordinal from the pod name and nothing else', () => {
      assert.equal(ordinalOf('db', 'db-12'), 12);
      assert.equal(ordinalOf('db', 'db-primary-0'), undefined);
      assert.equal(ordinalOf('db', 'dbx-0'), undefined);
    });

    it('names the ordinal an OrderedReady set waits on, its finding, and the pods not created', () => {
      const [f, ...rest] = diagnoseStatefulSet(set(), facts([setPod('db-0', false)]));
      assert.equal(rest.length, 0);
      assert.equal(f?.reason, 'StatefulSetBlockedOnOrdinal');
      assert.equal(f?.severity, 'critical');
      assert.equal(
        f?.message,
        'waits for pod db-0 (ordinal 0) to be Running and Ready; 2 pod(s) not created (db-1, db-2): ImagePullBackOff: image registry.invalid/db:1 cannot be pulled',
      );
      assert.match(f!.hint, /kubectl diag pods db-0 -n shop/);
    });

    it('counts from spec.ordinals.start and warns when some pods serve', () => {
      const [f] = diagnoseStatefulSet(
        set({ ordinals: { start: 5 } }, { readyReplicas: 1 }),
        facts([setPod('db-5', true), setPod('db-6', false)]),
      );
      assert.equal(f?.severity, 'warning');
      assert.match(f!.message, /pod db-6 \(ordinal 6\).*1 pod\(s\) not created \(db-7\)/);
    });

    it('names the pod a rolling update stopped at', () => {
      const [f] = diagnoseStatefulSet(
        set({}, { readyReplicas: 2, currentRevision: 'db-old', updateRevision: 'db-new' }),
        facts([setPod('db-0', true), setPod('db-1', true), setPod('db-2', false, { revision: 'db-new' })]),
      );
      assert.match(f!.message, /waits for pod db-2 \(ordinal 2\).*rolling update to revision db-new stopped/);
      assert.ok(f!.evidence.includes('currentRevision db-old, updateRevision db-new'));
    });

    it('does not block a Parallel set, and a FailedCreate refusal comes first', () => {
      const parallel = diagnoseStatefulSet(
        set({ podManagementPolicy: 'Parallel' }),
        facts([setPod('db-0', false)]),
      );
      assert.deepEqual(reasons(parallel), ['ReplicasUnavailable']);
      const refused = diagnoseStatefulSet(set(), {
        ...facts([setPod('db-0', false)]),
        events: [
          // pkg/controller/statefulset/stateful_pod_control.go recordPodEvent
          event(
            'StatefulSet',
            'db',
            'FailedCreate',
            'create Pod db-0 in StatefulSet db failed error: pods "db-0" is forbidden: error looking up service account shop/db: serviceaccount "db" not found',
          ),
        ],
      });
      assert.deepEqual(reasons(refused), ['FailedCreateServiceAccountMissing']);
    });
  });

  describe('DaemonSets', () => {
    const ds = (spec: Record<string, unknown> = {}): DaemonSet => ({
      metadata: { name: 'agent', namespace: 'shop', uid: 'ds1' },
      spec: {
        template: {
          spec: { containers: [{ name: 'a', image: 'agent:1' }], nodeSelector: { pool: 'a' }, ...spec },
        },
      },
      status: { desiredNumberScheduled: 1, currentNumberScheduled: 1, numberReady: 1 },
    });
    const gpu = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };
    const nodes = [
      makeNode('n1', { labels: { pool: 'a' } }),
      makeNode('n2', { labels: { pool: 'a' }, taints: [gpu] }),
      makeNode('n3', { labels: { pool: 'b' } }),
      makeNode('n4', { labels: { pool: 'a' }, ready: 'False' }),
      makeNode('n5', {
        labels: { pool: 'a' },
        unschedulable: true,
        taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }],
      }),
      makeNode('n6', {
        labels: { pool: 'a' },
        taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
      }),
    ];
    const pods = [setPod('agent-a', true, { node: 'n1' }), setPod('agent-c', true, { node: 'n5' })];

    it('names the Ready node its selector matches that runs none of its pods, and the taint', () => {
      const findings = diagnoseDaemonSet(ds(), { events: [], pods, quotas: [], nodes });
      assert.deepEqual(reasons(findings), ['DaemonSetPodsMissing']);
      assert.equal(
        findings[0]!.message,
        'runs on 2 of 3 Ready node(s) its selector matches; missing on n2 (taint dedicated=gpu:NoSchedule not tolerated)',
      );
      assert.match(findings[0]!.hint, /add a toleration for dedicated=gpu:NoSchedule/);
    });

    it('counts the tolerations the controller adds (a cordoned node) and the ones the template has', () => {
      const tolerating = ds({ tolerations: [{ key: 'dedicated', operator: 'Exists' }] });
      const { matching, missing } = nodesMissingDaemonPods(tolerating, pods, nodes);
      assert.equal(
        matching,
        3,
        'n1, n2 and the cordoned n5; not n3 (selector), n4 (not Ready), n6 (control plane)',
      );
      assert.deepEqual(missing, [{ node: 'n2', taint: undefined }]);
    });

    it('counts a pending pod made for a node (its affinity) as present', () => {
      const pending = [...pods, setPod('agent-b', false, { node: 'n2' })];
      assert.deepEqual(nodesMissingDaemonPods(ds(), pending, nodes).missing, []);
    });
  });

  describe('CronJobs', () => {
    const cron = (spec: Partial<NonNullable<CronJob['spec']>> = {}): CronJob => ({
      metadata: { name: 'nightly', namespace: 'shop' },
      spec: { schedule: '*/5 * * * *', concurrencyPolicy: 'Forbid', ...spec },
      status: { lastScheduleTime: '2026-12-02T00:00:00Z', active: [{ name: 'nightly-29000000' }] },
    });
    const active = [
      {
        name: 'nightly-29000000',
        startTime: '2026-12-02T00:00:01Z',
        pods: [setPod('nightly-29000000-abcde', false)],
      },
    ];

    it('says a run was skipped under Forbid, naming the Job that still runs and its pod finding', () => {
      const findings = diagnoseCronJob(cron(), {
        events: [event('CronJob', 'nightly', 'JobAlreadyActive', ALREADY_ACTIVE, 'Normal')],
        active,
        quotas: [],
      });
      assert.deepEqual(reasons(findings), ['CronJobForbidBlocked']);
      assert.match(
        findings[0]!.message,
        /^schedule "\*\/5 \* \* \* \*" skipped: Job nightly-29000000 \(started 2026-12-02T00:00:01Z\) still runs and concurrencyPolicy is Forbid; its pod nightly-29000000-abcde ImagePullBackOff/,
      );
      assert.match(
        findings[0]!.evidence[0]!,
        /event JobAlreadyActive \(×3, last 2026-12-02T00:10:00Z\): Not starting job/,
      );
    });

    it('says nothing of an old JobAlreadyActive once no Job is active', () => {
      const findings = diagnoseCronJob(cron(), {
        events: [event('CronJob', 'nightly', 'JobAlreadyActive', ALREADY_ACTIVE, 'Normal')],
        active: [],
        quotas: [],
      });
      assert.deepEqual(findings, []);
    });

    it('quotes missed start times and points at the block or at startingDeadlineSeconds', () => {
      const events = [event('CronJob', 'nightly', 'TooManyMissedTimes', TOO_MANY)];
      const blocked = diagnoseCronJob(cron(), { events, active, quotas: [] });
      assert.deepEqual(reasons(blocked), ['CronJobMissedSchedules']);
      assert.match(blocked[0]!.message, /start times missed: too many missed start times/);
      assert.match(blocked[0]!.hint, /previous Job still runs under concurrencyPolicy Forbid/);
      const allowed = diagnoseCronJob(cron({ concurrencyPolicy: 'Allow' }), {
        events,
        active: [],
        quotas: [],
      });
      assert.match(allowed[0]!.hint, /startingDeadlineSeconds/);
      const late = diagnoseCronJob(cron({ startingDeadlineSeconds: 10 }), {
        events: [
          event(
            'CronJob',
            'nightly',
            'MissSchedule',
            'Missed scheduled time to start a job: Wed, 02 Dec 2026 00:05:00 +0000',
          ),
        ],
        active: [],
        quotas: [],
      });
      assert.match(
        late[0]!.message,
        /Missed scheduled time to start a job: Wed, 02 Dec 2026 00:05:00 \+0000/,
      );
      assert.match(late[0]!.hint, /raise it/);
    });

    it('parses a Job the CronJob cannot create, and a suspended one reports only that', () => {
      const refused = diagnoseCronJob(cron({ concurrencyPolicy: 'Allow' }), {
        events: [
          event(
            'CronJob',
            'nightly',
            'FailedCreate',
            'Error creating job: jobs.batch "nightly-29000005" is forbidden: exceeded quota: jobs, requested: count/jobs.batch=1, used: count/jobs.batch=2, limited: count/jobs.batch=2',
          ),
        ],
        active: [],
        quotas: [],
      });
      assert.deepEqual(reasons(refused), ['FailedCreateQuotaExceeded']);
      assert.match(refused[0]!.message, /ResourceQuota jobs is exhausted \(count\/jobs.batch used 2 of 2/);
      assert.deepEqual(
        reasons(diagnoseCronJob(cron({ suspend: true }), { events: [], active, quotas: [] })),
        ['CronJobSuspended'],
      );
    });
  });

  describe('Jobs whose pods are gone', () => {
    it("quotes the deleted pod's Warning event when a Job ran past its deadline", () => {
      const [f] = diagnoseJob(
        {
          metadata: { name: 'migrate', namespace: 'shop' },
          spec: { activeDeadlineSeconds: 3 },
          status: {
            conditions: [
              // pkg/controller/job/job_controller.go
              {
                type: 'Failed',
                status: 'True',
                reason: 'DeadlineExceeded',
                message: 'Job was active longer than specified deadline',
              },
            ],
          },
        },
        [],
        [],
        [],
        undefined,
        [
          // pkg/scheduler/schedule_one.go: the FailedScheduling event of the pod the job controller deleted
          event(
            'Pod',
            'migrate-x7k2p',
            'FailedScheduling',
            "0/4 nodes are available: 4 node(s) didn't match Pod's node affinity/selector.",
          ),
        ],
      );
      assert.equal(f?.reason, 'JobDeadlineExceeded');
      assert.match(
        f!.message,
        /activeDeadlineSeconds 3; pod migrate-x7k2p \(deleted\) FailedScheduling: 0\/4 nodes are available/,
      );
      assert.ok(f!.evidence.includes('event FailedScheduling on deleted pod migrate-x7k2p (×3)'));
    });
  });
});
