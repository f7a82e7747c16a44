// Page sizes that adapt to the server: the pure sizer, and LiveCluster lists against a loopback server
// that pages like an apiserver (limit/continue) and slows down, times out or throttles on demand. The
// real apiserver's side (429s from API Priority and Fairness and the limit= it received) is in
// test/e2e/paging.test.ts.

import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ConfigError, ListExpired, RequestTimeout, ServerError } from '../../../src/cluster/errors.js';
import {
  DEFAULT_PAGING,
  PageSize,
  pagingOptions,
  serverTimedOut,
  type PagingOptions,
} from '../../../src/cluster/paging.js';
import { loopbackCluster } from '../support/loopback-cluster.js';

const paging = (over: Partial<PagingOptions> = {}): PagingOptions => ({ ...DEFAULT_PAGING, ...over });

describe('page size', () => {
  it('starts at kubectl’s 500, halves on a slow page and stops at the floor', () => {
    const size = new PageSize(paging({ slowPageMs: 100 }));
    const seen = [size.limit];
    for (let i = 0; i < 6; i++) {
      size.observe({ limit: size.limit!, items: size.limit!, ms: 150, throttled: false });
      seen.push(size.limit);
    }
    assert.deepEqual(seen, [500, 250, 125, 62, 50, 50, 50]);
  });

  it('halves on a throttled page however fast it was answered', () => {
    const size = new PageSize();
    size.observe({ limit: 500, items: 500, ms: 5, throttled: true });
    assert.equal(size.limit, 250);
  });

  it('grows back on full, fast pages, never past the chunk size', () => {
    const size = new PageSize(paging({ slowPageMs: 100, calmMs: 0 }));
    for (let i = 0; i < 4; i++) size.observe({ limit: size.limit!, items: 1, ms: 500, throttled: false });
    assert.equal(size.limit, 50);
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) {
      size.observe({ limit: size.limit!, items: size.limit!, ms: 10, throttled: false });
      seen.push(size.limit!);
    }
    assert.deepEqual(seen, [100, 200, 400, 500, 500]);
  });

  it('does not grow on a last, partial page or a merely not-slow one', () => {
    const size = new PageSize(paging({ slowPageMs: 100, calmMs: 0 }));
    size.observe({ limit: 500, items: 500, ms: 150, throttled: false });
    size.observe({ limit: 250, items: 12, ms: 1, throttled: false });
    size.observe({ limit: 250, items: 250, ms: 60, throttled: false });
    assert.equal(size.limit, 250);
  });

  it('judges a page by the limit it was asked with: concurrent lists do not shrink it twice', () => {
    const size = new PageSize(paging({ slowPageMs: 100, calmMs: 0 }));
    // Three lists asked for 500 at once; all three were slow.
    for (let i = 0; i < 3; i++) size.observe({ limit: 500, items: 500, ms: 300, throttled: false });
    assert.equal(size.limit, 250);
    // A stale fast page of 125 does not grow a size of 250 either.
    size.observe({ limit: 125, items: 125, ms: 1, throttled: false });
    assert.equal(size.limit, 250);
    assert.deepEqual(size.changes, [{ from: 500, to: 250, why: 'slow page: 300 ms' }]);
  });

  it('grows only once the server has been calm for a while', () => {
    let now = 0;
    const size = new PageSize(paging({ calmMs: 5_000 }), () => now);
    size.observe({ limit: 500, items: 500, ms: 10, throttled: true });
    const fast = () => size.observe({ limit: size.limit!, items: size.limit!, ms: 10, throttled: false });
    now = 4_999;
    fast();
    assert.equal(size.limit, 250, 'not yet');
    now = 5_000;
    fast();
    assert.equal(size.limit, 500);
  });

  it('with --chunk-size 0 asks for one unpaged list and never adapts', () => {
    const size = new PageSize(paging({ chunkSize: 0 }));
    assert.equal(size.limit, undefined);
    assert.equal(size.shrink(500, 'slow'), false);
    assert.equal(size.limit, undefined);
  });

  it('a chunk size below the floor is its own floor', () => {
    const size = new PageSize(paging({ chunkSize: 20 }));
    assert.equal(size.shrink(20, 'slow'), false);
    assert.equal(size.limit, 20);
  });

  it('refuses a --chunk-size that is negative, fractional or absurd, naming the flag', () => {
    for (const bad of [-1, 1.5, 10_001, Number.NaN])
      assert.throws(
        () => pagingOptions(bad),
        (e: unknown) => e instanceof ConfigError && /^--chunk-size .* is out of range$/.test(e.message),
      );
    assert.equal(pagingOptions(0).chunkSize, 0);
    assert.equal(pagingOptions(undefined).chunkSize, 500);
  });

  it('knows the ways an apiserver says it gave up in time', () => {
    // k8s.io/apiserver pkg/server/filters/timeout.go: apierrors.NewTimeoutError → 504, reason Timeout.
    const filter = JSON.stringify({
      kind: 'Status',
      status: 'Failure',
      message: 'Timeout: request did not complete within the allotted timeout',
      reason: 'Timeout',
      code: 504,
    });
    assert.equal(serverTimedOut({ status: 504, body: filter }), true);
    assert.equal(serverTimedOut({ status: 504, body: '<html>gateway timeout</html>' }), true);
    // apimachinery NewServerTimeout: 500, reason ServerTimeout.
    const storage = JSON.stringify({ kind: 'Status', reason: 'ServerTimeout', code: 500, message: 'x' });
    assert.equal(serverTimedOut({ status: 500, body: storage }), true);
    assert.equal(serverTimedOut({ status: 500, body: '{"kind":"Status","reason":"InternalError"}' }), false);
    assert.equal(serverTimedOut({ status: 503, body: '' }), false);
  });
});

