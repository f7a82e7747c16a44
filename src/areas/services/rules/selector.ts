// Near misses: the pods a Service selector almost matches, and the label that differs.

import { selectorFromMap } from '../../../kube/labels.js';
import type { Pod } from '../../../kube/types.js';
import { NAMED_PODS } from './endpoints.js';

export interface LabelMismatch {
  key: string;
  wanted: string;
  /** The pod's value for the key; absent when the pod lacks the key. */
  actual?: string;
  /** Another key under which the pod carries the wanted value (`app.kubernetes.io/name=web` for `app=web`). */
  otherKey?: string;
  /** A near spelling, a version suffix, or the right value under another key. */
  similar: boolean;
}

export interface NearMiss {
  pod: string;
  mismatches: LabelMismatch[];
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** `web` ~ `web-v2`, `frontend` ~ `front-end`, `nginx` ~ `ngnix`, `Web` ~ `web`; `api` is not like `db`. */
export function similarLabelValue(actual: string, wanted: string): boolean {
  const a = actual.toLowerCase();
  const w = wanted.toLowerCase();
  if (a === w) return true;
  if (Math.min(a.length, w.length) >= 2 && (a.startsWith(w) || w.startsWith(a))) return true;
  return Math.min(a.length, w.length) >= 3 && editDistance(a, w) <= 2;
}

function mismatchesOf(selector: Record<string, string>, labels: Record<string, string>): LabelMismatch[] {
  return Object.entries(selector)
    .filter(([key, wanted]) => labels[key] !== wanted)
    .map(([key, wanted]) => {
      const actual = labels[key];
      if (actual !== undefined) return { key, wanted, actual, similar: similarLabelValue(actual, wanted) };
      const otherKey = Object.keys(labels).find((k) => labels[k] === wanted && !(k in selector));
      return { key, wanted, otherKey, similar: otherKey !== undefined };
    });
}

/**
 * Pods that almost match a Service selector: every mismatch is a near spelling (or the right value under
 * another key), or, for a selector of several labels, the pod matches all but one. Closest first.
 */
export function selectorNearMisses(selector: Record<string, string>, pods: Pod[]): NearMiss[] {
  const keys = Object.keys(selector).length;
  const unlike = (m: NearMiss) => m.mismatches.filter((x) => !x.similar).length;
  return pods
    .map((pod) => ({
      pod: pod.metadata?.name ?? '',
      mismatches: mismatchesOf(selector, pod.metadata?.labels ?? {}),
    }))
    .filter(
      ({ mismatches }) =>
        mismatches.length > 0 &&
        (mismatches.every((m) => m.similar) || (mismatches.length === 1 && keys >= 2)),
    )
    .sort(
      (a, b) =>
        a.mismatches.length - b.mismatches.length || unlike(a) - unlike(b) || a.pod.localeCompare(b.pod),
    );
}

function mismatchText(m: LabelMismatch): string {
  if (m.actual !== undefined) return `${m.key}=${m.actual} instead of ${m.key}=${m.wanted}`;
  if (m.otherKey !== undefined) return `${m.otherKey}=${m.wanted} but no ${m.key} label`;
  return `no ${m.key} label`;
}

export function namedPods(pods: string[]): string {
  const more = pods.length - NAMED_PODS;
  return `${pods.slice(0, NAMED_PODS).join(', ')}${more > 0 ? ` (+${more} more)` : ''}`;
}

/** Near misses grouped by how they differ, closest group first: "app=web-v2 instead of app=web" → pods. */
export function groupNearMisses(
  misses: NearMiss[],
): { differs: LabelMismatch[]; text: string; pods: string[] }[] {
  const groups = new Map<string, { differs: LabelMismatch[]; text: string; pods: string[] }>();
  for (const miss of misses) {
    const text = miss.mismatches.map(mismatchText).join(', ');
    const group = groups.get(text) ?? { differs: miss.mismatches, text, pods: [] };
    group.pods.push(miss.pod);
    groups.set(text, group);
  }
  return [...groups.values()];
}

/** The selector a group of near misses would match: their values (or keys) in place of the wanted ones. */
export function selectorFor(selector: Record<string, string>, differs: LabelMismatch[]): string | undefined {
  const fixed: Record<string, string> = { ...selector };
  for (const m of differs) {
    if (m.actual !== undefined) fixed[m.key] = m.actual;
    else if (m.otherKey !== undefined) {
      delete fixed[m.key];
      fixed[m.otherKey] = m.wanted;
    } else return undefined;
  }
  return selectorFromMap(fixed);
}

/** "app=web: 0 of 7 pods (values here: api ×3, web-v2 ×2)" for each label of the selector. */
export function requirementEvidence(selector: Record<string, string>, pods: Pod[]): string[] {
  return Object.entries(selector).map(([key, wanted]) => {
    const values = new Map<string, number>();
    for (const pod of pods) {
      const value = pod.metadata?.labels?.[key];
      if (value !== undefined) values.set(value, (values.get(value) ?? 0) + 1);
    }
    const matching = values.get(wanted) ?? 0;
    const others = [...values]
      .filter(([v]) => v !== wanted)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 5)
      .map(([v, n]) => `${v} ×${n}`);
    const note = others.length
      ? ` (other values here: ${others.join(', ')})`
      : values.size
        ? ''
        : ' (no pod has the key)';
    return `${key}=${wanted}: ${matching} of ${pods.length} pods${note}`;
  });
}
