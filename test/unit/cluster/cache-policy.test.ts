// The watch cache's requests as the policy sees them: a watch is a read of a collection, never of one
// object, a log, a metrics resource or a Secret, and under a fence only of an allowed namespace.

import assert from 'node:assert/strict';
import { decide, fenceOf, NO_FENCE } from '../../../src/cluster/policy.js';

const WATCH = 'watch=true&resourceVersion=12&allowWatchBookmarks=true&timeoutSeconds=300';

describe('policy for the watch cache', () => {
  it('allows a watch of a collection, as the cache sends it', () => {
    const decision = decide('GET', `/api/v1/namespaces/shop/pods?${WATCH}`, NO_FENCE);
    assert.equal(decision.allowed, true);
    assert.equal(decision.allowed && decision.target.verb, 'watch');
    assert.equal(decide('GET', `/api/v1/pods?${WATCH}`, NO_FENCE).allowed, true);
  });

  it('refuses a watch on one named object', () => {
    assert.equal(decide('GET', `/api/v1/namespaces/shop/pods/web-1?${WATCH}`, NO_FENCE).allowed, false);
  });

  it('refuses a watch on the log subresource (follow by another name)', () => {
    assert.equal(decide('GET', `/api/v1/namespaces/shop/pods/web-1/log?watch=true`, NO_FENCE).allowed, false);
  });

  it('refuses a watch of metrics.k8s.io, which only allows get and list', () => {
    assert.equal(decide('GET', `/apis/metrics.k8s.io/v1beta1/nodes?watch=true`, NO_FENCE).allowed, false);
  });

  it('refuses a watch of Secrets', () => {
    assert.equal(decide('GET', `/api/v1/secrets?${WATCH}`, NO_FENCE).allowed, false);
  });

  it('refuses a cluster-wide watch under a fence, and a watch of a namespace outside it', () => {
    const fence = fenceOf(['shop']);
    assert.equal(decide('GET', `/api/v1/pods?${WATCH}`, fence).allowed, false);
    assert.equal(decide('GET', `/api/v1/namespaces/kube-system/pods?${WATCH}`, fence).allowed, false);
    assert.equal(decide('GET', `/api/v1/namespaces/shop/pods?${WATCH}`, fence).allowed, true);
  });

  it('refuses a watch request with a parameter outside the watch list', () => {
    assert.equal(decide('GET', `/api/v1/pods?watch=true&follow=true`, NO_FENCE).allowed, false);
  });
});
