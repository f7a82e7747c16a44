import assert from 'node:assert/strict';
import type { Finding } from '../../../../src/diagnose/finding.js';
import type { Event } from '../../../../src/kube/types.js';
import {
  diagnoseAutoscaler,
  diagnoseController,
  diagnoseCronJob,
  diagnoseDisruptionBudget,
  diagnoseDeployment,
  diagnoseJob,
  diagnoseQuota,
  parseFailedCreate,
  type WorkloadPod,
} from '../../../../src/areas/workloads/rules.js';
import { WORKLOAD_REASONS } from '../../../../src/areas/workloads/reasons.js';
import type {
  Deployment,
  HorizontalPodAutoscaler,
  ResourceQuota,
} from '../../../../src/areas/workloads/types.js';

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
      id: `CrashLoopBackOff@Pod/shop/${name}`,
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

  describe('autoscalers and disruption budgets', () => {
    // Conditions in the horizontal-pod-autoscaler controller's words (pkg/controller/podautoscaler/
    // horizontal.go; the missing request from replica_calculator.go, "no metrics" from metrics/client.go).
    const hpa = (conditions: NonNullable<HorizontalPodAutoscaler['status']>['conditions']) =>
      diagnoseAutoscaler(
        {
          metadata: { name: 'web', namespace: 'shop' },
          spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 3 },
          status: { currentReplicas: 3, desiredReplicas: 3, conditions },
        },
        [],
      );
    const cannotCompute = (error: string) =>
      hpa([
        { type: 'AbleToScale', status: 'True', reason: 'SucceededGetScale' },
        {
          type: 'ScalingActive',
          status: 'False',
          reason: 'FailedGetResourceMetric',
          message: `the HPA was unable to compute the replica count: ${error}`,
        },
      ]);

    it('names the container without a request when utilization cannot be computed', () => {
      const [f, ...rest] = cannotCompute(
        'failed to get cpu utilization: missing request for cpu in container app of Pod web-5d8f9-x2x9q',
      );
      assert.equal(rest.length, 0);
      assert.equal(f!.reason, 'HPAUnableToCompute');
      assert.match(f!.message, /Deployment\/web: container app of pod web-5d8f9-x2x9q has no cpu request/);
      assert.match(f!.hint, /Set resources.requests/);
    });

    it('points at the metrics pipeline when the metrics API returns nothing', () => {
      const [f] = cannotCompute(
        'failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API',
      );
      assert.match(f!.message, /the metrics API returns no data/);
      assert.match(f!.hint, /kubectl get apiservice v1beta1.metrics.k8s.io/);
      const [unready] = cannotCompute(
        'failed to get cpu utilization: did not receive metrics for targeted pods (pods might be unready)',
      );
      assert.match(unready!.message, /no usable metrics for its pods/);
      assert.match(unready!.hint, /metrics-server must be running/);
    });

    it('reports a capped autoscaler at maxReplicas, a scale it cannot read, and nothing when healthy', () => {
      const capped = hpa([
        { type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound' },
        {
          type: 'ScalingLimited',
          status: 'True',
          reason: 'TooManyReplicas',
          message: 'the desired replica count is more than the maximum replica count',
        },
      ]);
      assert.deepEqual(reasons(capped), ['HPAAtMaxReplicas']);
      assert.match(capped[0]!.message, /wants more than maxReplicas 3/);
      const slow = hpa([
        {
          type: 'ScalingLimited',
          status: 'True',
          reason: 'ScaleDownLimit',
          message: 'the desired replica count is decreasing faster than the maximum scale rate',
        },
      ]);
      assert.deepEqual(reasons(slow), ['HPAScalingLimited']);
      const noScale = hpa([
        {
          type: 'AbleToScale',
          status: 'False',
          reason: 'FailedGetScale',
          message:
            'the HPA controller was unable to get the target\'s current scale: deployments/scale.apps "web" not found',
        },
      ]);
      assert.deepEqual(reasons(noScale), ['HPAUnableToScale']);
      assert.deepEqual(
        hpa([
          { type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale' },
          { type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound' },
          { type: 'ScalingLimited', status: 'False', reason: 'DesiredWithinRange' },
        ]),
        [],
      );
    });

    it('reports a budget that allows no disruption, saying whether pods are unhealthy', () => {
      const pdb = (healthy: number, expected: number, allowed: number) =>
        diagnoseDisruptionBudget({
          metadata: { name: 'db', namespace: 'shop' },
          spec: { minAvailable: 2 },
          status: {
            currentHealthy: healthy,
            desiredHealthy: 2,
            expectedPods: expected,
            disruptionsAllowed: allowed,
          },
        });
      const tight = pdb(2, 2, 0);
      assert.deepEqual(reasons(tight), ['PDBAllowsNoDisruption']);
      assert.match(tight[0]!.message, /2 of 2 pods healthy, minAvailable 2 needs 2;/);
      assert.match(tight[0]!.hint, /Run more replicas than the budget needs/);
      assert.match(pdb(1, 2, 0)[0]!.hint, /unhealthy pods ready first/);
      assert.deepEqual(pdb(3, 3, 1), []);
      assert.deepEqual(pdb(0, 0, 0), [], 'a budget selecting no pod blocks nothing');
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

    it("adds the failed pod's last log line to the message and its tail to the evidence", () => {
      const [f] = diagnoseJob(
        {
          metadata: { name: 'report', namespace: 'shop' },
          spec: { backoffLimit: 0 },
          status: {
            failed: 1,
            conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' }],
          },
        },
        [],
        [],
        [],
        { pod: 'report-abcde', container: 'report', lines: ['loading', 'fatal: no such table', ''] },
      );
      assert.match(f!.message, /; last log line: fatal: no such table$/);
      assert.deepEqual(f!.evidence.slice(-3), [
        'last log lines of pod report-abcde container report:',
        '  loading',
        '  fatal: no such table',
      ]);
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
