// Page sizes that back off when the API server pushes back, against the real kube-apiserver with tight
// limits (test/cluster/throttled.ts: an API Priority and Fairness level of one seat that rejects the
// viewer's flow under load). The witness is the apiserver's own audit log: the limit= each page of the
// viewer's pod lists arrived with.

import assert from 'node:assert/strict';
import { pod, viewerUsername, type AuditEvent, type ControlPlane } from '../cluster/index.js';
import { startThrottledPlane } from '../cluster/throttled.js';
import { DEFAULT_PAGING } from '../../src/cluster/paging.js';
import { burstOfDiagnosePods, serverLimitedMcp, viewerLandsIn } from './throttled-plane.js';
import { controlPlane } from './setup.js';
import { diag } from './tool.js';

const PODS = 1_000;

/** The viewer's lists of pods in `ns`, in the order they reached the apiserver, with their limit=. */
function podPages(events: AuditEvent[], ns: string) {
  return events
    .filter((e) => e.verb === 'list' && e.objectRef?.resource === 'pods' && e.objectRef.namespace === ns)
    .sort((a, b) => a.requestReceivedTimestamp.localeCompare(b.requestReceivedTimestamp))
    .map((e) => {
      const query = new URL(e.requestURI, 'https://x').searchParams;
      return {
        limit: Number(query.get('limit')),
        continued: query.has('continue'),
        code: e.responseStatus?.code,
        at: e.requestReceivedTimestamp,
        requestURI: e.requestURI,
      };
    });
}

