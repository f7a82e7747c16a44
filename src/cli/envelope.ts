// The shape of `-o json|yaml`: one documented envelope for every command, so scripts need to learn it
// once. `apiVersion` says which shape it is; a change to the shape needs a new version (the checked-in
// JSON Schema in schemas/ and test/unit/cli/envelope.test.ts hold us to it).
//
//   apiVersion: diag.kubectl.io/v1alpha3
//   kind:       PodList, Pod, … (what each area's envelope.ts registers; schemas/ lists every kind)
//   source:     where the answer came from and when it was judged (live cluster or snapshot)
//   scope:      what was asked for (namespace, all namespaces, selector, name)
//   summary:    items, itemsWithFindings, findings by severity (+ what a command adds, e.g. doctor's ok)
//   items:      the objects, each with its own `kind`, findings included

import type { AccessReport } from '../areas/access/schema.js';
import type { NodeDescription, NodeReport } from '../areas/nodes/schema.js';
import type { PodDescription, PodReport } from '../areas/pods/schema.js';
import type { ServiceDetail as ServiceDescription, ServiceReport } from '../areas/services/schema.js';
import type { ClaimDescription, StorageReport } from '../areas/storage/schema.js';
import type { WorkloadReport } from '../areas/workloads/schema.js';
import type { TriageReport } from '../areas/triage/schema.js';
import type { Finding, SeverityCounts } from '../diagnose/finding.js';
import { loadedAreas, type Area } from '../areas/area.js';
import type { EnvelopeKind } from '../areas/registry.js';
import type { EnvelopeSchema } from './envelopes/common.js';

import { API_VERSION } from './api-version.js';
import { oneLine } from '../render/table.js';

export { API_VERSION };

export type { EnvelopeKind };

export interface Envelope {
  apiVersion: typeof API_VERSION;
  kind: EnvelopeKind;
  source: Record<string, unknown>;
  scope: { namespace?: string; allNamespaces?: boolean; selector?: string; name?: string };
  summary: { items: number; itemsWithFindings: number; findings: SeverityCounts } & Record<string, unknown>;
  items: Array<Record<string, unknown> & { kind: string }>;
}

function counts(findings: Finding[]): SeverityCounts {
  const c = { critical: 0, warning: 0, info: 0 };
  for (const f of findings) c[f.severity]++;
  return c;
}

function withKind<T extends object>(kind: string, items: T[]): Array<T & { kind: string }> {
  return items.map((item) => ({ kind, ...item }));
}

function one(
  kind: EnvelopeKind,
  itemKind: string,
  result: { source: object; findings: Finding[] },
  at: Envelope['scope'],
): Envelope {
  const { source, ...rest } = result;
  return {
    apiVersion: API_VERSION,
    kind,
    source: source as Record<string, unknown>,
    scope: at,
    summary: {
      items: 1,
      itemsWithFindings: result.findings.length ? 1 : 0,
      findings: counts(result.findings),
    },
    items: [{ kind: itemKind, ...rest }],
  };
}

export function podListEnvelope(r: PodReport): Envelope {
  return {
    apiVersion: API_VERSION,
    kind: 'PodList',
    source: r.source,
    scope: r.scope,
    summary: {
      items: r.totalPods,
      itemsWithFindings: r.podsWithFindings,
      findings: r.counts,
      ...(r.noPodsBecause ? { noPodsBecause: r.noPodsBecause } : {}),
    },
    items: withKind('Pod', r.pods),
  };
}

export function podEnvelope(r: PodDescription): Envelope {
  return one('Pod', 'Pod', r, { namespace: r.pod.namespace, name: r.pod.name });
}

export function serviceListEnvelope(r: ServiceReport): Envelope {
  return {
    apiVersion: API_VERSION,
    kind: 'ServiceList',
    source: r.source,
    scope: r.scope,
    summary: { items: r.totalServices, itemsWithFindings: r.servicesWithFindings, findings: r.counts },
    items: withKind('Service', r.services),
  };
}

export function serviceEnvelope(r: ServiceDescription): Envelope {
  const findings = r.service.findings;
  const { source, ...rest } = r;
  return {
    ...one(
      'Service',
      'Service',
      { source, findings },
      { namespace: r.service.namespace, name: r.service.name },
    ),
    items: [{ kind: 'Service', ...rest }],
  };
}

export function nodeListEnvelope(r: NodeReport): Envelope {
  return {
    apiVersion: API_VERSION,
    kind: 'NodeList',
    source: { ...r.source, metrics: r.metrics, podScope: r.podScope },
    scope: r.selector ? { selector: r.selector } : {},
    summary: { items: r.totalNodes, itemsWithFindings: r.nodesWithFindings, findings: r.counts },
    items: withKind('Node', r.nodes),
  };
}

export function nodeEnvelope(r: NodeDescription): Envelope {
  const envelope = one('Node', 'Node', r, { name: r.node.name });
  const { metrics, podScope, ...item } = envelope.items[0]!;
  return {
    ...envelope,
    source: { ...envelope.source, metrics, podScope },
    items: [item as Envelope['items'][0]],
  };
}

