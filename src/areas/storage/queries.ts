// The storage area: claims, volumes, classes and attachments, with the pods that mount claims. Every query
// reads whole collections (a constant number of list calls, each paged), never one call per claim.

import { z } from 'zod';
import type { ClusterReader } from '../../cluster/source.js';
import { eventsAbout, indexEventsByObject, newestFirst } from '../../diagnose/events.js';
import { countBySeverity, sortFindings, type Finding } from '../../diagnose/finding.js';
import {
  claimKey,
  claimNamesOf,
  consumersByClaim,
  diagnoseClaim,
  podBlockedByClaim,
  resolveClass,
  SELECTED_NODE_ANNOTATION,
} from './rules.js';
import type {
  Event,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
  StorageClass,
  VolumeAttachment,
} from '../../kube/types.js';
import { claimDescriptionText, storageReportText } from './text.js';
import { assertNamespaceExists, eventResult, sourceOf } from '../../queries/common.js';
import * as input from '../../queries/inputs.js';
import { defineQuery } from '../../queries/query.js';
import { reportOutput, pvcOutput, type ClaimDescription } from './schema.js';
import {
  byName,
  podEventsOf,
  summarizeAttachment,
  summarizeClaim,
  summarizeClasses,
  summarizePod,
  summarizeVolume,
} from './summaries.js';
import { getPv, getVolumeAttachments, listStorageClasses } from './volume-queries.js';

// ---------------------------------------------------------------- the cluster-scoped collections

// Security: PersistentVolumes, VolumeAttachments and node volume lists are fenced by the reader itself
// (src/cluster/fence.ts), so every query, the snapshot capture and any cache see the same filtered view.

interface ClusterStorage {
  volumes: PersistentVolume[];
  classes: StorageClass[];
  attachments: VolumeAttachment[];
}

/** The three cluster-scoped collections (the reader has already removed what the fence hides). */
async function listClusterStorage(cluster: ClusterReader): Promise<ClusterStorage> {
  const [volumes, classes, attachments] = await Promise.all([
    cluster.list<PersistentVolume>('persistentvolumes'),
    cluster.list<StorageClass>('storageclasses'),
    cluster.list<VolumeAttachment>('volumeattachments'),
  ]);
  return { volumes, classes, attachments };
}

const VOLUME_EVENT_REASONS = new Set(['FailedMount', 'FailedAttachVolume', 'FailedMapVolume']);

// ---------------------------------------------------------------- the report

interface Scope {
  namespace?: string;
  allNamespaces?: boolean;
  selector?: string;
}

/** Volumes that concern the scope: all visible ones for all namespaces, else those of its claims or unclaimed. */
function volumesInScope(
  volumes: readonly PersistentVolume[],
  namespace: string | undefined,
): PersistentVolume[] {
  if (namespace === undefined) return [...volumes];
  return volumes.filter((v) => !v.spec?.claimRef?.name || v.spec.claimRef.namespace === namespace);
}

