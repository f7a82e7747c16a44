import assert from 'node:assert/strict';
import type { Finding } from '../../../../src/diagnose/finding.js';
import type { Event } from '../../../../src/kube/types.js';
import {
  diagnoseController,
  diagnoseCronJob,
  diagnoseDeployment,
  diagnoseJob,
  diagnoseQuota,
  parseFailedCreate,
  type WorkloadPod,
} from '../../../../src/areas/workloads/rules.js';
import { WORKLOAD_REASONS } from '../../../../src/areas/workloads/reasons.js';
import type { Deployment, ResourceQuota } from '../../../../src/areas/workloads/types.js';

// The refusals below are in the API server's words: the replicaset controller records
// "Error creating: %v" (pkg/controller/controller_utils.go) around the admission error; the quota text is
// k8s.io/apiserver/pkg/admission/plugin/resourcequota/controller.go, the ServiceAccount text
// plugin/pkg/admission/serviceaccount/admission.go, PodSecurity k8s.io/pod-security-admission/admission.
const QUOTA =
  'Error creating: pods "worker-5d8f9c7b6-x2x9q" is forbidden: exceeded quota: compute, requested: limits.cpu=1,requests.cpu=500m, used: limits.cpu=2,requests.cpu=1500m, limited: limits.cpu=2,requests.cpu=2';
const SERVICE_ACCOUNT =
  'Error creating: pods "api-6c9f-" is forbidden: error looking up service account shop/builder: serviceaccount "builder" not found';
const POD_SECURITY =
  'Error creating: pods "root-7f8d-abcde" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false), runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true)';
const WEBHOOK =
  'Error creating: admission webhook "images.policy.example.com" denied the request: image registry.example.com/app is not signed';
const POLICY =
  "Error creating: pods \"tagged-5c-abcde\" is forbidden: ValidatingAdmissionPolicy 'no-latest' with binding 'no-latest-binding' denied request: images must not use :latest";

function event(kind: string, name: string, reason: string, message: string): Event {
  return {
    metadata: { name: `${name}.1`, namespace: 'shop' },
    involvedObject: { kind, name, namespace: 'shop' },
    reason,
    message,
    type: 'Warning',
    count: 4,
    lastTimestamp: '2026-12-02T00:10:00Z',
  };
}

function pod(name: string, ready: boolean, findings: Partial<Finding>[] = []): WorkloadPod {
  return {
    name,
    ready,
    status: ready ? 'Running' : 'CrashLoopBackOff',
    findings: findings.map((f) => ({
      severity: 'critical',
      reason: 'CrashLoopBackOff',
      object: { kind: 'Pod', namespace: 'shop', name },
      message: 'container app exited 1 (Error), restarted 4 times',
      evidence: [],
      hint: '',
      ...f,
    })),
  };
}

function deployment(status: Deployment['status'], replicas = 3): Deployment {
  return {
    metadata: { name: 'web', namespace: 'shop', uid: 'd1' },
    spec: { replicas, progressDeadlineSeconds: 600 },
    status,
  };
}

const reasons = (findings: Finding[]) => findings.map((f) => f.reason);

