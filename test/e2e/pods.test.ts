// kubectl diag pods and the pod MCP tools, against the real control plane as diagnostic-viewer:
// one seeded pod per finding, then the command and every tool read them back.

import assert from 'node:assert/strict';
import { containerStatus, coreEvent, podStatus, unschedulablePodStatus } from '../cluster/index.js';
import type { ControlPlane, KubeObject } from '../cluster/index.js';
import { controlPlane } from './setup.js';
import { diag, mcpInMemory, mcpForBlock } from './tool.js';

/** Pod name → the finding reasons kubectl-diag must report for it. */
const EXPECTED: Record<string, string[]> = {
  healthy: [],
  crashloop: ['CrashLoopBackOff'],
  oom: ['CrashLoopBackOff', 'OOMKilled'],
  imagepull: ['ImagePullBackOff'],
  errimagepull: ['ErrImagePull'],
  invalidimage: ['InvalidImageName'],
  configerror: ['CreateContainerConfigError'],
  unschedulable: ['Unschedulable'],
  probes: ['LivenessProbeFailed', 'ReadinessProbeFailed'],
  evicted: ['Evicted'],
  failedjob: ['NonZeroExit'],
  terminating: ['StuckTerminating'],
  creating: ['StuckContainerCreating'],
  restarts: ['FrequentRestarts'],
};

/** A Pending pod whose container waits with this reason and message (what the kubelet writes). */
function pendingWaiting(reason: string, message: string) {
  return podStatus({
    phase: 'Pending',
    containerStatuses: [containerStatus.waiting('app', reason, message)],
  });
}

function podEvent(
  cp: ControlPlane,
  ns: string,
  pod: string,
  reason: string,
  message: string,
  extra: Partial<KubeObject> = {},
) {
  const event = coreEvent(ns, { involvedObject: { kind: 'Pod', name: pod }, reason, message, count: 4 });
  return cp.seed.create({
    ...event,
    involvedObject: { ...(event['involvedObject'] as object), fieldPath: 'spec.containers{app}' },
    ...extra,
  });
}

