// One pass over every area's rules on lists read once, linked across objects (./links.ts) into causal chains
// (./chains.ts), root causes first. Plain objects in; no I/O.

import { indexEventsByObject } from '../../diagnose/events.js';
import { objectKey, sortFindings, type Finding } from '../../diagnose/finding.js';
import type { EndpointSlice, Pod } from '../../kube/types.js';
import { diagnosePod, linkWithinPod } from '../pods/rules.js';
import { diagnoseNode, indexNodeEvents, newestKubelet } from '../nodes/rules.js';
import { isTerminated, isUnscheduled } from '../nodes/rules/resources.js';
import { analyzeService, endpointSetsOf } from '../services/rules.js';
import {
  claimKey,
  consumersByClaim,
  diagnoseAttachment,
  diagnoseClaim,
  diagnoseStorageClasses,
  diagnoseVolume,
  podBlockedByClaims,
} from '../storage/rules.js';
import { judgeWorkloads } from '../workloads/judge.js';
import { causalChains, type CausalChain } from './chains.js';
import { linkPods, linkWorkloads, podKey, push } from './links.js';
import type { ClusterLists } from './lists.js';

export type { ClusterLists } from './lists.js';
export { causalChains, type CausalChain } from './chains.js';

export interface TriageResult {
  findings: Finding[];
  chains: CausalChain[];
}

function key(namespace: string | undefined, name: string | undefined): string {
  return `${namespace ?? ''}/${name ?? ''}`;
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) push(groups, keyOf(item), item);
  return groups;
}

function podFindingsOf(lists: ClusterLists, now: Date): Map<string, Finding[]> {
  const events = indexEventsByObject(lists.events.filter((e) => e.involvedObject.kind === 'Pod'));
  const claims = new Map(lists.claims.map((c) => [claimKey(c.metadata?.namespace, c.metadata?.name), c]));
  // The node list is at hand: an Unschedulable pod names the nodes behind the scheduler's dominant reason.
  const context = { nodes: lists.nodes, pods: lists.pods, claims: lists.claims, volumes: lists.volumes };
  return new Map(
    lists.pods.map((pod) => {
      const k = podKey(pod);
      return [
        k,
        linkWithinPod([
          ...diagnosePod(pod, events.get(k) ?? [], now, context),
          ...podBlockedByClaims(pod, claims),
        ]),
      ];
    }),
  );
}

function nodeFindingsOf(lists: ClusterLists, now: Date): Map<string, Finding[]> {
  const events = indexNodeEvents(lists.events);
  const byNode = groupBy(
    lists.pods.filter((p) => p.spec?.nodeName && !isTerminated(p)),
    (p) => p.spec!.nodeName!,
  );
  const pendingPods = lists.pods.filter(isUnscheduled);
  const newest = newestKubelet(lists.nodes);
  return new Map(
    lists.nodes.map((node) => {
      const name = node.metadata?.name ?? '';
      const context = { pods: byNode.get(name) ?? [], pendingPods, events: events.get(name) ?? [] };
      return [name, diagnoseNode(node, { ...context, newestKubelet: newest, now })];
    }),
  );
}

function storageFindingsOf(lists: ClusterLists, now: Date): Finding[] {
  const consumers = consumersByClaim(lists.pods);
  const claimEvents = indexEventsByObject(
    lists.events.filter((e) => e.involvedObject.kind === 'PersistentVolumeClaim'),
  );
  const podEvents = indexEventsByObject(lists.events.filter((e) => e.involvedObject.kind === 'Pod'));
  const claimFindings = lists.claims.flatMap((claim) => {
    const k = claimKey(claim.metadata?.namespace, claim.metadata?.name);
    const users = consumers.get(k) ?? [];
    const consumerEvents = users.flatMap((p) => podEvents.get(podKey(p)) ?? []);
    const context = { classes: lists.classes, volumes: lists.volumes, consumers: users };
    return diagnoseClaim(claim, { ...context, events: claimEvents.get(k) ?? [], consumerEvents }, now);
  });
  const claimOfVolume = new Map(
    lists.volumes.map((v) => [
      v.metadata?.name ?? '',
      v.spec?.claimRef ? `${v.spec.claimRef.namespace}/${v.spec.claimRef.name}` : undefined,
    ]),
  );
  return [
    ...claimFindings,
    ...lists.volumes.flatMap(diagnoseVolume),
    ...diagnoseStorageClasses(lists.classes),
    ...lists.attachments.flatMap((a) =>
      diagnoseAttachment(a, claimOfVolume.get(a.spec?.source?.persistentVolumeName ?? '')),
    ),
  ];
}

function serviceFindingsOf(lists: ClusterLists, podIds: ReadonlySet<string>, now: Date): Finding[] {
  const podsByNamespace = groupBy<Pod>(lists.pods, (p) => p.metadata?.namespace ?? '');
  const slicesOf = groupBy<EndpointSlice>(lists.endpointSlices, (s) =>
    key(s.metadata?.namespace, s.metadata?.labels?.['kubernetes.io/service-name']),
  );
  const legacyOf = new Map(lists.endpoints.map((e) => [key(e.metadata?.namespace, e.metadata?.name), e]));
  const serviceEvents = indexEventsByObject(lists.events.filter((e) => e.involvedObject.kind === 'Service'));
  const podEvents = indexEventsByObject(lists.events.filter((e) => e.involvedObject.kind === 'Pod'));
  return lists.services.flatMap((service) => {
    const k = key(service.metadata?.namespace, service.metadata?.name);
    const { findings } = analyzeService(
      {
        service,
        endpointSets: endpointSetsOf(slicesOf.get(k) ?? [], legacyOf.get(k)),
        namespacePods: podsByNamespace.get(service.metadata?.namespace ?? '') ?? [],
        serviceEvents: serviceEvents.get(k) ?? [],
        podEvents,
      },
      now,
    );
    // The Service's links point at the pods' findings as diagnosed here (same ids).
    for (const f of findings) {
      if (!f.causedBy) continue;
      f.causedBy = f.causedBy.filter((id) => podIds.has(id));
      if (f.causedBy.length === 0) delete f.causedBy;
    }
    return findings;
  });
}

function workloadFindingsOf(lists: ClusterLists, now: Date): Finding[] {
  // The workload rules read Warning events only (what diagnose_workloads lists).
  const events = lists.events.filter((e) => e.type === 'Warning');
  const judged = judgeWorkloads({ ...lists, events }, now);
  return [...judged.workloads, ...judged.quotas].flatMap((w) => w.findings);
}

/** Every area's findings over the same lists, linked across objects, root causes first. */
export function triage(lists: ClusterLists, now: Date): TriageResult {
  const podFindings = podFindingsOf(lists, now);
  const nodeFindings = nodeFindingsOf(lists, now);
  const storage = storageFindingsOf(lists, now);
  const workloads = workloadFindingsOf(lists, now);
  linkPods(lists, podFindings, nodeFindings, storage);
  linkWorkloads(lists, podFindings, workloads);
  const pods = [...podFindings.values()].flat();
  const services = serviceFindingsOf(lists, new Set(pods.map((f) => f.id)), now);
  const findings = [...pods, ...[...nodeFindings.values()].flat(), ...storage, ...services, ...workloads];
  return { findings: sortFindings(findings), chains: causalChains(findings) };
}

/** The findings about one object ("Kind/namespace/name"), root causes first. */
export function findingsAbout(result: TriageResult, object: string): Finding[] {
  return sortFindings(result.findings.filter((f) => objectKey(f.object) === object));
}
