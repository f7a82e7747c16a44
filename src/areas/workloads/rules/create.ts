// Why a controller cannot create pods: the refusal it quotes (FailedCreate event or ReplicaFailure
// condition), parsed into its cause.

import { newestFirst } from '../../../diagnose/events.js';
import type { Finding, ObjectRef } from '../../../diagnose/finding.js';
import type { Condition, Event } from '../../../kube/types.js';
import { finding } from '../reasons.js';
import type { ResourceQuota } from '../types.js';

export interface QuotaAmount {
  resource: string;
  requested: string;
  used: string;
  hard: string;
}

export type FailedCreateCause =
  | { kind: 'quota'; quota: string; amounts: QuotaAmount[] }
  | { kind: 'serviceAccount'; serviceAccount: string }
  | { kind: 'webhook'; webhook: string; message: string }
  | { kind: 'podSecurity'; level: string; violations: string }
  | { kind: 'other' };

/** "requests.cpu=500m,pods=1" → { requests.cpu: 500m, pods: 1 } (the admission plugin's prettyPrint). */
function amounts(list: string): Map<string, string> {
  return new Map(
    list
      .split(',')
      .map((pair) => pair.trim().split('='))
      .filter((kv): kv is [string, string] => kv.length === 2 && kv[0] !== ''),
  );
}

/**
 * What stopped a pod being created, from the refusal the controller quotes in its FailedCreate event or
 * ReplicaFailure condition. The words are the API server's:
 * - quota: k8s.io/apiserver/pkg/admission/plugin/resourcequota/controller.go,
 *   "exceeded quota: %s, requested: %s, used: %s, limited: %s" (each list "name=quantity,…", sorted);
 * - ServiceAccount: plugin/pkg/admission/serviceaccount/admission.go,
 *   "error looking up service account %s/%s: %w";
 * - webhooks: k8s.io/apiserver/pkg/admission/plugin/webhook/errors, `admission webhook "%s" denied the
 *   request: %s`; ValidatingAdmissionPolicy: "ValidatingAdmissionPolicy '%s' with binding '%s' denied request: %s";
 * - PodSecurity: k8s.io/pod-security-admission/admission, `violates PodSecurity "%s": %s`.
 */
export function parseFailedCreate(message: string): FailedCreateCause {
  const quota = /exceeded quota: ([^,\s]+), requested: (\S+), used: (\S+), limited: (\S+)/.exec(message);
  if (quota) {
    const [requested, used, hard] = [amounts(quota[2]!), amounts(quota[3]!), amounts(quota[4]!)];
    return {
      kind: 'quota',
      quota: quota[1]!,
      amounts: [...hard.keys()].map((resource) => ({
        resource,
        requested: requested.get(resource) ?? '?',
        used: used.get(resource) ?? '?',
        hard: hard.get(resource) ?? '?',
      })),
    };
  }
  const account = /error looking up service account [^/\s]+\/([^:\s]+)/.exec(message);
  if (account) return { kind: 'serviceAccount', serviceAccount: account[1]! };
  const webhook = /admission webhook "([^"]+)" denied the request:?\s*(.*)$/s.exec(message);
  if (webhook) return { kind: 'webhook', webhook: `admission webhook "${webhook[1]}"`, message: webhook[2]! };
  const policy = /ValidatingAdmissionPolicy '([^']+)' with binding '([^']+)' denied request:?\s*(.*)$/s.exec(
    message,
  );
  if (policy)
    return {
      kind: 'webhook',
      webhook: `ValidatingAdmissionPolicy "${policy[1]}" (binding "${policy[2]}")`,
      message: policy[3]!,
    };
  const security = /violates PodSecurity "([^"]+)":\s*(.*)$/s.exec(message);
  if (security) return { kind: 'podSecurity', level: security[1]!, violations: security[2]! };
  return { kind: 'other' };
}

/** The part of "Error creating: pods "x-" is forbidden: <cause>" that says why. */
function refusal(message: string): string {
  return message.replace(/^Error creating( job)?:\s*/, '').trim();
}

/** One finding for a controller that cannot create pods; `where` names the object that reported it. */
export function failedCreateFinding(
  object: ObjectRef,
  message: string,
  where: string,
  quotas: readonly ResourceQuota[],
): Finding {
  const namespace = object.namespace ?? '';
  const cause = parseFailedCreate(message);
  const said = `${where}: ${refusal(message)}`;
  switch (cause.kind) {
    case 'quota': {
      const quota = quotas.find((q) => q.metadata?.name === cause.quota);
      const parts = cause.amounts.map(
        (a) => `${a.resource} used ${a.used} of ${a.hard}, one pod asks ${a.requested}`,
      );
      const now = cause.amounts
        .map((a) => {
          const used = quota?.status?.used?.[a.resource];
          const hard = quota?.status?.hard?.[a.resource];
          return used && hard ? `${a.resource} ${used}/${hard}` : '';
        })
        .filter(Boolean);
      return finding('FailedCreateQuotaExceeded', object, {
        message: `cannot create pods: ResourceQuota ${cause.quota} is exhausted (${parts.join('; ')})`,
        evidence: [said, now.length ? `quota ${cause.quota} now: ${now.join(', ')}` : ''],
        facts: { namespace, quota: cause.quota, resources: cause.amounts.map((a) => a.resource).join(', ') },
      });
    }
    case 'serviceAccount':
      return finding('FailedCreateServiceAccountMissing', object, {
        message: `cannot create pods: ServiceAccount ${cause.serviceAccount} does not exist`,
        evidence: [said],
        facts: { namespace, serviceAccount: cause.serviceAccount },
      });
    case 'webhook':
      return finding('FailedCreateWebhookDenied', object, {
        message: `cannot create pods: ${cause.webhook} denied them: ${cause.message}`,
        evidence: [said],
        facts: { webhook: cause.webhook },
      });
    case 'podSecurity':
      return finding('FailedCreatePodSecurity', object, {
        message: `cannot create pods: they violate PodSecurity "${cause.level}": ${cause.violations}`,
        evidence: [said],
        facts: { level: cause.level },
      });
    default:
      return finding('FailedCreate', object, {
        message: `cannot create pods: ${refusal(message)}`,
        evidence: [said],
      });
  }
}

/** The newest FailedCreate refusal: a ReplicaFailure condition, else the newest FailedCreate event. */
export function latestFailedCreate(
  conditions: readonly Condition[] | undefined,
  events: readonly Event[],
): { message: string; from: string } | undefined {
  const condition = conditions?.find((c) => c.type === 'ReplicaFailure' && c.status === 'True');
  if (condition?.message)
    return { message: condition.message, from: `condition ReplicaFailure (${condition.reason ?? ''})` };
  const event = [...events].filter((e) => e.reason === 'FailedCreate').sort(newestFirst)[0];
  if (event?.message)
    return {
      message: event.message,
      from: `event FailedCreate on ${event.involvedObject.kind}/${event.involvedObject.name} (×${event.count ?? 1})`,
    };
  return undefined;
}
