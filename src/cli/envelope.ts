// The shape of `-o json|yaml`: one documented envelope for every command, so scripts need to learn it
// once. `apiVersion` says which shape it is; a change to the shape needs a new version (the checked-in
// JSON Schema in schemas/ and test/unit/cli/envelope.test.ts hold us to it).
//
//   apiVersion: diag.kubectl.io/v1alpha3
//   kind:       PodList | Pod | ServiceList | Service | NodeList | Node | StorageReport | PersistentVolumeClaim | WorkloadList | AccessReport | TriageReport
//   source:     where the answer came from and when it was judged (live cluster or snapshot)
//   scope:      what was asked for (namespace, all namespaces, selector, name)
//   summary:    items, itemsWithFindings, findings by severity (+ what a command adds, e.g. doctor's ok)
//   items:      the objects, each with its own `kind`, findings included

import { z } from 'zod';
import { checkAccess } from '../areas/access/queries.js';
import type { AccessReport } from '../areas/access/schema.js';
import { describeNode, listNodes } from '../areas/nodes/queries.js';
import type { NodeDescription, NodeReport } from '../areas/nodes/schema.js';
import { describePod, diagnosePods } from '../areas/pods/queries.js';
import type { PodDescription, PodReport } from '../areas/pods/schema.js';
import { diagnoseServices, getService } from '../areas/services/queries.js';
import type { ServiceDetail as ServiceDescription, ServiceReport } from '../areas/services/schema.js';
import { diagnoseStorage, getPvc } from '../areas/storage/queries.js';
import type { ClaimDescription, StorageReport } from '../areas/storage/schema.js';
import { diagnoseWorkloads } from '../areas/workloads/queries.js';
import type { WorkloadReport } from '../areas/workloads/schema.js';
import { triageQuery } from '../areas/triage/queries.js';
import { chainResult, type TriageReport } from '../areas/triage/schema.js';
import { observedSource, severityCounts } from '../queries/schemas.js';
import type { Finding, SeverityCounts } from '../diagnose/finding.js';

export const API_VERSION = 'diag.kubectl.io/v1alpha3';

const scope = z.object({
  namespace: z.string().optional(),
  allNamespaces: z.boolean().optional(),
  selector: z.string().optional(),
  name: z.string().optional().describe('The one object asked for'),
});

const summary = z.object({
  items: z.number().describe('Objects in scope'),
  itemsWithFindings: z.number(),
  findings: severityCounts.describe('Findings by severity, over every item'),
});

type Shape = z.ZodRawShape;
type AnyObject = z.ZodObject<Shape>;

function element(schema: z.ZodType): AnyObject {
  return (schema as z.ZodArray<AnyObject>).element;
}

/** An item schema with its `kind`. */
function kinded(kind: string, schema: AnyObject): AnyObject {
  return schema.extend({ kind: z.literal(kind) }) as AnyObject;
}

/** One object in depth: the query's answer without `source` (it moves up to the envelope). */
function described(kind: string, output: Shape, movedUp: string[] = []): AnyObject {
  const rest = Object.fromEntries(
    Object.entries(output).filter(([key]) => key !== 'source' && !movedUp.includes(key)),
  );
  return z.object({ kind: z.literal(kind), ...rest }) as AnyObject;
}

function envelope(kind: string, item: z.ZodType, extra: { source?: AnyObject; summary?: AnyObject } = {}) {
  return z
    .object({
      apiVersion: z.literal(API_VERSION),
      kind: z.literal(kind),
      source: extra.source ?? observedSource,
      scope,
      summary: extra.summary ?? summary,
      items: z.array(item),
    })
    .strict();
}

const nodeSource = observedSource.extend({
  metrics: listNodes.output.metrics,
  podScope: listNodes.output.podScope,
});

/** Every envelope kind with its schema: what `npm run schemas` writes to schemas/. */
export const ENVELOPES = {
  PodList: envelope('PodList', kinded('Pod', element(diagnosePods.output.pods)), {
    summary: summary.extend({ noPodsBecause: diagnosePods.output.noPodsBecause }),
  }),
  Pod: envelope('Pod', described('Pod', describePod.output)),
  ServiceList: envelope('ServiceList', kinded('Service', element(diagnoseServices.output.services))),
  Service: envelope('Service', described('Service', getService.output)),
  NodeList: envelope('NodeList', kinded('Node', element(listNodes.output.nodes)), { source: nodeSource }),
  Node: envelope('Node', described('Node', describeNode.output, ['metrics', 'podScope']), {
    source: nodeSource,
  }),
  StorageReport: envelope(
    'StorageReport',
    z.union([
      kinded('PersistentVolumeClaim', element(diagnoseStorage.output.claims)),
      kinded('PersistentVolume', element(diagnoseStorage.output.volumes)),
      kinded('StorageClass', element(diagnoseStorage.output.storageClasses)),
      kinded('VolumeAttachment', element(diagnoseStorage.output.attachments)),
      kinded('Pod', element(diagnoseStorage.output.pods)),
    ]),
    { summary: summary.extend({ totals: diagnoseStorage.output.totals }) },
  ),
  PersistentVolumeClaim: envelope('PersistentVolumeClaim', described('PersistentVolumeClaim', getPvc.output)),
  WorkloadList: envelope(
    'WorkloadList',
    z.union([
      element(diagnoseWorkloads.output.workloads),
      kinded('ResourceQuota', element(diagnoseWorkloads.output.quotas)),
    ]),
    { summary: summary.extend({ totals: diagnoseWorkloads.output.totals }) },
  ),
  TriageReport: envelope('TriageReport', kinded('CausalChain', chainResult), {
    summary: summary.extend({
      findings: severityCounts.describe('Root causes by severity (the items)'),
      objects: triageQuery.output.objects,
      symptoms: z.number().describe('Findings that follow from a root cause, folded under it'),
      informational: triageQuery.output.informational,
      notRead: triageQuery.output.notRead,
    }),
  }),
  AccessReport: envelope('AccessReport', kinded('Check', element(checkAccess.output.checks)), {
    summary: summary.extend({ ok: checkAccess.output.ok, checks: checkAccess.output.counts }),
  }),
} as const;

export type EnvelopeKind = keyof typeof ENVELOPES;

export interface Envelope {
  apiVersion: typeof API_VERSION;
  kind: EnvelopeKind;
  source: Record<string, unknown>;
  scope: z.output<typeof scope>;
  summary: z.output<typeof summary> & Record<string, unknown>;
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
  at: z.output<typeof scope>,
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
  return e.items.map((item) => `${item.kind.toLowerCase()}/${nameOf(item)}`).join('\n');
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
export function documented(e: Envelope): unknown {
  const parsed = ENVELOPES[e.kind].safeParse(e);
  return parsed.success ? parsed.data : e;
}

/** Findings of all items, for --exit-code. */
export function hasCritical(e: Envelope): boolean {
  return e.summary.findings.critical > 0;
}
