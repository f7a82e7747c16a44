// One pass over every area's rules on lists read once, linking findings across objects: a pending pod to the
// cordoned or tainted node, the claim or the volume zone that keeps it away; a pod on a silent node to that
// node; a pod stuck creating to the claim it mounts; a Service to its pods. Plain objects in; no I/O.

import type {
  EndpointSlice,
  Endpoints,
  Event,
  Node,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
  Service,
  StorageClass,
  VolumeAttachment,
} from '../../kube/types.js';
import { indexEventsByObject } from '../../diagnose/events.js';
import { link, objectKey, sortFindings, type Finding } from '../../diagnose/finding.js';
import { diagnosePod, linkWithinPod } from '../pods/rules.js';
import { diagnoseNode, indexNodeEvents, newestKubelet } from '../nodes/rules.js';
import { isTerminated, isUnscheduled } from '../nodes/rules/resources.js';
import { analyzeService, endpointSetsOf } from '../services/rules.js';
import {
  claimKey,
  claimNamesOf,
  consumersByClaim,
  diagnoseAttachment,
  diagnoseClaim,
  diagnoseStorageClasses,
  diagnoseVolume,
  podBlockedByClaims,
} from '../storage/rules.js';

/** Everything triage reads, each list once. Lists the caller may not read are empty. */
export interface ClusterLists {
  pods: Pod[];
  nodes: Node[];
  events: Event[];
  services: Service[];
  endpointSlices: EndpointSlice[];
  endpoints: Endpoints[];
  claims: PersistentVolumeClaim[];
  volumes: PersistentVolume[];
  classes: StorageClass[];
  attachments: VolumeAttachment[];
}

/** A root cause with the symptoms that follow from it (transitively), root first. */
export interface CausalChain {
  root: Finding;
  symptoms: Finding[];
}

export interface TriageResult {
  findings: Finding[];
  chains: CausalChain[];
}

function key(namespace: string | undefined, name: string | undefined): string {
  return `${namespace ?? ''}/${name ?? ''}`;
}

function podFindingsOf(lists: ClusterLists, now: Date): Map<string, Finding[]> {
  const events = indexEventsByObject(lists.events.filter((e) => e.involvedObject.kind === 'Pod'));
  const claims = new Map(lists.claims.map((c) => [claimKey(c.metadata?.namespace, c.metadata?.name), c]));
  const context = { nodes: lists.nodes, pods: lists.pods, claims: lists.claims, volumes: lists.volumes };
  const result = new Map<string, Finding[]>();
  for (const pod of lists.pods) {
    const k = key(pod.metadata?.namespace, pod.metadata?.name);
    result.set(
      k,
      linkWithinPod([
        ...diagnosePod(pod, events.get(k) ?? [], now, context),
        ...podBlockedByClaims(pod, claims),
      ]),
    );
  }
  return result;
}

