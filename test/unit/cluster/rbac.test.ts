import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import {
  rbacManifests,
  readOnlyRules,
  requiredPermissions,
  type PolicyRule,
} from '../../../src/cluster/rbac.js';
import { decide, NO_FENCE } from '../../../src/cluster/policy.js';
import { READABLE_TYPES, resourcePath } from '../../../src/cluster/resources.js';

const HARNESS_ROLE = new URL('../../../../test/cluster/rbac/diagnostic-viewer.yaml', import.meta.url);

function resourcesOf(rules: PolicyRule[]): string[] {
  return rules.flatMap((r) => r.resources.map((res) => `${r.apiGroups[0]}/${res}`)).sort();
}

describe('the read-only role', () => {
  it('is derived from the allow-list: every readable resource, and only those', () => {
    const expected = READABLE_TYPES.flatMap((t) => [
      `${t.group}/${t.resource}`,
      ...(t.subresources ?? []).map((s) => `${t.group}/${t.resource}/${s}`),
    ]).sort();
    assert.deepEqual(resourcesOf(readOnlyRules()), expected);
  });

  it('reads what explains workloads: quotas, limit ranges, HPAs (autoscaling/v2), PDBs, revisions and every pod owner', () => {
    const granted = new Set(resourcesOf(readOnlyRules()));
    for (const read of [
      '/resourcequotas',
      '/limitranges',
      'autoscaling/horizontalpodautoscalers',
      'policy/poddisruptionbudgets',
      'apps/controllerrevisions',
      'apps/deployments',
      'apps/replicasets',
      'apps/statefulsets',
      'apps/daemonsets',
      'batch/jobs',
      'batch/cronjobs',
    ])
      assert.ok(granted.has(read), read);
    assert.equal(READABLE_TYPES.find((t) => t.resource === 'horizontalpodautoscalers')?.version, 'v2');
    assert.ok(![...granted].some((r) => r.endsWith('/secrets')));
  });

  it('grants only reading verbs and never Secrets or subresources that act', () => {
    for (const rule of readOnlyRules()) {
      assert.ok(
        rule.verbs.every((v) => ['get', 'list', 'watch'].includes(v)),
        JSON.stringify(rule),
      );
      assert.ok(
        !rule.resources.some((r) => /^secrets$|\/(exec|attach|portforward|proxy|token)$|\*/.test(r)),
        JSON.stringify(rule),
      );
      assert.ok(!rule.apiGroups.includes('*'));
    }
  });

  it('grants exactly what the guard lets through: every granted read is allowed by the policy', () => {
    for (const type of READABLE_TYPES) {
      const namespace = type.namespaced ? 'shop' : undefined;
      assert.equal(
        decide('GET', resourcePath(type, { namespace }), NO_FENCE).allowed,
        true,
        `list ${type.resource}`,
      );
      assert.equal(
        decide('GET', resourcePath(type, { namespace, name: 'x' }), NO_FENCE).allowed,
        true,
        `get ${type.resource}`,
      );
    }
    assert.ok(requiredPermissions().some((p) => p.resource === 'pods' && p.subresource === 'log'));
  });

  it('splits into a Role per namespace plus cluster-scoped reads when namespaces are given', () => {
    const manifests = rbacManifests({
      name: 'viewer',
      serviceAccountNamespace: 'ops',
      namespaces: ['shop', 'payments'],
    });
    assert.deepEqual(
      manifests.map((m) => `${m.kind}/${m.metadata.namespace ?? ''}/${m.metadata.name}`),
      [
        'ServiceAccount/ops/viewer',
        'ClusterRole//viewer-cluster',
        'ClusterRoleBinding//viewer-cluster-binding',
        'Role/shop/viewer',
        'RoleBinding/shop/viewer-binding',
        'Role/payments/viewer',
        'RoleBinding/payments/viewer-binding',
      ],
    );
    const clusterRules = manifests[1]!.rules as PolicyRule[];
    const roleRules = manifests[3]!.rules as PolicyRule[];
    assert.ok(resourcesOf(clusterRules).includes('/nodes') && !resourcesOf(clusterRules).includes('/pods'));
    assert.ok(resourcesOf(roleRules).includes('/pods/log') && !resourcesOf(roleRules).includes('/nodes'));
  });

  it('is exactly the role the test control plane gives diagnostic-viewer', () => {
    const harness = parseAllDocuments(readFileSync(HARNESS_ROLE, 'utf8')).map((d) => d.toJS() as unknown);
    assert.deepEqual(
      harness,
      rbacManifests({ name: 'diagnostic-viewer', serviceAccountNamespace: 'kube-system' }),
    );
  });
});
