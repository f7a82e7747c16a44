// Event helpers shared by every area: matching events to objects, ordering them, reading their time.

import type { Event, KubeObject } from '../kube/types.js';
import { humanDuration, secondsBetween } from '../kube/time.js';
import { compareNames } from '../kube/names.js';

/** When an event was last seen, across the core/v1 and events.k8s.io shapes. */
export function lastSeen(event: Event): string | undefined {
  return (
    event.series?.lastObservedTime ??
    event.lastTimestamp ??
    event.eventTime ??
    event.firstTimestamp ??
    event.metadata?.creationTimestamp
  );
}

/** When an event was last seen, as kubectl describe says it: "9s ago" against `now` (the snapshot's time). */
export function lastSeenAgo(event: Event, now: Date): string {
  const seconds = secondsBetween(lastSeen(event), now);
  return seconds === undefined ? 'unknown' : `${humanDuration(seconds)} ago`;
}

export function occurrences(event: Event): number {
  return event.series?.count ?? event.count ?? 1;
}

/** Events about `object` (same kind, namespace and name; same uid when both carry one), newest first. */
export function eventsAbout(object: KubeObject & { kind?: string }, kind: string, events: Event[]): Event[] {
  const meta = object.metadata ?? {};
  return events
    .filter((e) => {
      const ref = e.involvedObject;
      if (ref.kind !== kind || ref.name !== meta.name) return false;
      if ((ref.namespace ?? '') !== (meta.namespace ?? '') && meta.namespace !== undefined) return false;
      return !(ref.uid && meta.uid && ref.uid !== meta.uid);
    })
    .sort(newestFirst);
}

export function newestFirst(a: Event, b: Event): number {
  return compareNames(lastSeen(b) ?? '', lastSeen(a) ?? '');
}

/** Groups events by "namespace/name" of the involved object for joins in O(events). */
export function indexEventsByObject(events: Event[]): Map<string, Event[]> {
  const index = new Map<string, Event[]>();
  for (const event of events) {
    const key = `${event.involvedObject.namespace ?? ''}/${event.involvedObject.name ?? ''}`;
    const list = index.get(key);
    if (list) list.push(event);
    else index.set(key, [event]);
  }
  return index;
}

/** The container an event's fieldPath points at: `spec.containers{app}` → "app". */
export function containerOf(event: Event): string | undefined {
  return /spec\.(?:initContainers|containers|ephemeralContainers)\{([^}]+)\}/.exec(
    event.involvedObject.fieldPath ?? '',
  )?.[1];
}