function nodeFindingsOf(lists: ClusterLists, now: Date): Map<string, Finding[]> {
  const events = indexNodeEvents(lists.events);
  const byNode = new Map<string, Pod[]>();
  for (const pod of lists.pods) {
    const node = pod.spec?.nodeName;
    if (!node || isTerminated(pod)) continue;
    byNode.set(node, [...(byNode.get(node) ?? []), pod]);
  }
  const pendingPods = lists.pods.filter(isUnscheduled);
  const newest = newestKubelet(lists.nodes);
  return new Map(
    lists.nodes.map((node) => {
      const name = node.metadata?.name ?? '';
      return [
        name,
        diagnoseNode(node, {
          pods: byNode.get(name) ?? [],
          pendingPods,
          events: events.get(name) ?? [],
          newestKubelet: newest,
          now,
        }),
      ];
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
    return diagnoseClaim(
      claim,
      {
        classes: lists.classes,
        volumes: lists.volumes,
        consumers: users,
        events: claimEvents.get(k) ?? [],
        consumerEvents: users.flatMap(
          (p) => podEvents.get(key(p.metadata?.namespace, p.metadata?.name)) ?? [],
        ),
      },
      now,
    );
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

function serviceFindingsOf(lists: ClusterLists, podFindings: Map<string, Finding[]>, now: Date): Finding[] {
  const podsByNamespace = new Map<string, Pod[]>();
  for (const pod of lists.pods) {
    const ns = pod.metadata?.namespace ?? '';
    podsByNamespace.set(ns, [...(podsByNamespace.get(ns) ?? []), pod]);
  }
  const slicesOf = new Map<string, EndpointSlice[]>();
  for (const slice of lists.endpointSlices) {
    const k = key(slice.metadata?.namespace, slice.metadata?.labels?.['kubernetes.io/service-name']);
    slicesOf.set(k, [...(slicesOf.get(k) ?? []), slice]);
  }
  const legacyOf = new Map(lists.endpoints.map((e) => [key(e.metadata?.namespace, e.metadata?.name), e]));
  const serviceEvents = indexEventsByObject(lists.events.filter((e) => e.involvedObject.kind === 'Service'));
  const podEvents = indexEventsByObject(lists.events.filter((e) => e.involvedObject.kind === 'Pod'));
  return lists.services.flatMap((service) => {
    const k = key(service.metadata?.namespace, service.metadata?.name);
    const analysis = analyzeService(
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
    for (const f of analysis.findings) {
      if (!f.causedBy) continue;
      f.causedBy = f.causedBy.filter((id) =>
        [...podFindings.values()].some((list) => list.some((p) => p.id === id)),
      );
      if (f.causedBy.length === 0) delete f.causedBy;
    }
    return analysis.findings;
  });
}

const POD_ON_NODE_CAUSES = new Set(['NodeNotReady', 'NodeStatusUnknown']);
const EVICTION_CAUSES = new Set(['MemoryPressure', 'DiskPressure', 'PIDPressure']);

/** Links pod findings to the node and storage findings behind them. */
function linkAcrossObjects(
  lists: ClusterLists,
  podFindings: Map<string, Finding[]>,
  nodeFindings: Map<string, Finding[]>,
  storage: Finding[],
): void {
  const claimFinding = new Map<string, Finding[]>();
  for (const f of storage) {
    if (f.object.kind !== 'PersistentVolumeClaim') continue;
    const k = key(f.object.namespace, f.object.name);
    claimFinding.set(k, [...(claimFinding.get(k) ?? []), f]);
  }
  const blockers = new Map<string, Finding[]>();
  for (const [node, findings] of nodeFindings) {
    for (const f of findings) {
      if (f.reason !== 'Cordoned' && f.reason !== 'TaintNoPodTolerates') continue;
      for (const line of f.evidence) {
        const m = /^pending pod (\S+) /.exec(line);
        if (m) blockers.set(m[1]!, [...(blockers.get(m[1]!) ?? []), f]);
      }
      void node;
    }
  }
  for (const pod of lists.pods) {
    const k = key(pod.metadata?.namespace, pod.metadata?.name);
    const findings = podFindings.get(k) ?? [];
    const claims = claimNamesOf(pod).flatMap(
      (n) => claimFinding.get(key(pod.metadata?.namespace, n))?.filter((f) => f.severity !== 'info') ?? [],
    );
    const node = pod.spec?.nodeName ? (nodeFindings.get(pod.spec.nodeName) ?? []) : [];
    for (const f of findings) {
      switch (f.reason) {
        case 'Unschedulable':
          link(f, [...(blockers.get(k) ?? []), ...claims]);
          break;
        case 'PodBlockedByPVC':
        case 'StuckContainerCreating':
          link(f, claims);
          break;
        case 'OnNotReadyNode':
        case 'StuckTerminating':
          link(
            f,
            node.filter((n) => POD_ON_NODE_CAUSES.has(n.reason)),
          );
          break;
        case 'Evicted':
          link(
            f,
            node.filter((n) => EVICTION_CAUSES.has(n.reason)),
          );
          break;
      }
    }
    // Within the pod, PodBlockedByPVC is the same cause as Unschedulable's claim class: the claim is the root.
  }
}

/** Root causes (findings caused by nothing found here) with every finding that follows from them. */
export function causalChains(findings: Finding[]): CausalChain[] {
  const byId = new Map<string, Finding[]>();
  for (const f of findings) byId.set(f.id, [...(byId.get(f.id) ?? []), f]);
  const effects = new Map<string, Finding[]>();
  for (const f of findings) {
    for (const cause of f.causedBy ?? []) {
      if (byId.has(cause)) effects.set(cause, [...(effects.get(cause) ?? []), f]);
    }
  }
  const isRoot = (f: Finding) => !(f.causedBy ?? []).some((id) => byId.has(id));
  return sortFindings(findings.filter(isRoot)).map((root) => {
    const seen = new Set<Finding>([root]);
    const symptoms: Finding[] = [];
    const queue = [...(effects.get(root.id) ?? [])];
    while (queue.length) {
      const next = queue.shift()!;
      if (seen.has(next)) continue;
      seen.add(next);
      symptoms.push(next);
      queue.push(...(effects.get(next.id) ?? []));
    }
    return { root, symptoms };
  });
}

/** Every area's findings over the same lists, linked across objects, root causes first. */
export function triage(lists: ClusterLists, now: Date): TriageResult {
  const podFindings = podFindingsOf(lists, now);
  const nodeFindings = nodeFindingsOf(lists, now);
  const storage = storageFindingsOf(lists, now);
  linkAcrossObjects(lists, podFindings, nodeFindings, storage);
  const services = serviceFindingsOf(lists, podFindings, now);
  const findings = [
    ...[...podFindings.values()].flat(),
    ...[...nodeFindings.values()].flat(),
    ...storage,
    ...services,
  ];
  return { findings: sortFindings(findings), chains: causalChains(findings) };
}

/** The findings about one object ("Kind/namespace/name"), root causes first. */
export function findingsAbout(result: TriageResult, object: string): Finding[] {
  return sortFindings(result.findings.filter((f) => objectKey(f.object) === object));
}