/** A collection of `count` pods served in pages like an apiserver: continue = the next offset. */
function pagedPods(
  count: number,
  misbehave: (
    limit: number | undefined,
    offset: number,
  ) => { delayMs?: number; status?: number } = () => ({}),
) {
  const seen: { limit: number | undefined; offset: number }[] = [];
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '', 'http://x');
    const limitText = url.searchParams.get('limit');
    const limit = limitText === null ? undefined : Number(limitText);
    const offset = Number(url.searchParams.get('continue') ?? 0);
    seen.push({ limit, offset });
    const trouble = misbehave(limit, offset);
    const answer = () => {
      if (trouble.status) {
        res.statusCode = trouble.status;
        res.end(
          JSON.stringify({
            kind: 'Status',
            status: 'Failure',
            code: trouble.status,
            reason: trouble.status === 410 ? 'Expired' : 'Timeout',
            message:
              trouble.status === 410
                ? 'The provided continue parameter is too old to display a consistent list result.'
                : 'Timeout: request did not complete within the allotted timeout',
          }),
        );
        return;
      }
      const end = limit === undefined ? count : Math.min(count, offset + limit);
      const items = Array.from({ length: end - offset }, (_, i) => ({
        metadata: { name: `pod-${offset + i}`, namespace: 'shop' },
      }));
      res.end(
        JSON.stringify({
          items,
          metadata: { resourceVersion: '7', continue: end < count ? String(end) : '' },
        }),
      );
    };
    if (trouble.delayMs) setTimeout(answer, trouble.delayMs);
    else answer();
  };
  return { handler, seen, limits: () => seen.map((s) => s.limit) };
}

const names = (count: number) => Array.from({ length: count }, (_, i) => `pod-${i}`);