describe('paging: page sizes back off on a real apiserver that throttles', function () {
  this.timeout(240_000);
  let cp: ControlPlane;
  let ns: string;

  before(async function () {
    this.timeout(300_000);
    const plane = await startThrottledPlane(viewerLandsIn);
    cp = plane.cp;
    ns = await cp.seed.namespace();
    const started = Date.now();
    await cp.seed.createMany(
      Array.from({ length: PODS }, (_, i) => pod(ns, `web-${i}`, { labels: { app: 'web' } })),
      { concurrency: 32 },
    );
    console.error(
      `e2e: throttled plane ready in ${plane.seconds.toFixed(1)} s, ${PODS} pods seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  });

  after(async function () {
    await cp?.stop();
  });

  it('halves the pages while the server answers 429 and grows them back to 500 once it is calm', async function () {
    const mcp = await serverLimitedMcp(cp);
    const since = new Date();
    let answers;
    let calmSince: Date;
    let calmLists = 0;
    try {
      answers = await burstOfDiagnosePods(mcp, 12, ns);
      // Then one list at a time (one seat is enough for one), until the size is back at the chunk size,
      // and one list more that asks for it: the first pages wait out the calm period at the small size,
      // then full fast pages double it.
      calmSince = new Date();
      const deadline = Date.now() + 60_000;
      for (let grown = false; !grown; calmLists++) {
        assert.ok(Date.now() < deadline, `still at ${mcp.live!.pageSize.limit} after ${calmLists} lists`);
        grown = mcp.live!.pageSize.limit === DEFAULT_PAGING.chunkSize;
        const pods = await mcp.live!.list('pods', { namespace: ns });
        assert.equal(pods.length, PODS, 'a list read in small pages is whole');
      }
    } finally {
      await mcp.close();
    }
    const shrinks = mcp.live!.pageSize.changes.filter((c) => c.to < c.from);
    const completed = answers.filter((a) => !a.isError);
    for (const answer of completed)
      assert.equal(answer.structured?.totalPods, PODS, 'a completed call saw every pod');
    for (const answer of answers.filter((a) => a.isError))
      assert.match(answer.text, /^the API server is throttling requests \(flow schema /);

    const events = await cp.auditEvents({ user: viewerUsername, since, stage: 'ResponseComplete' });
    const pages = podPages(events, ns);
    const burst = pages.filter((p) => Date.parse(p.at) < calmSince.getTime());
    const calm = pages.filter((p) => Date.parse(p.at) >= calmSince.getTime());
    const first429 = burst.findIndex((p) => p.code === 429);
    assert.ok(first429 >= 0, 'the burst was throttled on pod lists');
    // The first pages ask for kubectl's chunk size; the 429s are what made it shrink.
    assert.equal(burst[0]?.limit, 500);
    assert.ok(
      shrinks.some((c) => c.why.startsWith('throttled')),
      `shrunk for: ${shrinks.map((c) => c.why).join('; ')}`,
    );
    // After it, smaller pages: each size 500 halved, never below the floor of 50.
    const burstLimits = new Set(burst.map((p) => p.limit));
    for (const limit of burstLimits)
      assert.ok([500, 250, 125, 62, 50].includes(limit), `limit=${limit} is 500 halved`);
    assert.ok(burstLimits.has(250), 'pages shrank');
    // The calm lists: never throttled, the size only doubles (up to 500), from where the burst left it.
    assert.ok(calm.length > 0 && calm.every((p) => p.code === 200));
    calm.forEach((p, i) => {
      if (i === 0) return;
      const before = calm[i - 1]!.limit;
      assert.ok(
        p.limit === before || p.limit === Math.min(500, before * 2),
        `calm page ${i} asked ${p.limit} after ${before}`,
      );
    });
    assert.ok(calm[0]!.limit < 500, 'the calm lists start at the size the burst left');
    assert.equal(calm.at(-1)?.limit, 500, 'and end back at 500');
    const sizes = (list: typeof pages) => [...new Set(list.map((p) => p.limit))].join('→');
    console.error(
      `      ${completed.length}/12 calls completed; ${burst.length} pod pages in the burst (${burst.filter((p) => p.code === 429).length} answered 429), limits ${[...burstLimits].sort((a, b) => b - a).join('/')}; ${calmLists} calm lists, ${calm.length} pages, limits ${sizes(calm)}`,
    );
  });
});

describe('paging: --chunk-size on the static plane', function () {
  let ns: string;

  before(async function () {
    this.timeout(120_000);
    ns = await controlPlane().seed.namespace();
    await controlPlane().seed.createMany(
      Array.from({ length: 120 }, (_, i) => pod(ns, `api-${i}`, { labels: { app: 'api' } })),
      { concurrency: 16 },
    );
  });

  const podLists = async (since: Date) =>
    podPages(
      await controlPlane().auditEvents({ user: viewerUsername, since, stage: 'ResponseComplete' }),
      ns,
    );

  it('reads pods in pages of --chunk-size, as kubectl get --chunk-size does', async function () {
    const since = new Date();
    const { error, stdout } = await diag(['pods', '-n', ns, '--chunk-size', '50', '--no-headers']);
    assert.equal(error, undefined);
    assert.equal(stdout.trim().split('\n').length, 120, 'every pod listed once');
    const pages = await podLists(since);
    assert.deepEqual(
      pages.map((p) => [p.limit, p.continued]),
      [
        [50, false],
        [50, true],
        [50, true],
      ],
    );
  });

  it('reads them in one request with --chunk-size 0', async function () {
    const since = new Date();
    const { error } = await diag(['pods', '-n', ns, '--chunk-size', '0']);
    assert.equal(error, undefined);
    const pages = await podLists(since);
    assert.equal(pages.length, 1);
    assert.equal(pages[0]!.requestURI, `/api/v1/namespaces/${ns}/pods`);
  });

  it('refuses a negative --chunk-size before any request', async function () {
    const since = new Date();
    const { error, audit } = await diag(['pods', '-n', ns, '--chunk-size', '-5']);
    assert.match(error?.message ?? '', /--chunk-size -5 is out of range/);
    assert.equal(error?.oclif?.exit, 2);
    assert.deepEqual(audit, []);
    assert.deepEqual(await podLists(since), []);
  });
});
