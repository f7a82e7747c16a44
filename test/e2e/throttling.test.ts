// Throttling against a real kube-apiserver started with tight limits (a third plane, started and stopped
// by this file; test/cluster/throttled.ts): --max-requests-inflight=10 and an API Priority and Fairness
// level that rejects the viewer's flow under load, so a burst is answered 429 with Retry-After. The
// apiserver's own audit log is the witness of how the retries were spaced.

import assert from 'node:assert/strict';
import {
  containerStatus,
  podStatus,
  viewerUsername,
  type AuditEvent,
  type ControlPlane,
} from '../cluster/index.js';
import { startThrottledPlane, THROTTLED_LEVEL as LEVEL } from '../cluster/throttled.js';
import { burstOfDiagnosePods, serverLimitedMcp, viewerLandsIn } from './throttled-plane.js';
import { diag, readAudit } from './tool.js';

const THROTTLED_MESSAGE = `the API server is throttling requests (flow schema "${LEVEL}", priority level "${LEVEL}")`;

describe('throttling: a real apiserver with tight limits and an APF level that rejects the viewer', function () {
  this.timeout(180_000);
  let cp: ControlPlane;
  let ns: string;

  before(async function () {
    this.timeout(300_000);
    const plane = await startThrottledPlane(viewerLandsIn);
    cp = plane.cp;
    console.error(`e2e: throttled plane ${cp.server} ready in ${plane.seconds.toFixed(1)} s`);
    ns = await cp.seed.namespace();
    for (const name of ['api', 'worker', 'cron', 'web', 'db']) {
      await cp.seed.pod(ns, name, {
        status: podStatus({ containerStatuses: [containerStatus.oomKilled('app', { restartCount: 4 })] }),
      });
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
    const mcp = await serverLimitedMcp(cp);
    const since = new Date();
    let answers;
    try {
      answers = await burstOfDiagnosePods(mcp, 24, ns);
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
    const mcp = await serverLimitedMcp(cp, { maxRetries: 0 });
    let answers;
    try {
      answers = await burstOfDiagnosePods(mcp, 24, ns);
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
