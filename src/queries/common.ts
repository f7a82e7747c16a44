// Helpers every area's queries use: where the data came from, events as results, namespace checks.

import type { z } from 'zod';
import { Forbidden, NotFound } from '../cluster/errors.js';
import type { ClusterReader } from '../cluster/source.js';
import { eventsAbout, lastSeen, occurrences } from '../diagnose/events.js';
import type { Event, KubeObject, Namespace } from '../kube/types.js';
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