async function seedPodScenarios(cp: ControlPlane, ns: string, node: string): Promise<void> {
  const s = cp.seed;
  await Promise.all([
    s.pod(ns, 'healthy', {
      node,
      labels: { app: 'web' },
      status: podStatus({ containerStatuses: [containerStatus.running('app')] }),
    }),
    s.pod(ns, 'crashloop', {
      node,
      labels: { app: 'api' },
      status: podStatus({
        containerStatuses: [containerStatus.crashLoopBackOff('app', { restartCount: 7, exitCode: 1 })],
      }),
    }),
    s.pod(ns, 'oom', {
      node,
      labels: { app: 'api' },
      containers: [{ name: 'app', resources: { limits: { memory: '128Mi' } } }],
      status: podStatus({ containerStatuses: [containerStatus.oomKilled('app', { restartCount: 4 })] }),
    }),
    s.pod(ns, 'imagepull', {
      node,
      status: podStatus({ phase: 'Pending', containerStatuses: [containerStatus.imagePullBackOff('app')] }),
    }),
    s.pod(ns, 'errimagepull', {
      node,
      status: podStatus({
        phase: 'Pending',
        containerStatuses: [containerStatus.imagePullBackOff('app', { reason: 'ErrImagePull' })],
      }),
    }),
    s.pod(ns, 'invalidimage', {
      node,
      status: pendingWaiting(
        'InvalidImageName',
        'Failed to apply default image tag "Registry/App:latest": invalid reference format',
      ),
    }),
    s.pod(ns, 'configerror', {
      node,
      status: pendingWaiting(
        'CreateContainerConfigError',
        `couldn't find key db-url in ConfigMap ${ns}/app-config`,
      ),
    }),
    s.pod(ns, 'unschedulable', {
      containers: [{ name: 'app', resources: { requests: { cpu: '64' } } }],
      status: unschedulablePodStatus(
        '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
      ),
    }),
    s.pod(ns, 'probes', {
      node,
      status: podStatus({
        containerStatuses: [containerStatus.running('app', { ready: false, restartCount: 2 })],
      }),
    }),
    s.pod(ns, 'evicted', {
      node,
      status: podStatus({
        phase: 'Failed',
        reason: 'Evicted',
        message: 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 50Mi.',
        containerStatuses: [],
      }),
    }),
    s.pod(ns, 'failedjob', {
      node,
      restartPolicy: 'Never',
      status: podStatus({
        phase: 'Failed',
        containerStatuses: [containerStatus.terminated('app', { exitCode: 3 })],
      }),
    }),
    s
      .pod(ns, 'terminating', {
        node,
        spec: {},
        status: podStatus({ containerStatuses: [containerStatus.running('app')] }),
      })
      .then(async (pod) => {
        await s.patch(pod, { metadata: { finalizers: ['example.com/cleanup'] } });
        await s.api.json('DELETE', `/api/v1/namespaces/${ns}/pods/terminating`, {
          kind: 'DeleteOptions',
          apiVersion: 'v1',
          gracePeriodSeconds: 0,
        });
      }),
    s.pod(ns, 'creating', {
      node,
      status: podStatus({
        phase: 'Pending',
        containerStatuses: [containerStatus.waiting('app', 'ContainerCreating')],
      }),
    }),
    s.pod(ns, 'restarts', {
      node,
      status: podStatus({
        containerStatuses: [
          {
            ...containerStatus.running('app', { restartCount: 9 }),
            lastState: {
              terminated: {
                exitCode: 137,
                reason: 'Error',
                finishedAt: new Date(Date.now() - 120_000).toISOString(),
              },
            },
          },
        ],
      }),
    }),
  ]);
  await Promise.all([
    podEvent(cp, ns, 'probes', 'Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503'),
    podEvent(
      cp,
      ns,
      'probes',
      'Unhealthy',
      'Liveness probe failed: Get "http://10.244.0.10:8080/healthz": dial tcp 10.244.0.10:8080: connect: connection refused',
    ),
    podEvent(
      cp,
      ns,
      'creating',
      'FailedMount',
      'MountVolume.SetUp failed for volume "config" : configmap "app-config" not found',
    ),
    podEvent(cp, ns, 'unschedulable', 'FailedScheduling', '0/3 nodes are available: 3 Insufficient cpu.', {
      source: { component: 'default-scheduler' },
    } as Partial<KubeObject>),
    s.setLogs(ns, 'crashloop', 'app', ['starting api', 'connecting to db']),
    s.setLogs(
      ns,
      'crashloop',
      'app',
      [
        'starting api',
        'loading config',
        'panic: runtime error: invalid memory address or nil pointer dereference',
      ],
      { previous: true },
    ),
    s.setLogs(
      ns,
      'healthy',
      'app',
      Array.from({ length: 300 }, (_, i) => `request ${i + 1} ok`),
    ),
  ]);
}

interface Summary {
  name: string;
  status: string;
  findings: { reason: string; severity: string; message: string; hint: string }[];
}

