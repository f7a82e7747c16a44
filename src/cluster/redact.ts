// Security: what `snapshot save` leaves out of a file by default. A snapshot travels (tickets, chat), so
// values that often hold secrets by mistake are replaced, keeping what diagnosis needs: env var names and
// their valueFrom references, the number of command/args words, annotation keys. Annotation values that
// Kubernetes itself writes and the diagnosis reads (a default StorageClass, a claim's selected node, …) stay.

import type { KubeObject } from '../kube/types.js';

export const REDACTED = '<redacted>';

/** Annotations written by Kubernetes components, whose values the diagnosis reads; never user secrets. */
export const KEPT_ANNOTATIONS: ReadonlySet<string> = new Set([
  'storageclass.kubernetes.io/is-default-class',
  'storageclass.beta.kubernetes.io/is-default-class',
  'volume.kubernetes.io/selected-node',
  'volume.kubernetes.io/storage-provisioner',
  'volume.beta.kubernetes.io/storage-provisioner',
  'pv.kubernetes.io/provisioned-by',
  'pv.kubernetes.io/bind-completed',
  'pv.kubernetes.io/bound-by-controller',
  'deployment.kubernetes.io/revision',
]);

export interface RedactionCounts {
  envValues: number;
  commandArgs: number;
  annotationValues: number;
}

export function describeRedaction(counts: RedactionCounts): string[] {
  return [
    `env values (${counts.envValues}; names and valueFrom references kept)`,
    `container command and args (${counts.commandArgs} containers; word counts kept)`,
    `annotation values (${counts.annotationValues}; keys kept, and values Kubernetes writes such as the default StorageClass mark)`,
  ];
}

type Json = Record<string, unknown>;

function redactContainer(container: Json, counts: RedactionCounts): Json {
  const out = { ...container };
  if (Array.isArray(out.env)) {
    out.env = (out.env as Json[]).map((e) => {
      if (e && typeof e === 'object' && 'value' in e) {
        counts.envValues++;
        return { ...e, value: REDACTED };
      }
      return e;
    });
  }
  let touched = false;
  for (const key of ['command', 'args']) {
    if (Array.isArray(out[key]) && (out[key] as unknown[]).length > 0) {
      out[key] = (out[key] as unknown[]).map(() => REDACTED);
      touched = true;
    }
  }
  if (touched) counts.commandArgs++;
  return out;
}

function redactPodSpec(spec: Json, counts: RedactionCounts): Json {
  const out = { ...spec };
  for (const key of ['containers', 'initContainers', 'ephemeralContainers']) {
    if (Array.isArray(out[key])) out[key] = (out[key] as Json[]).map((c) => redactContainer(c, counts));
  }
  return out;
}

function redactMetadata(metadata: Json | undefined, counts: RedactionCounts): Json | undefined {
  const annotations = metadata?.annotations as Record<string, string> | undefined;
  if (!metadata || !annotations) return metadata;
  const redacted: Record<string, string> = {};
  for (const [key, value] of Object.entries(annotations)) {
    if (KEPT_ANNOTATIONS.has(key)) redacted[key] = value;
    else {
      redacted[key] = REDACTED;
      counts.annotationValues++;
    }
  }
  return { ...metadata, annotations: redacted };
}

/** One object with env values, command/args and annotation values replaced; pod templates too. */
export function redactObject(object: KubeObject, counts: RedactionCounts): KubeObject {
  const out = { ...object } as Json;
  out.metadata = redactMetadata(out.metadata as Json | undefined, counts);
  const spec = out.spec as Json | undefined;
  if (spec && typeof spec === 'object') {
    if (Array.isArray(spec.containers)) out.spec = redactPodSpec(spec, counts);
    const template = spec.template as Json | undefined;
    if (template && typeof template === 'object' && template.spec) {
      out.spec = {
        ...(out.spec as Json),
        template: {
          ...template,
          metadata: redactMetadata(template.metadata as Json | undefined, counts),
          spec: redactPodSpec(template.spec as Json, counts),
        },
      };
    }
  }
  return out as KubeObject;
}
