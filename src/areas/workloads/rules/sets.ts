// StatefulSets that wait on one ordinal, and DaemonSets missing from nodes they should run on. Neither
// controller writes an event or condition for these (the statefulset controller only logs "StatefulSet is
// waiting for Pod to be Running and Ready", pkg/controller/statefulset/stateful_set_control.go), so the
// rules read the object, its pods and the nodes the way the controllers do.

import type { Finding, ObjectRef } from '../../../diagnose/finding.js';
import type { Event, Node, Pod, Taint, Toleration } from '../../../kube/types.js';
import {
  isHardTaint,
  isReportedElsewhere,
  podCanSelectNode,
  taintText,
  toleratesTaint,
} from '../../nodes/rules/taints.js';
import { finding } from '../reasons.js';
import type { DaemonSet, ResourceQuota, StatefulSet } from '../types.js';
import { diagnoseController } from './controllers.js';
import { latestFailedCreate } from './create.js';
import { podEvidence, type WorkloadPod } from './pods.js';

/** A pod of a StatefulSet or DaemonSet: its revision label and the node it runs on or is made for. */
export interface SetPod extends WorkloadPod {
  revision?: string;
  node?: string;
}

export interface SetFacts {
  events: Event[];
  pods: SetPod[];
  quotas: readonly ResourceQuota[];
}

const refOf = (kind: string, o: StatefulSet | DaemonSet): ObjectRef => ({
  kind,
  namespace: o.metadata?.namespace,
  name: o.metadata?.name ?? '',
});

/** The ordinal of a StatefulSet pod, from its name "<set>-<ordinal>". */
export function ordinalOf(setName: string, podName: string): number | undefined {
  if (!podName.startsWith(`${setName}-`)) return undefined;
  const rest = podName.slice(setName.length + 1);
  return /^\d+$/.test(rest) ? Number(rest) : undefined;
}

/**
 * OrderedReady StatefulSets create ordinal N+1 only once N is Running and Ready, and roll updates from the
 * highest ordinal down, one pod at a time: one pod that never becomes ready blocks every ordinal after it.
 */
function blockedOrdinal(set: StatefulSet, pods: readonly SetPod[]): Finding | undefined {
  if (set.spec?.podManagementPolicy === 'Parallel') return undefined;
  const name = set.metadata?.name ?? '';
  const start = set.spec?.ordinals?.start ?? 0;
  const wanted = set.spec?.replicas ?? 1;
  const byOrdinal = new Map<number, SetPod>();
  for (const pod of pods) {
    const ordinal = ordinalOf(name, pod.name);
    if (ordinal !== undefined) byOrdinal.set(ordinal, pod);
  }
  const missing: number[] = [];
  for (let o = start; o < start + wanted; o++) if (!byOrdinal.has(o)) missing.push(o);
  const updating =
    set.status?.updateRevision !== undefined && set.status.updateRevision !== set.status.currentRevision;
  const waitingOn = [...byOrdinal.entries()]
    .filter(([, p]) => !p.ready)
    .sort(([a], [b]) => a - b)
    .find(([ordinal, p]) =>
      missing.some((m) => m > ordinal) ? true : updating && p.revision === set.status?.updateRevision,
    );
  if (!waitingOn) return undefined;
  const [ordinal, pod] = waitingOn;
  const blocked = missing.filter((m) => m > ordinal);
  const top = pod.findings[0];
  const cause = top ? `: ${top.reason}: ${top.message}` : ` (${pod.status})`;
  const what = blocked.length
    ? `${blocked.length} pod(s) not created (${blocked
        .slice(0, 5)
        .map((m) => `${name}-${m}`)
        .join(', ')}${blocked.length > 5 ? ', …' : ''})`
    : `rolling update to revision ${set.status?.updateRevision} stopped`;
  return finding('StatefulSetBlockedOnOrdinal', refOf('StatefulSet', set), {
    message: `waits for pod ${pod.name} (ordinal ${ordinal}) to be Running and Ready; ${what}${cause}`,
    evidence: [
      `podManagementPolicy ${set.spec?.podManagementPolicy ?? 'OrderedReady'}, replicas ${wanted}, ${set.status?.readyReplicas ?? 0} ready`,
      ...(updating
        ? [`currentRevision ${set.status?.currentRevision}, updateRevision ${set.status?.updateRevision}`]
        : []),
      ...podEvidence([pod]),
    ],
    facts: { namespace: set.metadata?.namespace ?? '', pod: pod.name },
    severity: (set.status?.readyReplicas ?? 0) === 0 ? 'critical' : 'warning',
  });
}