export function storageEnvelope(r: StorageReport): Envelope {
  const all = [...r.claims, ...r.volumes, ...r.storageClasses, ...r.attachments, ...r.pods];
  return {
    apiVersion: API_VERSION,
    kind: 'StorageReport',
    source: r.source,
    scope: r.scope,
    summary: {
      items: Object.values(r.totals).reduce((sum, n) => sum + n, 0),
      itemsWithFindings: all.filter((i) => i.findings.length > 0).length,
      findings: r.counts,
      totals: r.totals,
    },
    items: [
      ...withKind('PersistentVolumeClaim', r.claims),
      ...withKind('PersistentVolume', r.volumes),
      ...withKind('StorageClass', r.storageClasses),
      ...withKind('VolumeAttachment', r.attachments),
      ...withKind('Pod', r.pods),
    ],
  };
}

export function workloadListEnvelope(r: WorkloadReport): Envelope {
  const all = [...r.workloads, ...r.quotas];
  return {
    apiVersion: API_VERSION,
    kind: 'WorkloadList',
    source: r.source,
    scope: r.scope,
    summary: {
      items: r.totals.workloads + r.totals.quotas,
      itemsWithFindings: all.filter((i) => i.findings.length > 0).length,
      findings: r.counts,
      totals: r.totals,
    },
    items: [...r.workloads, ...withKind('ResourceQuota', r.quotas)],
  };
}

/** Triage: the items are causal chains; `summary.findings` counts their roots, so --exit-code means a critical root. */
export function triageEnvelope(r: TriageReport): Envelope {
  const roots = r.chains.reduce((n, c) => n + c.objects.length, 0);
  return {
    apiVersion: API_VERSION,
    kind: 'TriageReport',
    source: r.source,
    scope: r.scope,
    summary: {
      items: r.chains.length,
      itemsWithFindings: r.chains.length,
      findings: r.counts,
      objects: r.objects,
      symptoms: Math.max(0, r.findings - roots),
      informational: r.informational,
      ...(r.notRead ? { notRead: r.notRead } : {}),
    },
    items: withKind('CausalChain', r.chains),
  };
}

export function claimEnvelope(r: ClaimDescription): Envelope {
  return one('PersistentVolumeClaim', 'PersistentVolumeClaim', r, {
    namespace: r.claim.namespace,
    name: r.claim.name,
  });
}

export function accessEnvelope(
  r: Pick<AccessReport, 'checks' | 'ok' | 'counts'> & { source?: AccessReport['source'] },
): Envelope {
  const failing = r.checks.filter((c) => c.status === 'fail' || c.status === 'warn');
  return {
    apiVersion: API_VERSION,
    kind: 'AccessReport',
    source: r.source ?? {
      kind: 'live',
      description: 'no usable configuration',
      observedAt: new Date().toISOString(),
    },
    scope: {},
    summary: {
      items: r.checks.length,
      itemsWithFindings: failing.length,
      findings: {
        critical: r.checks.filter((c) => c.status === 'fail').length,
        warning: r.checks.filter((c) => c.status === 'warn').length,
        info: 0,
      },
      ok: r.ok,
      checks: r.counts,
    },
    items: withKind('Check', r.checks),
  };
}

/** `kubectl get -o name`: kind/name, lower-case as kubectl prints it (`pod/web-1`). */
export function names(e: Envelope): string {
  // One line per object: a line break in a name (only a snapshot file can carry one) is folded.
  return e.items.map((item) => `${item.kind.toLowerCase()}/${oneLine(nameOf(item))}`).join('\n');
}

/** A list item carries its name; one object in depth carries it in its main part (pod, service, …). */
function nameOf(item: Envelope['items'][number]): string {
  if (typeof item['name'] === 'string') return item['name'];
  for (const key of ['pod', 'service', 'node', 'claim']) {
    const part = item[key] as { name?: unknown } | undefined;
    if (part && !Array.isArray(part) && typeof part.name === 'string') return part.name;
  }
  return '';
}

/**
 * The envelope as its schema documents it: keys the schema does not name (a raw field a query passed
 * through) are dropped, so -o json never grows by accident. Should it not fit its schema (a bug, which
 * test/unit/cli/envelope.test.ts catches), the data is printed as it is rather than withheld.
 */
export async function documented(e: Envelope): Promise<unknown> {
  const schema = await schemaOf(e.kind);
  const parsed = schema?.safeParse(e);
  return parsed?.success ? parsed.data : e;
}

/**
 * The zod schema of one envelope kind, from the envelope module of the area that registers it (see
 * src/areas/area.ts): first among the areas this process loaded (a command loads its own, so nothing
 * else is loaded), else among every registered area. Loaded only here: text output builds none of them.
 */
async function schemaOf(kind: EnvelopeKind): Promise<EnvelopeSchema | undefined> {
  const search = async (areas: readonly Area[]) => {
    for (const area of areas) {
      const { ENVELOPES } = await area.envelope();
      if (Object.hasOwn(ENVELOPES, kind)) return ENVELOPES[kind];
    }
    return undefined;
  };
  return (await search(loadedAreas())) ?? search((await import('../areas/registry.js')).AREAS);
}

/** Findings of all items, for --exit-code. */
export function hasCritical(e: Envelope): boolean {
  return e.summary.findings.critical > 0;
}