describe('paged lists against a server that slows down', () => {
  const loopback = loopbackCluster();

  it('shrinks the pages while the server is slow and grows them back once it is fast', async () => {
    // Slow (600 ms a page) for the first 900 pods, fast after.
    const pods = pagedPods(2_000, (_limit, offset) => ({ delayMs: offset < 900 ? 600 : 0 }));
    loopback.handler = pods.handler;
    const { cluster } = loopback.live({ paging: paging({ slowPageMs: 400, calmMs: 0 }) });
    const listed = await cluster.list('pods', { namespace: 'shop' });
    assert.deepEqual(
      listed.map((p) => p.metadata?.name),
      names(2_000),
      'every pod once, in order',
    );
    // Offsets 0, 500, 750, 875 are slow: 500 → 250 → 125 → 62 → 50 (the floor); then full, fast pages
    // double it back: 100, 200, 400 and 500 (the chunk size), where the last 313 pods fit.
    assert.deepEqual(pods.limits(), [500, 250, 125, 62, 50, 100, 200, 400, 500]);
  });

  it('asks a page the server timed out on (504) again, smaller, from the same continue token', async () => {
    // The apiserver's timeout filter answers 504 to any page over 120 pods.
    const pods = pagedPods(300, (limit) => (limit !== undefined && limit > 120 ? { status: 504 } : {}));
    loopback.handler = pods.handler;
    const { cluster, audit } = loopback.live();
    const listed = await cluster.list('pods', { namespace: 'shop' });
    assert.deepEqual(
      listed.map((p) => p.metadata?.name),
      names(300),
    );
    assert.deepEqual(pods.seen.slice(0, 4), [
      { limit: 500, offset: 0 },
      { limit: 250, offset: 0 },
      { limit: 125, offset: 0 },
      { limit: 62, offset: 0 },
    ]);
    assert.equal(audit.records.filter((r) => r.status === 504).length, 3, 'each 504 is audited');
    // The next list starts from what this one learnt (the server has not been calm for 5 s yet).
    pods.seen.length = 0;
    await cluster.list('pods', { namespace: 'shop' });
    assert.equal(pods.seen[0]?.limit, 62);
  });

  it('gives up with the server’s timeout once the page is as small as it gets', async () => {
    const pods = pagedPods(300, () => ({ status: 504 }));
    loopback.handler = pods.handler;
    const { cluster } = loopback.live({ paging: paging({ maxPageRetries: 10 }) });
    await assert.rejects(
      cluster.list('pods', { namespace: 'shop' }),
      (e: unknown) =>
        e instanceof ServerError && /answered 504: Timeout: request did not complete/.test(e.message),
    );
    assert.deepEqual(pods.limits(), [500, 250, 125, 62, 50]);
  });

  it('asks once more, smaller, when our own deadline cuts a page off', async () => {
    // A page of more than 100 pods never comes back within the 1 s deadline.
    const carried = (limit: number | undefined, offset: number) => Math.min(limit ?? 150, 150 - offset);
    const pods = pagedPods(150, (limit, offset) => (carried(limit, offset) > 100 ? { delayMs: 3_000 } : {}));
    loopback.handler = pods.handler;
    const { cluster } = loopback.live({ timeoutSeconds: 1, paging: paging({ chunkSize: 200 }) });
    const listed = await cluster.list('pods', { namespace: 'shop' });
    assert.deepEqual(
      listed.map((p) => p.metadata?.name),
      names(150),
    );
    assert.deepEqual(pods.seen, [
      { limit: 200, offset: 0 },
      { limit: 100, offset: 0 },
      { limit: 100, offset: 100 },
    ]);
    // A second cut-off in the same list is the caller's RequestTimeout (each try costs a whole deadline).
    const stuck = pagedPods(150, () => ({ delayMs: 3_000 }));
    loopback.handler = stuck.handler;
    const { cluster: other } = loopback.live({ timeoutSeconds: 1, paging: paging({ chunkSize: 200 }) });
    await assert.rejects(other.list('pods', { namespace: 'shop' }), RequestTimeout);
    assert.deepEqual(stuck.limits(), [200, 100]);
  });

  it('reads in one request with --chunk-size 0', async () => {
    const pods = pagedPods(1_200);
    loopback.handler = pods.handler;
    const { cluster } = loopback.live({ paging: paging({ chunkSize: 0 }) });
    assert.equal((await cluster.list('pods', { namespace: 'shop' })).length, 1_200);
    assert.deepEqual(pods.limits(), [undefined]);
  });

  it('restarts from the start once when a continue token expires, then says so clearly', async () => {
    let expiries = 0;
    const pods = pagedPods(120, (_limit, offset) => (offset > 0 && expiries++ < 2 ? { status: 410 } : {}));
    loopback.handler = pods.handler;
    const { cluster } = loopback.live({ paging: paging({ chunkSize: 50 }) });
    await assert.rejects(
      cluster.list('pods', { namespace: 'shop' }),
      (e: unknown) =>
        e instanceof ListExpired &&
        e.message.startsWith(
          'the list of /api/v1/namespaces/shop/pods expired twice while it was read in pages',
        ) &&
        /--chunk-size 0/.test(e.explain()),
    );
    assert.deepEqual(
      pods.seen.map((s) => s.offset),
      [0, 50, 0, 50],
      'one restart from the beginning, never a stitched list',
    );
    // One expiry alone: the restarted list is whole.
    expiries = 1;
    pods.seen.length = 0;
    const listed = await cluster.list('pods', { namespace: 'shop' });
    assert.deepEqual(
      listed.map((p) => p.metadata?.name),
      names(120),
    );
    assert.deepEqual(
      pods.seen.map((s) => s.offset),
      [0, 50, 0, 50, 100],
    );
  });
});