export function diagnoseStatefulSet(set: StatefulSet, facts: SetFacts): Finding[] {
  const object = refOf('StatefulSet', set);
  const failed = latestFailedCreate(set.status?.conditions, facts.events);
  const blocked = failed ? undefined : blockedOrdinal(set, facts.pods);
  if (blocked) return [blocked];
  return diagnoseController(object, {
    ...facts,
    conditions: set.status?.conditions,
    wanted: set.spec?.replicas ?? 1,
    ready: set.status?.readyReplicas ?? 0,
  });
}

/**
 * The tolerations the daemonset controller adds to every pod it makes (AddOrUpdateDaemonPodTolerations,
 * pkg/controller/daemon/util/daemonset_util.go); network-unavailable only for hostNetwork pods.
 */
function daemonTolerations(ds: DaemonSet): Toleration[] {
  const own = ds.spec?.template?.spec?.tolerations ?? [];
  const added: Toleration[] = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
  ];
  if (ds.spec?.template?.spec?.hostNetwork)
    added.push({ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' });
  return [...own, ...added];
}

const isReady = (node: Node) =>
  node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

interface MissingNode {
  node: string;
  taint?: Taint;
}

/**
 * Ready nodes the DaemonSet's selector and affinity match (NodeShouldRunDaemonPod,
 * pkg/controller/daemon/daemon_controller.go) that run none of its pods, with the taint that keeps it off.
 * Taints that mirror a node condition or mark the control plane are left to the nodes area.
 */
export function nodesMissingDaemonPods(
  ds: DaemonSet,
  pods: readonly SetPod[],
  nodes: readonly Node[],
): { matching: number; missing: MissingNode[] } {
  const template = { spec: ds.spec?.template?.spec } as Pod;
  const pinned = ds.spec?.template?.spec?.nodeName;
  const tolerations = daemonTolerations(ds);
  const covered = new Set(pods.map((p) => p.node).filter(Boolean));
  let matching = 0;
  const missing: MissingNode[] = [];
  for (const node of nodes) {
    const name = node.metadata?.name ?? '';
    if (!isReady(node) || (pinned && pinned !== name) || !podCanSelectNode(template, node)) continue;
    const blocking = (node.spec?.taints ?? []).filter(
      (t) => isHardTaint(t) && !tolerations.some((tol) => toleratesTaint(tol, t)),
    );
    if (blocking.some(isReportedElsewhere)) continue;
    matching++;
    if (!covered.has(name)) missing.push({ node: name, taint: blocking[0] });
  }
  return { matching, missing };
}

export interface DaemonSetFacts extends SetFacts {
  /** Every node (the rule picks the Ready ones the DaemonSet selects). */
  nodes: readonly Node[];
}

export function diagnoseDaemonSet(ds: DaemonSet, facts: DaemonSetFacts): Finding[] {
  const object = refOf('DaemonSet', ds);
  const findings = diagnoseController(object, {
    ...facts,
    conditions: ds.status?.conditions,
    wanted: ds.status?.desiredNumberScheduled ?? 0,
    ready: ds.status?.numberReady ?? 0,
  });
  const { matching, missing } = nodesMissingDaemonPods(ds, facts.pods, facts.nodes);
  if (missing.length === 0) return findings;
  const tainted = missing.filter((m) => m.taint);
  const describe = (m: MissingNode) =>
    m.taint ? `${m.node} (taint ${taintText(m.taint)} not tolerated)` : `${m.node} (no pod yet)`;
  findings.push(
    finding('DaemonSetPodsMissing', object, {
      message: `runs on ${matching - missing.length} of ${matching} Ready node(s) its selector matches; missing on ${missing
        .slice(0, 5)
        .map(describe)
        .join(', ')}${missing.length > 5 ? `, and ${missing.length - 5} more` : ''}`,
      evidence: [
        `status: desired ${ds.status?.desiredNumberScheduled ?? 0}, scheduled ${ds.status?.currentNumberScheduled ?? 0}, ready ${ds.status?.numberReady ?? 0}`,
        ...missing
          .slice(0, 5)
          .map((m) => `node ${m.node}: ${m.taint ? `taint ${taintText(m.taint)}` : 'no pod'}`),
      ],
      facts: {
        namespace: object.namespace ?? '',
        name: object.name,
        taint: tainted[0]?.taint ? taintText(tainted[0].taint) : undefined,
      },
    }),
  );
  return findings;
}
