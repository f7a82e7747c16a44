// Throttling against a real kube-apiserver started with tight limits (a third plane, started and stopped
// by this file): --max-requests-inflight=10 / --max-mutating-requests-inflight=5, and an API Priority and
// Fairness FlowSchema that puts the viewer's requests into a priority level of its own with the smallest
// share and `Reject` (no queues), so a burst is answered 429 with Retry-After (k8s.io/apiserver
// pkg/server/filters/priority-and-fairness.go). The apiserver's own audit log is the witness of how the
// retries were spaced.

import assert from 'node:assert/strict';
import {
  containerStatus,
  e2eThrottledStateDir,
  podStatus,
  startControlPlane,
  viewerUsername,
  type AuditEvent,
  type ControlPlane,
} from '../cluster/index.js';
import { openSession } from '../../src/cluster/session.js';
import { DEFAULT_THROTTLE } from '../../src/cluster/throttle.js';
import { diag, mcpInMemory, readAudit, tempAuditLog } from './tool.js';

const LEVEL = 'kubectl-diag-throttled';
const THROTTLED_MESSAGE = `the API server is throttling requests (flow schema "${LEVEL}", priority level "${LEVEL}")`;

/** The APF objects: every request of the viewer goes to a level with 1 share of the server's 15 seats. */
function flowControlObjects() {
  const apiVersion = 'flowcontrol.apiserver.k8s.io/v1';
  return [
    {
      apiVersion,
      kind: 'PriorityLevelConfiguration',
      metadata: { name: LEVEL },
      spec: {
        type: 'Limited',
        limited: {
          // ceil(15 seats × 1 / (245 shares of the defaults + 1)) = 1 request at a time.
          nominalConcurrencyShares: 1,
          lendablePercent: 0,
          borrowingLimitPercent: 0,
          limitResponse: { type: 'Reject' },
        },
      },
    },
    {
      apiVersion,
      kind: 'FlowSchema',
      metadata: { name: LEVEL },
      spec: {
        priorityLevelConfiguration: { name: LEVEL },
        // Before the defaults' service-accounts schema (9000) and global-default (9900).
        matchingPrecedence: 500,
        distinguisherMethod: { type: 'ByUser' },
        rules: [
          {
            subjects: [
              {
                kind: 'ServiceAccount',
                serviceAccount: { name: 'diagnostic-viewer', namespace: 'kube-system' },
              },
            ],
            resourceRules: [
              {
                verbs: ['*'],
                apiGroups: ['*'],
                resources: ['*'],
                clusterScope: true,
                namespaces: ['*'],
              },
            ],
            nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
          },
        ],
      },
    },
    // So the message can name them: list on the APF objects (without it, the UIDs are shown).
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'diagnostic-viewer-flowcontrol' },
      rules: [
        {
          apiGroups: ['flowcontrol.apiserver.k8s.io'],
          resources: ['flowschemas', 'prioritylevelconfigurations'],
          verbs: ['list'],
        },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'diagnostic-viewer-flowcontrol' },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: 'diagnostic-viewer-flowcontrol',
      },
      subjects: [{ kind: 'ServiceAccount', name: 'diagnostic-viewer', namespace: 'kube-system' }],
    },
  ];
}

