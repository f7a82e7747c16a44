// The pure parts of the throttling rules: the token bucket and in-flight cap, the retry plan, the APF
// headers and the flag bounds. How they behave against a real apiserver is test/e2e/throttling.test.ts.

import assert from 'node:assert/strict';
import { ConfigError } from '../../../src/cluster/errors.js';
import { decide, NO_FENCE } from '../../../src/cluster/policy.js';
import {
  DEFAULT_THROTTLE,
  flowOf,
  flowText,
  parseQps,
  retryAfterSeconds,
  retryPlan,
  Slots,
  throttleOptions,
  TokenBucket,
} from '../../../src/cluster/throttle.js';

describe('throttle', () => {
  describe('TokenBucket', () => {
    it('lets the burst through at once, then one request per 1/qps, in arrival order', async () => {
      let now = 0;
      // A clock that moves only when the bucket waits: the schedule is exact, no real time passes.
      const bucket = new TokenBucket(
        10,
        3,
        () => now,
        async (ms) => {
          now += ms;
        },
      );
      const started: [number, number][] = [];
      await Promise.all(
        Array.from({ length: 6 }, (_, i) => bucket.take().then(() => started.push([i, now]))),
      );
      assert.deepEqual(started, [
        [0, 0],
        [1, 0],
        [2, 0],
        [3, 100],
        [4, 200],
        [5, 300],
      ]);
    });

    it('with qps 0 never waits', async () => {
      const bucket = new TokenBucket(0, 1, () => 0);
      await Promise.all(Array.from({ length: 100 }, () => bucket.take()));
    });
  });

  describe('Slots', () => {
    it('holds at most max, hands a freed slot to the first waiter, and a double release frees once', async () => {
      const slots = new Slots(2);
      const a = await slots.acquire();
      const b = await slots.acquire();
      const order: string[] = [];
      const c = slots.acquire().then((release) => (order.push('c'), release));
      const d = slots.acquire().then((release) => (order.push('d'), release));
      await new Promise((r) => setImmediate(r));
      assert.deepEqual(order, []);
      a();
      a();
      const releaseC = await c;
      await new Promise((r) => setImmediate(r));
      assert.deepEqual(order, ['c'], 'a second release of the same slot frees nothing');
      assert.equal(slots.inUse, 2);
      b();
      (await d)();
      releaseC();
      assert.equal(slots.inUse, 0);
    });
  });

  describe('retryPlan', () => {
    it('waits exactly what Retry-After asks, plus at most 20 % jitter', () => {
      assert.deepEqual(
        retryPlan(429, 3, 0, () => 0),
        { delayMs: 3000, askedSeconds: 3 },
      );
      assert.deepEqual(
        retryPlan(429, 3, 0, () => 1),
        { delayMs: 3600, askedSeconds: 3 },
      );
    });

    it('backs off exponentially from 1 s on a 429 without Retry-After, up to 16 s', () => {
      assert.equal(retryPlan(429, undefined, 0, () => 0)?.delayMs, 1000);
      assert.equal(retryPlan(429, undefined, 3, () => 0)?.delayMs, 8000);
      assert.equal(retryPlan(429, undefined, 10, () => 0)?.delayMs, 16_000);
    });

    it('retries a 5xx only when the server sent Retry-After, and nothing else', () => {
      assert.equal(retryPlan(503, undefined, 0), undefined);
      assert.equal(retryPlan(503, 1, 0, () => 0)?.delayMs, 1000);
      for (const status of [200, 400, 401, 403, 404, 410]) assert.equal(retryPlan(status, 1, 0), undefined);
    });
  });

  describe('APF headers', () => {
    it('reads the UIDs the apiserver sends and ignores anything that is not a UID', () => {
      assert.deepEqual(
        flowOf({
          'x-kubernetes-pf-flowschema-uid': '6f1c-aa',
          'x-kubernetes-pf-prioritylevel-uid': 'b2',
        }),
        { flowSchemaUid: '6f1c-aa', priorityLevelUid: 'b2' },
      );
      assert.equal(flowOf({}), undefined);
      assert.equal(flowOf({ 'x-kubernetes-pf-flowschema-uid': '\u001b[31mred' }), undefined);
    });

    it('names what it can and shows the UID for the rest', () => {
      assert.equal(
        flowText({ flowSchema: 'fs', priorityLevelUid: 'u2', named: true }),
        'flow schema "fs", priority level uid u2',
      );
    });

    it('reads Retry-After as whole seconds only', () => {
      assert.equal(retryAfterSeconds('4'), 4);
      assert.equal(retryAfterSeconds(['2']), 2);
      assert.equal(retryAfterSeconds('Wed, 21 Oct 2015 07:28:00 GMT'), undefined);
      assert.equal(retryAfterSeconds('-1'), undefined);
      assert.equal(retryAfterSeconds(undefined), undefined);
    });
  });

  describe('flags', () => {
    it("defaults to kubectl's discovery rate, 50 QPS, burst 100", () => {
      assert.deepEqual(throttleOptions(), DEFAULT_THROTTLE);
      assert.equal(DEFAULT_THROTTLE.qps, 50);
      assert.equal(DEFAULT_THROTTLE.burst, 100);
    });

    it('refuses out-of-range values with the flag named', () => {
      assert.throws(
        () => throttleOptions({ burst: 0 }),
        (e: unknown) => e instanceof ConfigError && /--burst/.test(e.message),
      );
      assert.throws(() => throttleOptions({ maxInflight: 1.5 }), /--max-inflight/);
      assert.throws(() => throttleOptions({ qps: 1e9 }), /--qps/);
      assert.throws(() => parseQps('fast'), /--qps "fast" is not a number/);
      assert.equal(parseQps('0.5'), 0.5);
    });
  });

  describe('policy', () => {
    it('allows listing the APF objects, with limit only', () => {
      const fs = '/apis/flowcontrol.apiserver.k8s.io/v1/flowschemas';
      assert.equal(decide('GET', `${fs}?limit=500`, NO_FENCE).allowed, true);
      assert.equal(
        decide('GET', '/apis/flowcontrol.apiserver.k8s.io/v1/prioritylevelconfigurations', NO_FENCE).allowed,
        true,
      );
      assert.equal(decide('GET', `${fs}?watch=true`, NO_FENCE).allowed, false);
      assert.equal(decide('GET', `${fs}/global-default`, NO_FENCE).allowed, false);
      assert.equal(decide('POST', fs, NO_FENCE).allowed, false);
    });
  });
});