describe('workload rules', () => {
  describe('FailedCreate causes', () => {
    it('parses an exceeded quota into quota, resources, what one pod asks, used and hard', () => {
      const cause = parseFailedCreate(QUOTA);
      assert.deepEqual(cause, {
        kind: 'quota',
        quota: 'compute',
        amounts: [
          { resource: 'limits.cpu', requested: '1', used: '2', hard: '2' },
          { resource: 'requests.cpu', requested: '500m', used: '1500m', hard: '2' },
        ],
      });
    });

    it('names the missing ServiceAccount, the webhook, the admission policy and the PodSecurity level', () => {
      assert.deepEqual(parseFailedCreate(SERVICE_ACCOUNT), {
        kind: 'serviceAccount',
        serviceAccount: 'builder',
      });
      const webhook = parseFailedCreate(WEBHOOK);
      assert.equal(webhook.kind, 'webhook');
      assert.match(webhook.kind === 'webhook' ? webhook.webhook : '', /images\.policy\.example\.com/);
      const policy = parseFailedCreate(POLICY);
      assert.equal(policy.kind === 'webhook' ? policy.message : '', 'images must not use :latest');
      const security = parseFailedCreate(POD_SECURITY);
      assert.equal(security.kind === 'podSecurity' ? security.level : '', 'restricted:latest');
      assert.deepEqual(parseFailedCreate('Error creating: Internal error occurred: etcd timeout'), {
        kind: 'other',
      });
    });

    it('reports a Deployment whose ReplicaSet hits a quota, with used/hard, the ask and the quota now', () => {
      const quota: ResourceQuota = {
        metadata: { name: 'compute', namespace: 'shop' },
        status: { hard: { 'requests.cpu': '2' }, used: { 'requests.cpu': '1500m' } },
      };
      const findings = diagnoseDeployment(
        deployment({
          replicas: 3,
          availableReplicas: 3,
          conditions: [
            {
              type: 'ReplicaFailure',
              status: 'True',
              reason: 'FailedCreate',
              message: QUOTA.replace(/^Error creating: /, ''),
            },
          ],
        }),
        { events: [], newPods: [], oldPods: [], quotas: [quota] },
      );
      assert.deepEqual(reasons(findings), ['FailedCreateQuotaExceeded']);
      assert.match(
        findings[0]!.message,
        /ResourceQuota compute is exhausted \(limits\.cpu used 2 of 2, one pod asks 1; requests\.cpu used 1500m of 2, one pod asks 500m\)/,
      );
      assert.match(findings[0]!.evidence.join('\n'), /quota compute now: requests\.cpu 1500m\/2/);
      assert.match(findings[0]!.hint, /Raise limits\.cpu, requests\.cpu in ResourceQuota compute/);
    });

    it('reads the cause from the FailedCreate event when there is no condition (StatefulSet, DaemonSet, Job)', () => {
      const object = { kind: 'StatefulSet', namespace: 'shop', name: 'db' };
      const cases: [string, string, RegExp][] = [
        [
          SERVICE_ACCOUNT,
          'FailedCreateServiceAccountMissing',
          /kubectl create serviceaccount builder -n shop/,
        ],
        [POD_SECURITY, 'FailedCreatePodSecurity', /"restricted:latest"/],
        [WEBHOOK, 'FailedCreateWebhookDenied', /admission webhook "images\.policy\.example\.com"/],
        ['Error creating: Internal error occurred: etcd timeout', 'FailedCreate', /quoted refusal/],
      ];
      for (const [message, reason, hint] of cases) {
        const findings = diagnoseController(object, {
          events: [event('StatefulSet', 'db', 'FailedCreate', message)],
          pods: [],
          quotas: [],
          wanted: 1,
          ready: 0,
        });
        assert.deepEqual(reasons(findings), [reason]);
        assert.match(findings[0]!.hint, hint);
        assert.match(findings[0]!.evidence[0]!, /event FailedCreate on StatefulSet\/db \(×4\)/);
      }
    });
  });

  describe('Deployments', () => {
    it('names the new revision and its pod finding when a rollout is stuck while old pods serve', () => {
      const findings = diagnoseDeployment(
        deployment({
          replicas: 4,
          readyReplicas: 3,
          availableReplicas: 3,
          updatedReplicas: 1,
          unavailableReplicas: 1,
        }),
        {
          events: [],
          newReplicaSet: { name: 'web-2', revision: '2' },
          newPods: [pod('web-2-a', false, [{}])],
          oldPods: [pod('web-1-a', true), pod('web-1-b', true), pod('web-1-c', true)],
          quotas: [],
        },
      );
      assert.deepEqual(reasons(findings), ['RolloutStuck']);
      assert.match(
        findings[0]!.message,
        /rollout to revision 2 \(ReplicaSet web-2\) is stuck: its pod web-2-a is CrashLoopBackOff while 3 old pod\(s\) still serve/,
      );
      assert.match(findings[0]!.hint, /kubectl rollout undo deployment\/web -n shop/);
    });

    it('reports ProgressDeadlineExceeded with the cause the new pods show', () => {
      const findings = diagnoseDeployment(
        deployment(
          {
            replicas: 1,
            availableReplicas: 0,
            conditions: [
              {
                type: 'Progressing',
                status: 'False',
                reason: 'ProgressDeadlineExceeded',
                message: 'ReplicaSet "web-2" has timed out progressing.',
              },
            ],
          },
          1,
        ),
        {
          events: [],
          newReplicaSet: { name: 'web-2', revision: '2' },
          newPods: [pod('web-2-a', false, [{}])],
          oldPods: [],
          quotas: [],
        },
      );
      assert.deepEqual(reasons(findings), ['ProgressDeadlineExceeded', 'ReplicasUnavailable']);
      assert.match(findings[0]!.message, /ReplicaSet "web-2" has timed out progressing/);
      assert.match(findings[0]!.hint, /pod web-2-a: CrashLoopBackOff/);
      assert.equal(findings[1]!.severity, 'critical', 'no replica available at all');
    });

    it('links unavailable replicas to the pod finding that explains them, and says so when none does', () => {
      const withCause = diagnoseDeployment(
        deployment({ replicas: 2, readyReplicas: 1, availableReplicas: 1 }, 2),
        {
          events: [],
          newPods: [
            pod('web-a', true),
            pod('web-b', false, [{ reason: 'ImagePullBackOff', message: 'pulling x' }]),
          ],
          oldPods: [],
          quotas: [],
        },
      );
      assert.equal(withCause[0]!.severity, 'warning');
      assert.match(withCause[0]!.message, /1\/2 replicas available: pod web-b ImagePullBackOff/);
      assert.match(withCause[0]!.hint, /kubectl diag pods web-b -n shop/);
      const healthy = diagnoseDeployment(
        deployment({ replicas: 2, readyReplicas: 2, availableReplicas: 2 }, 2),
        {
          events: [],
          newPods: [pod('web-a', true), pod('web-b', true)],
          oldPods: [],
          quotas: [],
        },
      );
      assert.deepEqual(healthy, []);
    });
  });

  describe('Jobs, CronJobs and quotas', () => {
    it('reports BackoffLimitExceeded and DeadlineExceeded with the failing pod named', () => {
      const failed = (reason: string) =>
        diagnoseJob(
          {
            metadata: { name: 'migrate', namespace: 'shop' },
            spec: { backoffLimit: 2, activeDeadlineSeconds: 30 },
            status: {
              failed: 3,
              conditions: [
                {
                  type: 'Failed',
                  status: 'True',
                  reason,
                  message: 'Job has reached the specified backoff limit',
                },
              ],
            },
          },
          [],
          [pod('migrate-x', false, [{ reason: 'Error', message: 'container job exited 1' }])],
          [],
        );
      const backoff = failed('BackoffLimitExceeded');
      assert.deepEqual(reasons(backoff), ['JobBackoffLimitExceeded']);
      assert.match(
        backoff[0]!.message,
        /after 3 failed pod\(s\) \(backoffLimit 2\); pod migrate-x CrashLoopBackOff: Error: container job exited 1/,
      );
      assert.deepEqual(reasons(failed('DeadlineExceeded')), ['JobDeadlineExceeded']);
    });

    it('reports a suspended CronJob, and nothing for a running one', () => {
      const cron = {
        metadata: { name: 'nightly', namespace: 'shop' },
        spec: { schedule: '0 3 * * *', suspend: true },
      };
      assert.deepEqual(reasons(diagnoseCronJob(cron)), ['CronJobSuspended']);
      assert.deepEqual(diagnoseCronJob({ ...cron, spec: { ...cron.spec, suspend: false } }), []);
    });

    it('reports a quota at 90 % or more, as a warning once it is full, and not below 90 %', () => {
      const quota = (used: string): ResourceQuota => ({
        metadata: { name: 'compute', namespace: 'shop' },
        status: {
          hard: { pods: '10', 'requests.memory': '1Gi' },
          used: { pods: used, 'requests.memory': '100Mi' },
        },
      });
      assert.deepEqual(diagnoseQuota(quota('8')), []);
      const near = diagnoseQuota(quota('9'));
      assert.deepEqual(reasons(near), ['QuotaNearLimit']);
      assert.equal(near[0]?.severity, 'info');
      assert.match(near[0]!.message, /pods 9\/10 \(90 %\)/);
      assert.equal(diagnoseQuota(quota('10'))[0]?.severity, 'warning');
    });

    it('has a README meaning, a hint and documentation for every reason', () => {
      for (const [code, spec] of Object.entries(WORKLOAD_REASONS)) {
        assert.ok(spec.title.length > 20, code);
        assert.match(spec.docs, /^https:\/\/kubernetes\.io\/docs\//, code);
      }
    });
  });
});