describe('throttling: a real apiserver with tight limits and an APF level that rejects the viewer', function () {
  this.timeout(180_000);
  let cp: ControlPlane;
  let ns: string;

  before(async function () {
    this.timeout(300_000);
    const started = Date.now();
    cp = await startControlPlane({
      stateDir: e2eThrottledStateDir,
      limits: { maxRequestsInflight: 10, maxMutatingRequestsInflight: 5 },
      log: () => undefined,
    });
    console.error(
      `e2e: throttled plane ${cp.server} ready in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    ns = await cp.seed.namespace();
    for (const name of ['api', 'worker', 'cron', 'web', 'db']) {
      await cp.seed.pod(ns, name, {
        status: podStatus({ containerStatuses: [containerStatus.oomKilled('app', { restartCount: 4 })] }),
      });
    }
    for (const obj of flowControlObjects()) await cp.seed.createIfMissing(obj);
    // The APF configuration controller picks the objects up within a second or two: wait until the
    // viewer's reads are classified into the new level.
    const session = openSession({ kubeconfig: cp.viewerKubeconfig, auditLog: tempAuditLog(), env: {} });
    try {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const info = await session.cluster.access!.flowControl!();
        if (info?.flowSchema === LEVEL) break;
        if (Date.now() > deadline) throw new Error(`viewer still classified as ${JSON.stringify(info)}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    } finally {
      await session.close();
    }
  });

  after(async function () {
    await cp?.stop();
  });

  it('doctor reports the flow schema and priority level the viewer lands in', async function () {
    const { stdout, error } = await diag(['doctor', '-o', 'json'], { kubeconfig: cp.viewerKubeconfig });
    const report = JSON.parse(stdout) as { items: { name: string; status: string; summary: string }[] };
    const flow = report.items.find((c) => c.name === 'flow control');
    assert.ok(flow, `no flow control check in ${stdout.slice(0, 400)} (${error?.message ?? ''})`);
    assert.equal(flow.status, 'ok');
    assert.equal(
      flow.summary,
      `reads land in flow schema "${LEVEL}", priority level "${LEVEL}" (API Priority and Fairness)`,
    );
  });

  it('a burst of concurrent calls completes or fails with the clear message; retries wait as Retry-After asked', async function () {
    // The client-side limit off (qps 0) and a wide in-flight cap, so the server's limit is what is hit.
    const mcp = await mcpInMemory({
      kubeconfig: cp.viewerKubeconfig,
      throttle: { ...DEFAULT_THROTTLE, qps: 0, maxInflight: 64 },
    });
    const since = new Date();
    let answers;
    try {
      answers = await Promise.all(
        Array.from({ length: 24 }, () => mcp.call('diagnose_pods', { namespace: ns })),
      );
    } finally {
      await mcp.close();
    }
    const failed = answers.filter((a) => a.isError);
    for (const answer of failed) {
      assert.ok(answer.text.startsWith(THROTTLED_MESSAGE), `unexpected error: ${answer.text.slice(0, 300)}`);
    }
    for (const answer of answers)
      assert.doesNotMatch(answer.text, /\b429\b(?! Too Many Requests)|Too many requests, please try again/);
    for (const answer of answers.filter((a) => !a.isError))
      assert.match(answer.text, /OOMKilled/, 'a completed call carries the real answer');

    const records = readAudit(mcp.auditLog);
    const retries = records.filter((r) => r.decision === 'allowed' && r.retryOf !== undefined);
    assert.ok(retries.length > 0, 'the burst was throttled, so some requests were retried');
    const outcome = new Map(records.filter((r) => r.outcome).map((r) => [r.id, r]));

    const events = await cp.auditEvents({ user: viewerUsername, since, stage: 'ResponseComplete' });
    const byId = new Map<string, AuditEvent>(events.map((e) => [e.auditID, e]));
    const rejected = events.filter((e) => e.responseStatus?.code === 429);
    assert.ok(rejected.length > 0, 'the apiserver answered 429');
    const micros = (t: string) => Date.parse(t) + Number(/\.\d{3}(\d{3})Z$/.exec(t)?.[1] ?? 0) / 1000;
    const gaps: string[] = [];
    for (const retry of retries) {
      const asked = outcome.get(retry.retryOf!)?.retryAfterSeconds;
      const before = byId.get(retry.retryOf!);
      const after = byId.get(retry.id);
      assert.ok(before && after, `both attempts ${retry.retryOf} and ${retry.id} are in the apiserver's log`);
      assert.equal(before.responseStatus?.code, 429, 'only a throttled answer was retried');
      assert.ok(asked !== undefined, 'the 429 carried Retry-After');
      const gapMs = micros(after.requestReceivedTimestamp) - micros(before.stageTimestamp);
      gaps.push(`${gapMs.toFixed(0)}ms/${asked}s`);
      // Never sooner than asked; later only by the jitter (≤ 20 %) and the time to answer and send.
      assert.ok(gapMs >= asked * 1000, `retry ${retry.id} came ${gapMs} ms after a 429 asking ${asked} s`);
      assert.ok(
        gapMs <= asked * 1200 + 2000,
        `retry ${retry.id} came ${gapMs} ms after a 429 asking ${asked} s`,
      );
    }
    // The witness of this plane: the viewer sent only reads (and access reviews) here too.
    const writes = events.filter(
      (e) =>
        !['get', 'list', 'watch'].includes(e.verb) && e.objectRef?.resource !== 'selfsubjectaccessreviews',
    );
    assert.deepEqual(writes, []);
    console.error(
      `      ${answers.length - failed.length}/${answers.length} completed, ${rejected.length} answers 429, ${retries.length} retries (gap/asked: ${gaps.slice(0, 8).join(' ')}…)`,
    );
  });

  it('when retries run out, the call fails with the clear message, never a raw 429', async function () {
    // No retries at all, so the first 429 of the burst is what the caller sees.
    const mcp = await mcpInMemory({
      kubeconfig: cp.viewerKubeconfig,
      throttle: { ...DEFAULT_THROTTLE, qps: 0, maxInflight: 64, maxRetries: 0 },
    });
    let answers;
    try {
      answers = await Promise.all(
        Array.from({ length: 24 }, () => mcp.call('diagnose_pods', { namespace: ns })),
      );
    } finally {
      await mcp.close();
    }
    const failed = answers.filter((a) => a.isError);
    assert.ok(failed.length > 0, 'with one request at a time on the server, a burst of 24 is throttled');
    for (const answer of failed) {
      // The names come from a lookup that is itself rejected in such a burst: then the UIDs are shown.
      assert.match(
        answer.text,
        /^the API server is throttling requests \(flow schema ("kubectl-diag-throttled"|uid [0-9a-f-]+), priority level ("kubectl-diag-throttled"|uid [0-9a-f-]+)\); gave up after 1 attempt over \d+\.\ds/,
      );
      assert.doesNotMatch(answer.text, /\b429\b(?! Too Many Requests)|Too many requests, please try again/);
    }
    const records = readAudit(mcp.auditLog);
    assert.equal(records.filter((r) => r.retryOf !== undefined).length, 0, 'nothing was retried');
  });

  it('the client-side rate limit spaces requests as --qps and --burst say (apiserver audit log)', async function () {
    const since = new Date();
    const { error, audit } = await diag(['pods', '-n', ns, '--qps', '2', '--burst', '1'], {
      kubeconfig: cp.viewerKubeconfig,
    });
    assert.equal(error, undefined);
    const ids = new Set(audit.filter((r) => r.decision === 'allowed').map((r) => r.id));
    const received = (await cp.auditEvents({ user: viewerUsername, since, stage: 'ResponseComplete' }))
      .filter((e) => ids.has(e.auditID))
      .map((e) => Date.parse(e.requestReceivedTimestamp))
      .sort((a, b) => a - b);
    assert.ok(received.length >= 3, `${received.length} requests`);
    // Burst 1 at 2 per second: request k starts no sooner than k × 500 ms after the first. The first one's
    // arrival also waits for its connection and TLS handshake (hundreds of ms on a loaded machine), so the
    // spacing is measured from the second arrival on.
    received.forEach((t, k) => {
      if (k === 0) return;
      assert.ok(
        t - received[1]! >= (k - 1) * 500 - 100,
        `request ${k} arrived ${t - received[1]!} ms after the second`,
      );
    });
  });
});
