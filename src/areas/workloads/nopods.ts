// Why a namespace has no pods: the controllers there that cannot create them. `kubectl diag pods -n X`
// asks this only when X has no pod at all, so an empty answer says why instead of "No pods".
// Two reads, whatever the namespace holds: FailedCreate Warning events and the quotas they may name.

import type { ClusterReader } from '../../cluster/source.js';
import { newestFirst } from '../../diagnose/events.js';
import type { Finding } from '../../diagnose/finding.js';
import type { Event } from '../../kube/types.js';
import { failedCreateFinding } from './rules.js';
import type { ResourceQuota } from './types.js';

export async function whyNoPods(cluster: ClusterReader, namespace: string): Promise<Finding[]> {
  const [events, quotas] = await Promise.all([
    cluster.list<Event>('events', { namespace, fieldSelector: 'type=Warning,reason=FailedCreate' }),
    cluster.list<ResourceQuota>('resourcequotas', { namespace }),
  ]);
  // The newest refusal per controller: it retries, and only its latest reason still holds.
  const newest = new Map<string, Event>();
  for (const event of [...events].sort(newestFirst)) {
    const key = `${event.involvedObject.kind}/${event.involvedObject.name}`;
    if (!newest.has(key) && event.message) newest.set(key, event);
  }
  return [...newest.values()].map((e) =>
    failedCreateFinding(
      { kind: e.involvedObject.kind ?? 'ReplicaSet', namespace, name: e.involvedObject.name ?? '' },
      e.message ?? '',
      `event FailedCreate on ${e.involvedObject.kind}/${e.involvedObject.name} (×${e.count ?? 1})`,
      quotas,
    ),
  );
}
