import assert from 'node:assert/strict';
import { decide, fenceOf, NO_FENCE, type Decision } from '../../../src/cluster/policy.js';

function allowed(method: string, path: string, fence = NO_FENCE): Decision {
  const decision = decide(method, path, fence);
  assert.equal(
    decision.allowed,
    true,
    `expected ${method} ${path} to be allowed, got: ${decision.allowed ? '' : decision.reason}`,
  );
  return decision;
}

function refused(method: string, path: string, fence = NO_FENCE, reason?: RegExp): void {
  const decision = decide(method, path, fence);
  assert.equal(decision.allowed, false, `expected ${method} ${path} to be refused`);
  if (reason && !decision.allowed) assert.match(decision.reason, reason);
}

describe('policy', () => {
  describe('reads it allows', () => {
    it('allows listing pods in a namespace with paging and selectors', () => {
      const d = allowed('GET', '/api/v1/namespaces/shop/pods?limit=500&labelSelector=app%3Dweb&continue=abc');
      assert.deepEqual(d.allowed && d.target, {
        verb: 'list',
        group: '',
        resource: 'pods',
        namespace: 'shop',
        name: undefined,
      });
    });
    it('allows getting one pod and reading its log with tail, previous and since', () => {
      allowed('GET', '/api/v1/namespaces/shop/pods/web-1');
      const d = allowed(
        'GET',
        '/api/v1/namespaces/shop/pods/web-1/log?container=app&previous=true&tailLines=100&sinceSeconds=60&limitBytes=1048576',
      );
      assert.equal(d.allowed && d.target.resource, 'pods/log');
    });
    it('allows cluster-wide lists without a fence', () => {
      allowed('GET', '/api/v1/pods?limit=500');
      allowed('GET', '/api/v1/events?fieldSelector=involvedObject.kind%3DPod');
    });
    it('allows cluster-scoped and grouped resources on the read list', () => {
      allowed('GET', '/api/v1/nodes');
      allowed('GET', '/api/v1/nodes/node-1');
      allowed('GET', '/apis/storage.k8s.io/v1/storageclasses');
      allowed('GET', '/apis/discovery.k8s.io/v1/namespaces/shop/endpointslices');
      allowed('GET', '/apis/metrics.k8s.io/v1beta1/nodes');
    });
    it('allows watch as a read verb', () => {
      const d = allowed('GET', '/api/v1/namespaces/shop/pods?watch=true&resourceVersion=5');
      assert.equal(d.allowed && d.target.verb, 'watch');
    });
    it('allows discovery, version and health paths', () => {
      for (const path of ['/version', '/api', '/apis', '/api/v1', '/apis/apps', '/apis/apps/v1', '/readyz'])
        allowed('GET', path);
    });
    it('allows the two access-review POSTs and nothing near them', () => {
      allowed('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews');
      allowed('POST', '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews');
      refused('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews');
      refused('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews?dryRun=All');
      refused('POST', '/apis/authorization.k8s.io/v1/namespaces/shop/localsubjectaccessreviews');
      refused('POST', '/apis/authentication.k8s.io/v1/tokenreviews');
    });
  });

  describe('writes', () => {
    for (const method of ['DELETE', 'PUT', 'PATCH', 'POST', 'CONNECT', 'OPTIONS', 'HEAD', 'TRACE']) {
      it(`refuses ${method} on a pod`, () =>
        refused(method, '/api/v1/namespaces/shop/pods/web-1', NO_FENCE, /read/));
    }
    it('refuses a DELETE smuggled as ?dryRun', () => {
      refused('DELETE', '/api/v1/namespaces/shop/pods/web-1?dryRun=All');
      refused('GET', '/api/v1/namespaces/shop/pods/web-1?dryRun=All', NO_FENCE, /dryRun/);
    });
    it('refuses creating a namespace', () => refused('POST', '/api/v1/namespaces'));
    it('refuses deleting a whole collection', () => refused('DELETE', '/api/v1/namespaces/shop/pods'));
    it('refuses evictions and bindings', () => {
      refused('POST', '/api/v1/namespaces/shop/pods/web-1/eviction');
      refused('GET', '/api/v1/namespaces/shop/pods/web-1/binding');
    });
  });

  describe('dangerous reads', () => {
    it('refuses Secrets in every form', () => {
      refused('GET', '/api/v1/secrets', NO_FENCE, /Secrets are never read/);
      refused('GET', '/api/v1/namespaces/shop/secrets', NO_FENCE, /Secrets/);
      refused('GET', '/api/v1/namespaces/shop/secrets/db-password', NO_FENCE, /Secrets/);
      refused('GET', '/api/v1/namespaces/shop/secrets?watch=true', NO_FENCE, /Secrets/);
    });
    it('refuses pods/exec, pods/attach and pods/portforward even as GET', () => {
      refused('GET', '/api/v1/namespaces/shop/pods/web-1/exec?command=sh&stdin=true', NO_FENCE, /exec/);
      refused('GET', '/api/v1/namespaces/shop/pods/web-1/attach', NO_FENCE, /attach/);
      refused('GET', '/api/v1/namespaces/shop/pods/web-1/portforward?ports=80', NO_FENCE, /portforward/);
    });
    it('refuses every proxy', () => {
      refused('GET', '/api/v1/nodes/node-1/proxy/configz', NO_FENCE, /proxy/);
      refused('GET', '/api/v1/namespaces/shop/services/web/proxy/', NO_FENCE, /proxy/);
      refused('GET', '/api/v1/namespaces/shop/pods/web-1/proxy', NO_FENCE, /proxy/);
      refused('GET', '/api/v1/namespaces/shop/services/https:web:443/proxy/', NO_FENCE);
      refused('GET', '/api/v1/proxy/namespaces/shop/pods/web-1');
    });
    it('refuses minting service account tokens', () => {
      refused('POST', '/api/v1/namespaces/kube-system/serviceaccounts/default/token');
      refused('GET', '/api/v1/namespaces/kube-system/serviceaccounts/default/token', NO_FENCE, /credential/);
    });
    it('refuses following a log and turning off kubelet TLS verification', () => {
      refused('GET', '/api/v1/namespaces/shop/pods/web-1/log?follow=true', NO_FENCE, /follow/);
      refused(
        'GET',
        '/api/v1/namespaces/shop/pods/web-1/log?insecureSkipTLSVerifyBackend=true',
        NO_FENCE,
        /insecureSkipTLSVerifyBackend/,
      );
    });
    it('refuses resources that are not on the read list', () => {
      refused('GET', '/api/v1/namespaces/shop/configmaps', NO_FENCE, /read list/);
      refused('GET', '/apis/rbac.authorization.k8s.io/v1/clusterroles');
      refused('GET', '/apis/apps/v1beta1/namespaces/shop/deployments', NO_FENCE, /read list/);
      refused('GET', '/apis/example.com/v1/widgets');
      refused('GET', '/api/v1/namespaces/shop/pods/web-1/status');
    });
    it('refuses a repeated parameter', () =>
      refused('GET', '/api/v1/pods?limit=1&limit=2', NO_FENCE, /repeated/));
  });

  describe('path smuggling', () => {
    it('refuses a namespace named "../kube-system"', () => {
      refused('GET', '/api/v1/namespaces/../kube-system/pods');
      refused('GET', '/api/v1/namespaces/..%2Fkube-system/pods');
      refused('GET', '/api/v1/namespaces/%2e%2e/kube-system/pods');
    });
    it('refuses encoded slashes, dots and unicode in names', () => {
      refused('GET', '/api/v1/namespaces/shop/pods/web%2F..%2F..%2Fsecrets');
      refused('GET', '/api/v1/namespaces/shop/pods/%77eb');
      refused('GET', '/api/v1/namespaces/shop/pods/wéb');
    });
    it('refuses empty, dot and backslash segments', () => {
      refused('GET', '/api/v1//namespaces/shop/pods');
      refused('GET', '/api/v1/namespaces/shop/./pods');
      refused('GET', '/api/v1/namespaces/shop/pods/..');
      refused('GET', '/api/v1/namespaces/shop\\secrets');
    });
    it('refuses names that are not Kubernetes names', () => {
      refused('GET', '/api/v1/namespaces/Shop/pods', NO_FENCE, /namespace name/);
      refused('GET', '/api/v1/namespaces/shop/pods/web..1', NO_FENCE, /object name/);
    });
    it('refuses extra segments and relative paths', () => {
      refused('GET', '/api/v1/namespaces/shop/pods/web-1/log/extra');
      refused('GET', 'api/v1/pods');
      refused('GET', '/api/v1/pods#frag');
    });
  });

  describe('namespace fence', () => {
    const fence = fenceOf(['shop', 'payments']);
    it('allows reads inside the allowed namespaces', () => {
      allowed('GET', '/api/v1/namespaces/shop/pods', fence);
      allowed('GET', '/api/v1/namespaces/payments/pods/api-1/log?container=app', fence);
    });
    it('refuses another namespace', () =>
      refused('GET', '/api/v1/namespaces/kube-system/pods', fence, /outside the allowed namespaces/));
    it('refuses a cluster-wide list of a namespaced resource', () => {
      refused('GET', '/api/v1/pods', fence, /fence/);
      refused('GET', '/api/v1/events', fence, /fence/);
      refused('GET', '/apis/discovery.k8s.io/v1/endpointslices', fence, /fence/);
    });
    it('refuses reading a Namespace object outside the fence but allows listing namespaces', () => {
      refused('GET', '/api/v1/namespaces/kube-system', fence);
      allowed('GET', '/api/v1/namespaces/shop', fence);
      allowed('GET', '/api/v1/namespaces', fence);
    });
    it('still allows cluster-scoped reads', () => {
      allowed('GET', '/api/v1/nodes', fence);
      allowed('GET', '/apis/storage.k8s.io/v1/storageclasses', fence);
    });
  });
});
