// The links triage draws between objects, which no single area can see: a pending pod to the cordoned or
// tainted node that keeps it away (only the pods the node really keeps away), to the claim that blocks it; a
// pod on a silent or pressured node to that node; a workload to its pods' own faults. Plain objects in;
// findings are linked in place.

import { link, objectKey, type Finding } from '../../diagnose/finding.js';
import type { KubeObject, Pod } from '../../kube/types.js';
import { keptByCondition, keptByCordon, keptByTaint, isUnscheduled } from '../nodes/rules.js';
import { claimNamesOf } from '../storage/rules.js';
import type { ClusterLists } from './lists.js';

export function podKey(pod: Pod): string {
  return `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
}

export function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const POD_ON_NODE_CAUSES = new Set(['NodeNotReady', 'NodeStatusUnknown']);
const EVICTION_CAUSES = new Set(['MemoryPressure', 'DiskPressure', 'PIDPressure']);
/** Workload findings that follow from what their pods do (not from the controller itself). */
const WORKLOAD_SYMPTOMS = new Set([
  'ReplicasUnavailable',
  'ProgressDeadlineExceeded',
  'RolloutStuck',
  'JobBackoffLimitExceeded',
  'JobDeadlineExceeded',
]);

/**
 * Node findings by the pending pods ("ns/name") whose scheduler message blames them: a cordon, a taint, or
 * the condition behind a node.kubernetes.io/* taint (NotReady, unreachable, pressure).
 */
function blockersByPod(
  lists: ClusterLists,
  nodeFindings: ReadonlyMap<string, Finding[]>,
): Map<string, Finding[]> {
  const pending = lists.pods.filter(isUnscheduled);
  const blockers = new Map<string, Finding[]>();
  if (pending.length === 0) return blockers;
  for (const node of lists.nodes) {
    const findings = nodeFindings.get(node.metadata?.name ?? '') ?? [];
    const cordon = findings.find((f) => f.reason === 'Cordoned');
    if (cordon) for (const p of keptByCordon(node, pending)) push(blockers, podKey(p), cordon);
    for (const { pod, reasons } of keptByCondition(node, pending)) {
      const condition = findings.find((f) => reasons.includes(f.reason));
      if (condition) push(blockers, podKey(pod), condition);
    }
    const taint = findings.find((f) => f.reason === 'TaintNoPodTolerates');
    if (!taint) continue;
    for (const t of node.spec?.taints ?? [])
      for (const p of keptByTaint(node, t, pending)) push(blockers, podKey(p), taint);
  }
  return blockers;
}

/** Pod findings to the node and claim findings behind them. */
export function linkPods(
  lists: ClusterLists,
  podFindings: ReadonlyMap<string, Finding[]>,
  nodeFindings: ReadonlyMap<string, Finding[]>,
  storage: readonly Finding[],
): void {
  const claimFindings = new Map<string, Finding[]>();
  for (const f of storage)
    if (f.object.kind === 'PersistentVolumeClaim' && f.severity !== 'info')
      push(claimFindings, `${f.object.namespace ?? ''}/${f.object.name}`, f);
  const blockers = blockersByPod(lists, nodeFindings);
  for (const pod of lists.pods) {
    const k = podKey(pod);
    const claims = claimNamesOf(pod).flatMap(
      (n) => claimFindings.get(`${pod.metadata?.namespace ?? ''}/${n}`) ?? [],
    );
    const node = pod.spec?.nodeName ? (nodeFindings.get(pod.spec.nodeName) ?? []) : [];
    for (const f of podFindings.get(k) ?? []) {
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
  }
}

const controllerOf = (o: KubeObject) => o.metadata?.ownerReferences?.find((r) => r.controller)?.uid;

/** "Kind/namespace/name" of every workload a pod belongs to: its controller and, for a ReplicaSet, the Deployment. */
export function ownersOfPods(lists: ClusterLists): Map<string, string[]> {
  const byUid = new Map<string, { key: string; owner?: string }>();
  const add = (kind: string, o: KubeObject) => {
    if (o.metadata?.uid)
      byUid.set(o.metadata.uid, {
        key: objectKey({ kind, namespace: o.metadata.namespace, name: o.metadata.name ?? '' }),
        owner: controllerOf(o),
      });
  };
  lists.deployments.forEach((o) => add('Deployment', o));
  lists.replicaSets.forEach((o) => add('ReplicaSet', o));
  lists.statefulSets.forEach((o) => add('StatefulSet', o));
  lists.daemonSets.forEach((o) => add('DaemonSet', o));
  lists.jobs.forEach((o) => add('Job', o));
  const owners = new Map<string, string[]>();
  for (const pod of lists.pods) {
    const keys: string[] = [];
    for (let uid = controllerOf(pod), depth = 0; uid && depth < 3; depth++) {
      const owner = byUid.get(uid);
      if (!owner) break;
      keys.push(owner.key);
      uid = owner.owner;
    }
    if (keys.length) owners.set(podKey(pod), keys);
  }
  return owners;
}

/**
 * Workload findings to their pods' findings. A controller refused by a quota stays a root: its event quotes
 * the quota's own words, which say more than the quota's usage does.
 */
export function linkWorkloads(
  lists: ClusterLists,
  podFindings: ReadonlyMap<string, Finding[]>,
  workloads: readonly Finding[],
): void {
  const podsOf = new Map<string, Finding[]>();
  for (const [pod, keys] of ownersOfPods(lists)) {
    const faults = (podFindings.get(pod) ?? []).filter((f) => f.severity !== 'info');
    for (const key of keys) for (const f of faults) push(podsOf, key, f);
  }
  for (const f of workloads)
    if (WORKLOAD_SYMPTOMS.has(f.reason)) link(f, podsOf.get(objectKey(f.object)) ?? []);
}