async function storageReport(cluster: ClusterReader, scope: Scope) {
  const namespace = scope.allNamespaces ? undefined : (scope.namespace ?? cluster.defaultNamespace);
  const [claims, pods, claimEvents, podEvents, clusterWide] = await Promise.all([
    cluster.list<PersistentVolumeClaim>('persistentvolumeclaims', {
      namespace,
      labelSelector: scope.selector,
    }),
    cluster.list<Pod>('pods', { namespace }),
    cluster.list<Event>('events', { namespace, fieldSelector: 'involvedObject.kind=PersistentVolumeClaim' }),
    cluster.list<Event>('events', { namespace, fieldSelector: 'involvedObject.kind=Pod,type=Warning' }),
    listClusterStorage(cluster),
  ]);
  if (claims.length === 0 && pods.length === 0 && namespace !== undefined)
    await assertNamespaceExists(cluster, namespace);
  const now = cluster.now();
  const { classes, attachments } = clusterWide;
  const volumes = volumesInScope(clusterWide.volumes, namespace);
  const volumeNames = new Set(volumes.map((v) => v.metadata?.name ?? ''));
  const claimIndex = new Map(claims.map((c) => [claimKey(c.metadata?.namespace, c.metadata?.name), c]));
  const consumers = consumersByClaim(pods);
  const claimEventIndex = indexEventsByObject(claimEvents);
  const podEventIndex = indexEventsByObject(podEvents);

  const claimSummaries = claims.map((claim) => {
    const key = claimKey(claim.metadata?.namespace, claim.metadata?.name);
    const users = consumers.get(key) ?? [];
    const findings = diagnoseClaim(
      claim,
      {
        classes,
        volumes: clusterWide.volumes,
        consumers: users,
        events: claimEventIndex.get(key) ?? [],
        consumerEvents: podEventsOf(users, podEventIndex),
      },
      now,
    );
    return summarizeClaim(claim, classes, users, findings);
  });
  // With a selector, only the selected claims are known: judge pods by those alone.
  const storagePods = pods.flatMap((pod) => {
    const names = [...new Set(claimNamesOf(pod))].filter(
      (n) => !scope.selector || claimIndex.has(claimKey(pod.metadata?.namespace, n)),
    );
    if (names.length === 0) return [];
    const blocked = names.flatMap((n) =>
      podBlockedByClaim(pod, n, claimIndex.get(claimKey(pod.metadata?.namespace, n))),
    );
    return [summarizePod(pod, blocked)];
  });
  const volumeMap = byName(clusterWide.volumes);
  const attachmentsInScope = attachments.filter(
    (a) => namespace === undefined || volumeNames.has(a.spec?.source?.persistentVolumeName ?? ''),
  );
  return {
    source: sourceOf(cluster),
    scope: { namespace, allNamespaces: namespace === undefined, selector: scope.selector },
    claims: claimSummaries.sort(byNamespaceAndName),
    volumes: volumes.map(summarizeVolume).sort((a, b) => a.name.localeCompare(b.name)),
    storageClasses: summarizeClasses(classes),
    attachments: attachmentsInScope
      .map((a) => summarizeAttachment(a, volumeMap))
      .sort((a, b) => a.name.localeCompare(b.name)),
    pods: storagePods.sort(byNamespaceAndName),
  };
}

function byNamespaceAndName(a: { namespace: string; name: string }, b: { namespace: string; name: string }) {
  return a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name);
}

function withFindings<T extends { findings: Finding[] }>(items: T[], includeHealthy: boolean): T[] {
  return includeHealthy ? items : items.filter((i) => i.findings.length > 0);
}

export const diagnoseStorage = defineQuery({
  name: 'diagnose_storage',
  title: 'Diagnose storage',
  description:
    'What is wrong with storage in a namespace (or all): Pending claims with the provisioner message, Lost claims, Released volumes, attach errors, pods blocked by claims. Healthy objects counted unless includeHealthy.',
  input: {
    namespace: input.namespace.optional(),
    allNamespaces: input.allNamespaces.optional(),
    selector: input.labelSelector.optional().describe('Selects the claims.'),
    includeHealthy: z.boolean().optional(),
  },
  output: reportOutput,
  async run({ cluster }, args) {
    const report = await storageReport(cluster, args);
    const all = [
      report.claims,
      report.volumes,
      report.storageClasses,
      report.attachments,
      report.pods,
    ].flatMap((items: { findings: Finding[] }[]) => items.flatMap((i) => i.findings));
    const keep = args.includeHealthy ?? false;
    return {
      source: report.source,
      scope: report.scope,
      totals: {
        claims: report.claims.length,
        volumes: report.volumes.length,
        storageClasses: report.storageClasses.length,
        attachments: report.attachments.length,
        pods: report.pods.length,
      },
      counts: countBySeverity(all),
      claims: withFindings(report.claims, keep),
      volumes: withFindings(report.volumes, keep),
      storageClasses: withFindings(report.storageClasses, keep),
      attachments: withFindings(report.attachments, keep),
      pods: withFindings(report.pods, keep),
    };
  },
  text: storageReportText,
});

