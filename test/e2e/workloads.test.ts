// kubectl diag workloads and diagnose_workloads on the live plane: every workload status here is written by
// the real kube-controller-manager (deployment, replicaset, job, resourcequota controllers), the real
// admission plugins of kube-apiserver (ResourceQuota, ServiceAccount, PodSecurity, ValidatingAdmissionPolicy)
// and kwok playing the kubelets. No test writes a status; each waits for the component, then reads back.

import assert from 'node:assert/strict';
import type { ControlPlane, KubeObject } from '../cluster/index.js';
import { livePlane } from './setup.js';
import { diag, mcpInMemory } from './tool.js';
import { findingOf, fromEnvelope, workloadsCommand, type Report } from './workloads-support.js';

describe('kubectl diag workloads on the real controllers (live plane)', function () {
  this.timeout(180_000);
  let cp: ControlPlane;
  let node: string;
  const ns: Record<string, string> = {};

  const { workloads, waitForFinding } = workloadsCommand(() => cp);
  const deployment = (
    namespace: string,
    name: string,
    podSpec: Record<string, unknown> = {},
  ): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10' }],
          nodeSelector: cp.scenario.onNode(node),
          terminationGracePeriodSeconds: 0,
          ...podSpec,
        },
      },
    },
  });

  before(async function () {
    cp = livePlane();
    node = await cp.scenario.node();
    const [quota, account, security, policy, rollout, job, backoff] = await Promise.all(
      ['wl-quota', 'wl-sa', 'wl-pss', 'wl-vap', 'wl-roll', 'wl-job', 'wl-backoff'].map((p) =>
        cp.scenario.namespace(p),
      ),
    );
    Object.assign(ns, { quota, account, security, policy, rollout, job, backoff });
    await Promise.all([
      // ResourceQuota admission refuses the second and third pod.
      cp.scenario
        .resourceQuota(quota!, 'pods', { pods: '1' })
        .then(() =>
          cp.scenario.deployment(quota!, 'worker', { replicas: 3, nodeSelector: cp.scenario.onNode(node) }),
        ),
      // ServiceAccount admission refuses pods naming a missing account.
      cp.seed.create(deployment(account!, 'api', { serviceAccountName: 'builder' })),
      // PodSecurity admission: the namespace enforces "restricted"; a plain pod violates it.
      cp.seed
        .patch(
          { apiVersion: 'v1', kind: 'Namespace', name: security! },
          { metadata: { labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } },
        )
        .then(() => cp.seed.create(deployment(security!, 'root'))),
      // A ValidatingAdmissionPolicy (the in-process admission webhook replacement) denies every pod here.
      cp.seed
        .create({
          apiVersion: 'admissionregistration.k8s.io/v1',
          kind: 'ValidatingAdmissionPolicy',
          metadata: { name: `${policy}-deny` },
          spec: {
            failurePolicy: 'Fail',
            matchConstraints: {
              resourceRules: [
                { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] },
              ],
            },
            validations: [{ expression: 'false', message: 'pods of this namespace are refused by policy' }],
          },
        })
        .then(() =>
          cp.seed.create({
            apiVersion: 'admissionregistration.k8s.io/v1',
            kind: 'ValidatingAdmissionPolicyBinding',
            metadata: { name: `${policy}-deny-binding` },
            spec: {
              policyName: `${policy}-deny`,
              validationActions: ['Deny'],
              matchResources: {
                namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': policy! } },
              },
            },
          }),
        )
        .then(() =>
          // The policy is loaded asynchronously: probe with a bare pod until admission refuses it.
          cp.scenario.waitFor('the admission policy to deny pods', async () => {
            try {
              await cp.seed.create({
                apiVersion: 'v1',
                kind: 'Pod',
                metadata: { name: 'probe', namespace: policy },
                spec: { containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10' }] },
              });
            } catch (error) {
              if (/denied request/.test(String(error))) return true;
              throw error;
            }
            await cp.seed.delete({ apiVersion: 'v1', kind: 'Pod', namespace: policy, name: 'probe' });
            return undefined;
          }),
        )
        .then(() => cp.seed.create(deployment(policy!, 'api'))),
      // A healthy Deployment, then a rollout to an image kwok cannot pull.
      cp.scenario
        .deployment(rollout!, 'shop', { replicas: 2, nodeSelector: cp.scenario.onNode(node) })
        .then(() => cp.scenario.waitForDeploymentReady(rollout!, 'shop'))
        .then(() => cp.scenario.setImage(rollout!, 'shop', 'registry.invalid/shop:2.0')),
      // A Deployment that can never progress, with a 2 s progress deadline.
      cp.seed.create({
        ...deployment(rollout!, 'stalled', {
          containers: [{ name: 'app', image: 'registry.invalid/app:1' }],
        }),
        spec: {
          ...(deployment(rollout!, 'stalled', {
            containers: [{ name: 'app', image: 'registry.invalid/app:1' }],
          })['spec'] as Record<string, unknown>),
          progressDeadlineSeconds: 2,
        },
      }),
      // A Job whose container exits 2 (kwok's fault-exit-never-restarted stage plays the kubelet): the job
      // controller replaces the failed pod once, then fails the Job past backoffLimit 1.
      cp.seed.create({
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'report', namespace: backoff },
        spec: {
          backoffLimit: 1,
          template: {
            metadata: {
              annotations: {
                'faults.kubectl-diag.test/kind': 'crash-loop',
                'faults.kubectl-diag.test/exit-code': '2',
              },
            },
            spec: {
              restartPolicy: 'Never',
              containers: [{ name: 'report', image: 'registry.k8s.io/pause:3.10' }],
              nodeSelector: cp.scenario.onNode(node),
              terminationGracePeriodSeconds: 0,
            },
          },
        },
      }),
      // A Job whose pod can never be scheduled, with a 3 s active deadline: the job controller fails it.
      cp.seed.create({
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'migrate', namespace: job },
        spec: {
          activeDeadlineSeconds: 3,
          backoffLimit: 0,
          template: {
            spec: {
              restartPolicy: 'Never',
              containers: [{ name: 'job', image: 'registry.k8s.io/pause:3.10' }],
              nodeSelector: { 'kubernetes.io/hostname': 'no-such-node' },
            },
          },
        },
      }),
    ]);
  });

  after(async function () {
    if (ns['policy'])
      await cp.seed.delete({
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'ValidatingAdmissionPolicyBinding',
        name: `${ns['policy']}-deny-binding`,
      });
  });

  it('names the ResourceQuota, the resource, used/hard and what one pod asks when it stops the ReplicaSet', async function () {
    const f = await waitForFinding(ns['quota']!, 'worker', 'FailedCreateQuotaExceeded');
    assert.equal(f.severity, 'critical');
    assert.match(f.message, /ResourceQuota pods is exhausted \(pods used 1 of 1, one pod asks 1\)/);
    // The replicaset controller's words: "Error creating: %v" around the quota admission error.
    assert.match(
      f.evidence.join('\n'),
      /is forbidden: exceeded quota: pods, requested: pods=1, used: pods=1, limited: pods=1/,
    );
    assert.match(f.hint, /Raise pods in ResourceQuota pods/);
    const report = await workloads(ns['quota']!);
    const quota = report.quotas.find((q) => q.name === 'pods');
    assert.equal(quota?.findings[0]?.reason, 'QuotaNearLimit', 'the quota itself is at 100 %');
  });

  it('names the missing ServiceAccount the pod template asks for', async function () {
    const f = await waitForFinding(ns['account']!, 'api', 'FailedCreateServiceAccountMissing');
    assert.match(f.message, /ServiceAccount builder does not exist/);
    assert.match(f.hint, new RegExp(`kubectl create serviceaccount builder -n ${ns['account']}`));
  });

  it('kubectl diag pods -n X with no pods says which controller cannot create them and why', async function () {
    await waitForFinding(ns['account']!, 'api', 'FailedCreateServiceAccountMissing');
    const table = await diag(['pods', '-n', ns['account']!], { kubeconfig: cp.viewerKubeconfig });
    assert.equal(table.error, undefined, table.error?.message);
    assert.match(table.stdout, new RegExp(`No pods in namespace ${ns['account']}\\.`));
    assert.match(table.stdout, /Why: controllers here cannot create pods:/);
    assert.match(table.stdout, /FailedCreateServiceAccountMissing/);
    assert.match(table.stdout, /ServiceAccount builder does not exist/);
    const json = await diag(['pods', '-n', ns['account']!, '-o', 'json'], {
      kubeconfig: cp.viewerKubeconfig,
    });
    const envelope = JSON.parse(json.stdout) as {
      summary: {
        items: number;
        noPodsBecause?: { reason: string; object: { kind: string; name: string } }[];
      };
    };
    assert.equal(envelope.summary.items, 0);
    assert.equal(envelope.summary.noPodsBecause?.[0]?.reason, 'FailedCreateServiceAccountMissing');
    assert.equal(envelope.summary.noPodsBecause?.[0]?.object.kind, 'ReplicaSet');
    const mcp = await mcpInMemory({ kubeconfig: cp.viewerKubeconfig });
    try {
      const answer = await mcp.call('diagnose_pods', { namespace: ns['account'] });
      assert.equal(answer.isError, false, answer.text);
      assert.match(answer.text, /Controllers here cannot create pods:\n.*FailedCreateServiceAccountMissing/);
    } finally {
      await mcp.close();
    }
  });

  it('quotes the PodSecurity level and the violations', async function () {
    const f = await waitForFinding(ns['security']!, 'root', 'FailedCreatePodSecurity');
    assert.match(f.message, /violate PodSecurity "restricted:latest": .*allowPrivilegeEscalation != false/);
  });

  it('names the admission policy that denies the pods and its message', async function () {
    const f = await waitForFinding(ns['policy']!, 'api', 'FailedCreateWebhookDenied');
    assert.match(f.message, new RegExp(`ValidatingAdmissionPolicy "${ns['policy']}-deny"`));
    assert.match(f.message, /pods of this namespace are refused by policy/);
  });

  it("says a rollout is stuck and names the new revision's pod finding while the old pods serve", async function () {
    const f = await waitForFinding(ns['rollout']!, 'shop', 'RolloutStuck');
    assert.match(
      f.message,
      /rollout to revision 2 \(ReplicaSet shop-\w+\) is stuck: its pod shop-\S+ is (ErrImagePull|ImagePullBackOff) while 2 old pod\(s\) still serve/,
    );
    assert.match(f.hint, new RegExp(`kubectl rollout undo deployment/shop -n ${ns['rollout']}`));
  });

  it('reports ProgressDeadlineExceeded written by the deployment controller, with the pods cause', async function () {
    const f = await waitForFinding(ns['rollout']!, 'stalled', 'ProgressDeadlineExceeded');
    assert.match(f.message, /ReplicaSet "stalled-\w+" has timed out progressing/);
    assert.match(f.evidence[0]!, /Progressing=False ProgressDeadlineExceeded/);
  });

  it('reports a Job failed by the job controller for exceeding its active deadline', async function () {
    const f = await waitForFinding(ns['job']!, 'migrate', 'JobDeadlineExceeded');
    assert.match(
      f.evidence[0]!,
      /condition Failed=True DeadlineExceeded: Job was active longer than specified deadline/,
    );
    // The job controller deleted the pod at the deadline; what the scheduler said about it is kept.
    assert.match(
      f.message,
      /activeDeadlineSeconds 3; pod migrate-\w{5} \(deleted\) FailedScheduling: 0\/\d+ nodes are available: /,
    );
  });

  it("reports BackoffLimitExceeded written by the job controller, with the failed pod's exit and last log line", async function () {
    const first = await waitForFinding(ns['backoff']!, 'report', 'JobBackoffLimitExceeded');
    // pkg/controller/job/job_controller.go: newFailureCondition(BackoffLimitExceeded, "Job has reached the specified backoff limit")
    assert.match(
      first.evidence[0]!,
      /condition Failed=True BackoffLimitExceeded: Job has reached the specified backoff limit/,
    );
    assert.match(first.message, /Job failed after 2 failed pod\(s\) \(backoffLimit 1\); pod report-\w+ /);
    assert.match(first.message, /NonZeroExit: Container "report" exited with Error \(exit code 2\)/);
    // What the program said before it exited, served by the stand-in kubelet through the apiserver.
    const pods = await cp.scenario.pods(ns['backoff']!, 'job-name=report');
    assert.equal(pods.length, 2);
    for (const pod of pods)
      await cp.seed.setLogs(ns['backoff']!, pod.metadata!.name!, 'report', [
        'loading 1,204 rows',
        'fatal: relation "orders" does not exist',
      ]);
    const f = findingOf(await workloads(ns['backoff']!), 'report', 'JobBackoffLimitExceeded')!;
    assert.match(f.message, /last log line: fatal: relation "orders" does not exist$/);
    assert.match(
      f.evidence.join('\n'),
      /last log lines of pod report-\w+ container report:\n  loading 1,204 rows/,
    );
  });

  it('prints a table with the top finding, and answers the same through the MCP tool', async function () {
    await waitForFinding(ns['quota']!, 'worker', 'FailedCreateQuotaExceeded');
    const table = await diag(['deploy', 'worker', '-n', ns['quota']!], { kubeconfig: cp.viewerKubeconfig });
    assert.equal(table.error, undefined, table.error?.message);
    assert.match(table.stdout, /deployment\/worker\s+1\/3\s.*FailedCreateQuotaExceeded: cannot create pods/);
    assert.ok(
      table.audit.every((r) => r.method === 'GET'),
      'only reads',
    );
    const mcp = await mcpInMemory({ kubeconfig: cp.viewerKubeconfig });
    try {
      const answer = await mcp.call('diagnose_workloads', { namespace: ns['quota'] });
      assert.equal(answer.isError, false, answer.text);
      assert.match(
        answer.text,
        /\[critical\] FailedCreateQuotaExceeded: cannot create pods: ResourceQuota pods/,
      );
      const structured = answer.structured as unknown as Report;
      assert.equal(structured.workloads[0]?.name, 'worker');
      const bad = await mcp.call('diagnose_workloads', { namespace: '../kube-system' });
      assert.equal(bad.isError, true);
    } finally {
      await mcp.close();
    }
  });

  it('under a fence shows nothing of another namespace, even with -A', async function () {
    await waitForFinding(ns['quota']!, 'worker', 'FailedCreateQuotaExceeded');
    const result = await diag(['workloads', '-A', '-o', 'json', '--allowed-namespaces', ns['quota']!], {
      kubeconfig: cp.viewerKubeconfig,
    });
    assert.equal(result.error, undefined, result.error?.message);
    const report = fromEnvelope(result.stdout);
    assert.ok(report.workloads.length > 0);
    assert.deepEqual(
      [...new Set([...report.workloads, ...report.quotas].map((w) => w.namespace))],
      [ns['quota']],
    );
    assert.doesNotMatch(result.stdout, new RegExp(`${ns['rollout']}|${ns['account']}|shop-`));
  });

  it('describes a stuck rollout through describe_workload and get_rollout_status, on real controller data', async function () {
    await waitForFinding(ns['rollout']!, 'shop', 'RolloutStuck');
    const mcp = await mcpInMemory({ kubeconfig: cp.viewerKubeconfig });
    try {
      const described = await mcp.call('describe_workload', {
        kind: 'Deployment',
        name: 'shop',
        namespace: ns['rollout'],
      });
      assert.equal(described.isError, false, described.text);
      const d = described.structured as {
        workload: { findings: { reason: string }[] };
        revisions: { revision: string; images: string[] }[];
        pods: { name: string; ready: boolean; finding?: string }[];
        events: { reason: string; message: string }[];
      };
      assert.deepEqual(
        d.revisions.map((r) => [r.revision, r.images]),
        [
          ['2', ['registry.invalid/shop:2.0']],
          ['1', ['registry.k8s.io/pause:3.10']],
        ],
      );
      assert.equal(d.pods.filter((p) => p.ready).length, 2);
      assert.match(d.pods.find((p) => !p.ready)?.finding ?? '', /^(ErrImagePull|ImagePullBackOff): /);
      assert.ok(d.workload.findings.some((f) => f.reason === 'RolloutStuck'));
      // The deployment controller's own event: "Scaled up replica set %s from %d to %d" (pkg/controller/deployment/sync.go).
      assert.ok(
        d.events.some(
          (e) =>
            e.reason === 'ScalingReplicaSet' &&
            /^Scaled up replica set shop-\w+ from 0 to [12]$/.test(e.message),
        ),
      );
      assert.match(described.text, /^Deployment \S+\/shop: ready 2\/2, revision 2/);

      const rollout = await mcp.call('get_rollout_status', {
        kind: 'Deployment',
        name: 'shop',
        namespace: ns['rollout'],
      });
      const r = rollout.structured as Record<string, unknown>;
      assert.equal(r['done'], false);
      assert.equal(
        r['message'],
        'Waiting for deployment "shop" rollout to finish: 1 out of 2 new replicas have been updated...',
      );
      assert.deepEqual([r['currentRevision'], r['updateRevision']], ['1', '2']);
      const stalled = await mcp.call('get_rollout_status', {
        kind: 'Deployment',
        name: 'stalled',
        namespace: ns['rollout'],
      });
      await waitForFinding(ns['rollout']!, 'stalled', 'ProgressDeadlineExceeded');
      const again = await mcp.call('get_rollout_status', {
        kind: 'Deployment',
        name: 'stalled',
        namespace: ns['rollout'],
      });
      assert.equal(stalled.isError, false, stalled.text);
      assert.equal(
        (again.structured as Record<string, unknown>)['message'],
        'deployment "stalled" exceeded its progress deadline',
      );

      const missing = await mcp.call('describe_workload', {
        kind: 'StatefulSet',
        name: 'shop',
        namespace: ns['rollout'],
      });
      assert.equal(missing.isError, true);
      assert.match(missing.text, /StatefulSet "shop" not found/);
    } finally {
      await mcp.close();
    }
  });

  it("lists failed Jobs through list_jobs with the cause, and describes a Job's pods", async function () {
    await waitForFinding(ns['backoff']!, 'report', 'JobBackoffLimitExceeded');
    await waitForFinding(ns['job']!, 'migrate', 'JobDeadlineExceeded');
    const mcp = await mcpInMemory({ kubeconfig: cp.viewerKubeconfig });
    try {
      const listed = await mcp.call('list_jobs', { namespace: ns['job'], status: 'Failed' });
      assert.equal(listed.isError, false, listed.text);
      const jobs = (
        listed.structured as {
          jobs: { name: string; status: string; findings: { reason: string; message: string }[] }[];
        }
      ).jobs;
      assert.deepEqual(
        jobs.map((j) => [j.name, j.status, j.findings[0]?.reason]),
        [['migrate', 'Failed', 'JobDeadlineExceeded']],
      );
      assert.match(jobs[0]!.findings[0]!.message, /\(deleted\) FailedScheduling: /);
      const described = await mcp.call('describe_workload', {
        kind: 'Job',
        name: 'report',
        namespace: ns['backoff'],
      });
      const d = described.structured as {
        pods: { finding?: string }[];
        podsTotal: number;
        conditions: { type: string; reason?: string }[];
      };
      assert.equal(d.podsTotal, 2);
      assert.ok(
        d.pods.every((p) => /Container "report" exited with Error \(exit code 2\)/.test(p.finding ?? '')),
      );
      assert.ok(d.conditions.some((c) => c.type === 'Failed' && c.reason === 'BackoffLimitExceeded'));
    } finally {
      await mcp.close();
    }
  });

  it('under a fence the workload tools refuse another namespace and list nothing of it', async function () {
    await waitForFinding(ns['backoff']!, 'report', 'JobBackoffLimitExceeded');
    const mcp = await mcpInMemory({ kubeconfig: cp.viewerKubeconfig, allowedNamespaces: ns['backoff'] });
    try {
      const refused = await mcp.call('describe_workload', {
        kind: 'Deployment',
        name: 'shop',
        namespace: ns['rollout'],
      });
      assert.equal(refused.isError, true);
      assert.match(refused.text, new RegExp(ns['rollout']!));
      const rollout = await mcp.call('get_rollout_status', {
        kind: 'Deployment',
        name: 'shop',
        namespace: ns['rollout'],
      });
      assert.equal(rollout.isError, true);
      const all = await mcp.call('list_jobs', { allNamespaces: true });
      assert.equal(all.isError, false, all.text);
      const namespaces = (all.structured as { jobs: { namespace: string }[] }).jobs.map((j) => j.namespace);
      assert.ok(namespaces.length > 0);
      assert.deepEqual([...new Set(namespaces)], [ns['backoff']]);
    } finally {
      await mcp.close();
    }
  });
});
