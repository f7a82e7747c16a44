// ResourceQuotas near their hard limits.

import type { Finding, ObjectRef } from '../../../diagnose/finding.js';
import { parseQuantity } from '../../../kube/quantity.js';
import { finding } from '../reasons.js';
import type { ResourceQuota } from '../types.js';

/** At or above this share of a hard limit a quota is reported as near its limit. */
export const QUOTA_NEAR_LIMIT = 0.9;

/** Hard limits at QUOTA_NEAR_LIMIT or more of their value, from the resourcequota controller's status. */
export function diagnoseQuota(quota: ResourceQuota): Finding[] {
  const object: ObjectRef = {
    kind: 'ResourceQuota',
    namespace: quota.metadata?.namespace,
    name: quota.metadata?.name ?? '',
  };
  const hard = quota.status?.hard ?? {};
  const used = quota.status?.used ?? {};
  const near = Object.entries(hard)
    .map(([resource, limit]) => {
      const max = parseQuantity(limit);
      const now = parseQuantity(used[resource] ?? '0');
      return {
        resource,
        limit,
        now: used[resource] ?? '0',
        share: max > 0 ? now / max : now > 0 ? Infinity : 1,
      };
    })
    .filter((r) => r.share >= QUOTA_NEAR_LIMIT)
    .sort((a, b) => b.share - a.share);
  if (near.length === 0) return [];
  const pct = (share: number) => (Number.isFinite(share) ? `${Math.round(share * 100)} %` : 'over');
  return [
    finding('QuotaNearLimit', object, {
      message: `${near.map((r) => `${r.resource} ${r.now}/${r.limit} (${pct(r.share)})`).join(', ')}`,
      evidence: near.map((r) => `status.used.${r.resource}=${r.now}, status.hard.${r.resource}=${r.limit}`),
      facts: { namespace: object.namespace ?? '', quota: object.name },
      severity: near.some((r) => r.share >= 1) ? 'warning' : 'info',
    }),
  ];
}