// ---------------------------------------------------------------- one claim

export const getPvc = defineQuery({
  name: 'get_pvc',
  title: 'Get persistent volume claim',
  description:
    'One PersistentVolumeClaim in depth: status, volume, StorageClass, the pods mounting it, attachments, events, findings.',
  input: { namespace: input.namespace.optional(), pvc: input.objectName('persistent volume claim') },
  output: pvcOutput,
  async run({ cluster }, args) {
    const namespace = args.namespace ?? cluster.defaultNamespace;
    const claim = await cluster.get<PersistentVolumeClaim>('persistentvolumeclaims', args.pvc, namespace);
    const [pods, claimEvents, podEvents, clusterWide] = await Promise.all([
      cluster.list<Pod>('pods', { namespace }),
      cluster.list<Event>('events', {
        namespace,
        fieldSelector: `involvedObject.kind=PersistentVolumeClaim,involvedObject.name=${args.pvc}`,
      }),
      cluster.list<Event>('events', { namespace, fieldSelector: 'involvedObject.kind=Pod,type=Warning' }),
      listClusterStorage(cluster),
    ]);
    return describeClaim(cluster, claim, pods, [...claimEvents, ...podEvents], clusterWide);
  },
  text: claimDescriptionText,
});

function describeClaim(
  cluster: ClusterReader,
  claim: PersistentVolumeClaim,
  pods: Pod[],
  events: Event[],
  clusterWide: ClusterStorage,
): ClaimDescription {
  const name = claim.metadata?.name ?? '';
  const users = consumersByClaim(pods).get(claimKey(claim.metadata?.namespace, name)) ?? [];
  const userNames = new Set(users.map((p) => p.metadata?.name));
  const consumerEvents = events.filter(
    (e) => e.involvedObject.kind === 'Pod' && userNames.has(e.involvedObject.name),
  );
  const { classes, volumes } = clusterWide;
  const claimFindings = diagnoseClaim(
    claim,
    { classes, volumes, consumers: users, events, consumerEvents },
    cluster.now(),
  );
  const volume = volumes.find(
    (v) => v.metadata?.name === claim.spec?.volumeName && claim.status?.phase === 'Bound',
  );
  const className = resolveClass(claim, classes).name;
  const storageClass = summarizeClasses(classes).find((c) => c.name === className);
  const volumeMap = byName(volumes);
  const attachments = volume
    ? clusterWide.attachments
        .filter((a) => a.spec?.source?.persistentVolumeName === volume.metadata?.name)
        .map((a) => summarizeAttachment(a, volumeMap))
    : [];
  const storagePods = users.map((pod) => summarizePod(pod, podBlockedByClaim(pod, name, claim)));
  const volumeSummaryResult = volume ? summarizeVolume(volume) : undefined;
  const summary = summarizeClaim(claim, classes, users, claimFindings);
  return {
    source: sourceOf(cluster),
    claim: {
      ...summary,
      conditions: claim.status?.conditions ?? [],
      selectedNode: claim.metadata?.annotations?.[SELECTED_NODE_ANNOTATION],
      labels: claim.metadata?.labels ?? {},
    },
    volume: volumeSummaryResult,
    storageClass,
    pods: storagePods,
    attachments,
    events: [
      ...eventsAbout(claim, 'PersistentVolumeClaim', events),
      ...consumerEvents.filter((e) => VOLUME_EVENT_REASONS.has(e.reason ?? '')),
    ]
      .sort(newestFirst)
      .slice(0, 20)
      .map(eventResult),
    findings: sortFindings([
      ...summary.findings,
      ...(volumeSummaryResult?.findings ?? []),
      ...(storageClass?.findings ?? []),
      ...attachments.flatMap((a) => a.findings),
      ...storagePods.flatMap((p) => p.findings),
    ]),
  };
}

export const storageQueries = [
  diagnoseStorage,
  getPvc,
  getPv,
  listStorageClasses,
  getVolumeAttachments,
] as const;
