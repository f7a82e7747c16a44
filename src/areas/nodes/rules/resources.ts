// Pods and their resources: what each pod reserves on its node, and a node's allocation.

import type { Node, Pod } from '../../../kube/types.js';
import { bytes, milliCores } from '../../../kube/quantity.js';
import type { NodeAllocation, PodResources, ResourceAmounts } from './facts.js';

/** Succeeded and Failed pods hold no resources on their node. */
export function isTerminated(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** Pending and not bound to a node: waiting for the scheduler. */
export function isUnscheduled(pod: Pod): boolean {
  return pod.status?.phase === 'Pending' && !pod.spec?.nodeName && !pod.metadata?.deletionTimestamp;
}

function amounts(map: Record<string, string> | undefined): ResourceAmounts {
  return { cpu: milliCores(map?.cpu), memory: bytes(map?.memory) };
}

function add(a: ResourceAmounts, b: ResourceAmounts): ResourceAmounts {
  return { cpu: a.cpu + b.cpu, memory: a.memory + b.memory };
}

function max(a: ResourceAmounts, b: ResourceAmounts): ResourceAmounts {
  return { cpu: Math.max(a.cpu, b.cpu), memory: Math.max(a.memory, b.memory) };
}

const ZERO: ResourceAmounts = { cpu: 0, memory: 0 };

/**
 * What a pod reserves on its node, the way the scheduler and `kubectl describe node` count it: the sum
 * of its containers, or the largest init container if that is more (init containers run one at a time,
 * each alongside the sidecars started before it), plus the RuntimeClass overhead.
 */
function effectiveAmounts(pod: Pod, field: 'requests' | 'limits'): ResourceAmounts {
  let total = (pod.spec?.containers ?? []).reduce((sum, c) => add(sum, amounts(c.resources?.[field])), ZERO);
  let sidecars = ZERO;
  let largestInit = ZERO;
  for (const init of pod.spec?.initContainers ?? []) {
    const own = amounts(init.resources?.[field]);
    if (init.restartPolicy === 'Always') {
      // A sidecar keeps running next to the app containers.
      total = add(total, own);
      sidecars = add(sidecars, own);
      largestInit = max(largestInit, sidecars);
    } else {
      largestInit = max(largestInit, add(own, sidecars));
    }
  }
  return add(max(total, largestInit), amounts(pod.spec?.overhead));
}

export function podResources(pod: Pod): PodResources {
  return { requests: effectiveAmounts(pod, 'requests'), limits: effectiveAmounts(pod, 'limits') };
}

/** Allocatable, capacity, and the requests and limits of the non-terminated pods given. */
export function nodeAllocation(node: Node, pods: Pod[]): NodeAllocation {
  const running = pods.filter((p) => !isTerminated(p));
  let requests = ZERO;
  let limits = ZERO;
  for (const pod of running) {
    const resources = podResources(pod);
    requests = add(requests, resources.requests);
    limits = add(limits, resources.limits);
  }
  const capacity = node.status?.capacity;
  const allocatable = node.status?.allocatable ?? capacity;
  return {
    capacity: { ...amounts(capacity), pods: Number(capacity?.pods ?? 0) || 0 },
    allocatable: { ...amounts(allocatable), pods: Number(allocatable?.pods ?? 0) || 0 },
    requests,
    limits,
    pods: running.length,
  };
}

/** part/whole, undefined when the whole is unknown (a node without allocatable). */
export function ratio(part: number, whole: number): number | undefined {
  return whole > 0 ? part / whole : undefined;
}

export function percent(part: number, whole: number): number | undefined {
  const r = ratio(part, whole);
  return r === undefined ? undefined : Math.round(r * 100);
}