describe('kubectl diag pods (e2e, as diagnostic-viewer)', function () {
  let cp: ControlPlane;
  let ns: string;
  let node: string;

  before(async function () {
    cp = controlPlane();
    ns = await cp.seed.namespace(cp.seed.uniqueName('pods'));
    node = cp.seed.uniqueName('node');
    await cp.seed.node(node);
    await seedPodScenarios(cp, ns, node);
  });

  describe('the command', function () {
    it('finds every seeded problem, with the right reason codes', async function () {
      const { stdout, error } = await diag(['pods', '-n', ns, '-o', 'json']);
      assert.equal(error, undefined, error?.message);
      const report = JSON.parse(stdout) as {
        kind: string;
        items: Summary[];
        summary: { items: number; findings: Record<string, number> };
      };
      assert.equal(report.kind, 'PodList');
      assert.equal(report.summary.items, Object.keys(EXPECTED).length);
      for (const [pod, reasons] of Object.entries(EXPECTED)) {
        const summary = report.items.find((p) => p.name === pod);
        assert.ok(summary, `pod ${pod} listed`);
        assert.deepEqual(
          summary.findings.map((f) => f.reason).sort(),
          [...reasons].sort(),
          `findings of ${pod}`,
        );
      }
    });

    it('shows the real STATUS and the top finding in the table, with a summary line', async function () {
      const { stdout, error } = await diag(['pods', '-n', ns]);
      assert.equal(error, undefined, error?.message);
      assert.match(stdout, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+FINDING$/m);
      assert.match(
        stdout,
        /^crashloop\s+0\/1\s+CrashLoopBackOff\s+7\s+\S+\s+Container "app" keeps crashing: last exit Error \(exit code 1\), 7 restarts$/m,
      );
      assert.match(
        stdout,
        /^unschedulable\s+0\/1\s+Pending: Unschedulable\s+0\s+\S+\s+Pod cannot be scheduled: 0\/3 nodes are available: 3 Insufficient cpu\. preemption: /m,
      );
      assert.match(stdout, /^oom\s+0\/1\s+CrashLoopBackOff\s+4\b/m);
      assert.match(stdout, /^imagepull\s+0\/1\s+ImagePullBackOff\b/m);
      assert.match(stdout, /^terminating\s+1\/1\s+Terminating\b/m);
      assert.match(stdout, /^healthy\s+1\/1\s+Running\s+0\s+\S+\s*$/m);
      assert.match(
        stdout,
        /^14 pods in namespace \S+, 13 with findings \(\d+ findings: \d+ critical, \d+ warning\)\.$/m,
      );
      const first = stdout.split('\n').findIndex((l) => /^\d+ pods in namespace/.test(l));
      assert.ok(first < stdout.indexOf('NAME'), 'the summary is above the table');
      assert.ok(stdout.indexOf('\ncrashloop ') < stdout.indexOf('\nhealthy '), 'problems first');
    });

    it('adds node, IP and the last exit with -o wide', async function () {
      const { stdout } = await diag(['pods', '-n', ns, '-o', 'wide']);
      assert.match(stdout, /NODE\s+IP\s+LAST EXIT/);
      assert.match(
        stdout,
        new RegExp(`^oom\\s.*${node}\\s+10\\.244\\.0\\.10\\s+app: OOMKilled \\(exit code 137\\)`, 'm'),
      );
    });

    it('describes one crash-looping pod with events, the previous log and hints', async function () {
      const { stdout, error } = await diag(['pods', 'crashloop', '-n', ns]);
      assert.equal(error, undefined, error?.message);
      assert.match(stdout, /^Name:\s+crashloop$/m);
      assert.match(stdout, new RegExp(`^Namespace:\\s+${ns}$`, 'm'));
      assert.match(
        stdout,
        /Log \(previous instance of app, last 50 lines\):\n {2}starting api\n {2}loading config\n {2}panic: runtime error/,
      );
      assert.match(
        stdout,
        /CRITICAL CrashLoopBackOff: Container "app" keeps crashing: last exit Error \(exit code 1\), 7 restarts/,
      );
      assert.match(stdout, /→ The process exited with an error/);
    });

    it('describes a pod with probe failures and shows its events', async function () {
      const { stdout } = await diag(['pods', 'probes', '-n', ns]);
      assert.match(stdout, /Events:\n\s+LAST SEEN\s+TYPE\s+REASON\s+COUNT\s+MESSAGE/);
      assert.match(stdout, /Warning\s+Unhealthy\s+4\s+Liveness probe failed/);
      assert.match(stdout, /LivenessProbeFailed: Liveness probe of container "app" is failing \(4 times/);
    });

    it('filters with a label selector and lists all namespaces with -A', async function () {
      const { stdout } = await diag(['pods', '-n', ns, '-l', 'app=api', '-o', 'json']);
      assert.deepEqual(
        (JSON.parse(stdout) as { items: Summary[] }).items.map((p) => p.name),
        ['crashloop', 'oom'],
      );
      const all = await diag(['pods', '-A']);
      assert.match(all.stdout, /^NAMESPACE\s+NAME\s+READY/m);
      assert.match(all.stdout, new RegExp(`^${ns}\\s+crashloop\\s`, 'm'));
    });

    it('makes three list calls whatever the number of pods', async function () {
      const small = await cp.seed.namespace(cp.seed.uniqueName('few'));
      await cp.seed.pod(small, 'one', {
        node,
        status: podStatus({ containerStatuses: [containerStatus.running('app')] }),
      });
      const big = await diag(['pods', '-n', ns]);
      const few = await diag(['pods', '-n', small]);
      const reads = (r: typeof big) =>
        r.audit.filter((a) => a.decision === 'allowed').map((a) => a.path.split('?')[0]);
      assert.deepEqual(reads(big).sort(), [
        `/api/v1/namespaces/${ns}/events`,
        `/api/v1/namespaces/${ns}/persistentvolumeclaims`,
        `/api/v1/namespaces/${ns}/pods`,
      ]);
      assert.equal(reads(few).length, reads(big).length);
      assert.ok(
        big.audit.every((a) => a.caller?.name === 'pods'),
        'every request is attributed to the command',
      );
    });
  });

  describe('bad input gets a clear error', function () {
    it('an unknown namespace', async function () {
      const { error } = await diag(['pods', '-n', 'no-such-namespace']);
      assert.match(error?.message ?? '', /Namespace "no-such-namespace" not found/);
      assert.equal(error?.oclif?.exit, 6);
    });
    it('a pod that does not exist', async function () {
      const { error } = await diag(['pods', 'nope', '-n', ns]);
      assert.match(error?.message ?? '', new RegExp(`Pod "nope" not found in namespace "${ns}"`));
    });
    it('a malformed label selector, before any request', async function () {
      const { error, audit } = await diag(['pods', '-n', ns, '-l', 'app in (web']);
      assert.match(error?.message ?? '', /invalid label selector "app in \(web": unbalanced/);
      assert.equal(error?.oclif?.exit, 2);
      assert.deepEqual(audit, []);
    });
    it('a pod name with "/" or ".."', async function () {
      for (const name of ['../secrets', 'a/b']) {
        const { error, audit } = await diag(['pods', name, '-n', ns]);
        assert.match(error?.message ?? '', /must be a pod name/);
        assert.deepEqual(audit, []);
      }
    });
    it('a namespace outside --allowed-namespaces, refused before it is sent', async function () {
      const since = new Date();
      const { error, audit } = await diag(['pods', '-n', ns, '--allowed-namespaces', 'default']);
      assert.match(error?.message ?? '', new RegExp(`namespace "${ns}" is outside the allowed namespaces`));
      assert.equal(error?.oclif?.exit, 5);
      assert.ok(audit.length > 0 && audit.every((a) => a.decision === 'denied'));
      const arrived = await cp.auditEvents({ uriIncludes: `/namespaces/${ns}/pods`, since });
      assert.deepEqual(
        arrived.filter((e) => e.user?.username?.includes('diagnostic-viewer')),
        [],
      );
    });
    it('READ_ONLY=false', async function () {
      process.env.READ_ONLY = 'false';
      try {
        const { error } = await diag(['pods', '-n', ns]);
        assert.match(
          error?.message ?? '',
          /READ_ONLY=false is not supported: kubectl-diag has no write mode/,
        );
      } finally {
        delete process.env.READ_ONLY;
      }
    });
  });

  describe('the MCP tools', function () {
    const mcp = mcpForBlock();

    it('diagnose_pods returns only pods with findings, with counts', async function () {
      const answer = await mcp.call('diagnose_pods', { namespace: ns });
      assert.equal(answer.isError, false, answer.text);
      const report = answer.structured as { pods: Summary[]; totalPods: number; podsWithFindings: number };
      assert.equal(report.totalPods, 14);
      assert.equal(report.podsWithFindings, 13);
      assert.ok(!report.pods.some((p) => p.name === 'healthy'));
      assert.match(answer.text, /14 pods in namespace \S+; 13 with findings/);
      assert.match(
        answer.text,
        /\[critical\] OOMKilled: Container "app" was OOMKilled \(memory limit 128Mi\)/,
      );
    });

    it('list_pods_by_selector lists what the selector matches', async function () {
      const answer = await mcp.call('list_pods_by_selector', {
        namespace: ns,
        selector: 'app in (api, web)',
      });
      assert.deepEqual(
        (answer.structured as { pods: Summary[] }).pods.map((p) => p.name),
        ['crashloop', 'healthy', 'oom'],
      );
    });

    it('get_pod_status gives container states with exit codes and findings', async function () {
      const answer = await mcp.call('get_pod_status', { namespace: ns, pod: 'oom' });
      const result = answer.structured as {
        containers: { lastState: { reason: string; exitCode: number } }[];
        findings: Summary['findings'];
      };
      assert.deepEqual(result.containers[0]!.lastState, {
        ...result.containers[0]!.lastState,
        reason: 'OOMKilled',
        exitCode: 137,
      });
      // The OOM kill is the root cause, the crash loop its symptom (causedBy): root first.
      assert.deepEqual(
        result.findings.map((f) => f.reason),
        ['OOMKilled', 'CrashLoopBackOff'],
      );
      assert.match(answer.text, /last: terminated OOMKilled exit 137/);
    });

    it('get_pod_events lists the events of one pod', async function () {
      const answer = await mcp.call('get_pod_events', { namespace: ns, pod: 'creating' });
      const events = (answer.structured as { events: { reason: string; message: string }[] }).events;
      assert.deepEqual(
        events.map((e) => e.reason),
        ['FailedMount'],
      );
      assert.match(answer.text, /configmap "app-config" not found/);
    });

    it('get_pod_logs reads the previous instance of a crash-looping container', async function () {
      const answer = await mcp.call('get_pod_logs', { namespace: ns, pod: 'crashloop', previous: true });
      assert.equal(answer.isError, false, answer.text);
      assert.match(answer.text, /last 3 lines of previous instance of container app/);
      assert.match(answer.text, /panic: runtime error/);
    });

    it('get_pod_logs honours tailLines through the apiserver and the kubelet', async function () {
      const answer = await mcp.call('get_pod_logs', { namespace: ns, pod: 'healthy', tailLines: 5 });
      const result = answer.structured as { lines: number; text: string; container: string };
      assert.equal(result.lines, 5);
      assert.match(result.text, /request 300 ok\n$/);
      assert.doesNotMatch(result.text, /request 295 ok/);
    });

    it('get_pod_logs explains a container that never started', async function () {
      const answer = await mcp.call('get_pod_logs', { namespace: ns, pod: 'imagepull' });
      assert.equal(answer.isError, true);
      assert.match(answer.text, /no log for container "app" of pod .*imagepull: .*waiting to start/);
    });

    it('describe_pod gives everything in one call', async function () {
      const answer = await mcp.call('describe_pod', { namespace: ns, pod: 'crashloop' });
      const result = answer.structured as {
        log: { previous: boolean; text: string };
        findings: Summary['findings'];
      };
      assert.equal(result.log.previous, true);
      assert.match(result.log.text, /panic/);
      assert.equal(result.findings[0]!.reason, 'CrashLoopBackOff');
    });

    it('answers errors as isError results and stays up', async function () {
      const missing = await mcp.call('get_pod_status', { namespace: ns, pod: 'ghost' });
      assert.equal(missing.isError, true);
      assert.match(missing.text, /Pod "ghost" not found/);
      const unknownNs = await mcp.call('diagnose_pods', { namespace: 'no-such-ns' });
      assert.equal(unknownNs.isError, true);
      assert.match(unknownNs.text, /Namespace "no-such-ns" not found/);
      const ok = await mcp.call('get_pod_status', { namespace: ns, pod: 'healthy' });
      assert.equal(ok.isError, false);
    });

    it('refuses a namespace outside ALLOWED_NAMESPACES, and the request never reaches the apiserver', async function () {
      const fenced = await mcpInMemory({ env: { ALLOWED_NAMESPACES: 'default' } });
      const since = new Date();
      try {
        const answer = await fenced.call('get_pod_logs', { namespace: ns, pod: 'crashloop' });
        assert.equal(answer.isError, true);
        assert.match(answer.text, /outside the allowed namespaces/);
        const all = await fenced.call('diagnose_pods', { allNamespaces: true });
        assert.ok(
          !(all.structured as { pods: Summary[] & { namespace: string }[] }).pods.some(
            (p) => (p as unknown as { namespace: string }).namespace === ns,
          ),
        );
      } finally {
        await fenced.close();
      }
      const arrived = await cp.auditEvents({ uriIncludes: `/namespaces/${ns}/`, since });
      assert.deepEqual(
        arrived.filter((e) => e.user?.username?.includes('diagnostic-viewer')),
        [],
      );
    });
  });
});
