// Helpers every area's queries use: where the data came from, events as results, namespace checks.

import type { z } from 'zod';
import { Forbidden, NotFound } from '../cluster/errors.js';
import type { ClusterReader } from '../cluster/source.js';
import { eventsAbout, lastSeen, occurrences } from '../diagnose/events.js';
import type { ResourceKey } from '../cluster/resources.js';
import { isDnsSubdomain } from '../kube/names.js';
import type { Event, KubeObject, Namespace } from '../kube/types.js';
import { closestMatches, didYouMean } from '../render/closest.js';
import { plural } from '../render/words.js';
import type { event, source } from './schemas.js';

export type SourceResult = z.output<typeof source> & { observedAt: string };
export type EventResult = z.output<typeof event>;

/** Where the answer came from; call it after the reads, so a snapshot can say what it lacked. */
export function sourceOf(cluster: ClusterReader): SourceResult {
  const notCaptured = cluster.notCaptured?.() ?? [];
  const freshness = cluster.freshness?.();
  return {
    ...cluster.info,
    ...(notCaptured.length ? { notCaptured } : {}),
    ...(freshness ? { freshness } : {}),
    observedAt: cluster.now().toISOString(),
  };
}

export function eventResult(e: Event): EventResult {
  return {
    type: e.type ?? 'Normal',
    reason: e.reason ?? '',
    message: (e.message ?? '').trim(),
    count: occurrences(e),
    lastSeen: lastSeen(e),
    firstSeen: e.firstTimestamp ?? e.eventTime ?? undefined,
    object: `${e.involvedObject.kind ?? '?'}/${e.involvedObject.name ?? '?'}`,
    source: e.source?.component ?? e.reportingComponent ?? undefined,
  };
}

/** Events about one object, newest first: one list call with field selectors, whatever the cluster size. */
export async function eventsFor(cluster: ClusterReader, kind: string, object: KubeObject): Promise<Event[]> {
  const name = object.metadata?.name ?? '';
  const namespace = object.metadata?.namespace;
  const events = await cluster.list<Event>('events', {
    namespace: namespace ?? 'default',
    fieldSelector: `involvedObject.kind=${kind},involvedObject.name=${name}`,
  });
  return eventsAbout(object, kind, events);
}

/**
 * An empty list in a namespace that does not exist looks like a healthy namespace; tell them apart with
 * one extra read, only when the list came back empty.
 */
export async function assertNamespaceExists(cluster: ClusterReader, namespace: string): Promise<void> {
  try {
    await cluster.get<Namespace>('namespaces', namespace);
  } catch (error) {
    if (error instanceof NotFound) {
      throw new NotFound(
        'Namespace',
        namespace,
        undefined,
        'Check the name: `kubectl get namespaces` lists them.',
      );
    }
    // An identity that may list pods but not read Namespace objects: the empty list stands.
    if (!(error instanceof Forbidden)) throw error;
  }
}

/** How people name the objects that a missing one is looked for among, and the command that lists them. */
const LISTED_BY: Partial<Record<ResourceKey, { noun: string; command: string }>> = {
  pods: { noun: 'pod', command: 'kubectl diag pods' },
  services: { noun: 'Service', command: 'kubectl diag endpoints' },
  persistentvolumeclaims: { noun: 'claim', command: 'kubectl diag storage' },
};

/**
 * One object by name. When it does not exist, the error names the close names that do (`did you mean
 * "web-7d9c5-x2k4p"?`), as kubectl users expect: one list of its namespace, only on that path, through
 * the same reader, so the fence and the audit apply and no name outside the fence is ever offered.
 */
export async function getByName<T extends KubeObject>(
  cluster: ClusterReader,
  resource: ResourceKey,
  name: string,
  namespace: string,
): Promise<T> {
  try {
    return await cluster.get<T>(resource, name, namespace);
  } catch (error) {
    if (!(error instanceof NotFound) || error.objectName !== name) throw error;
    throw await withCloseNames(cluster, resource, error, namespace);
  }
}

async function withCloseNames(
  cluster: ClusterReader,
  resource: ResourceKey,
  missing: NotFound,
  namespace: string,
): Promise<NotFound> {
  const listed = LISTED_BY[resource];
  if (!listed) return missing;
  let names: string[];
  try {
    // Security: names from the cluster end up in a terminal; only well-formed names are quoted.
    const items = await cluster.list(resource, { namespace });
    names = items.map((o) => o.metadata?.name ?? '').filter(isDnsSubdomain);
  } catch {
    return missing; // The list is a courtesy: its failure (forbidden, timeout) leaves the NotFound as it was.
  }
  // A snapshot that never captured this type says so in its own hint.
  if (names.length === 0 && missing.hint) return missing;
  const list = `\`${listed.command} -n ${namespace}\``;
  const close = closestMatches(missing.objectName, names, 3);
  const hint = close.length
    ? `${didYouMean(close).replace(/^d/, 'D')} ${list} lists all ${plural(names.length, listed.noun)}.`
    : names.length
      ? `None of the ${plural(names.length, listed.noun)} in namespace ${namespace} has a close name; ${list} lists them.`
      : `Namespace ${namespace} has no ${listed.noun}s.`;
  return new NotFound(missing.kind, missing.objectName, namespace, hint);
}
