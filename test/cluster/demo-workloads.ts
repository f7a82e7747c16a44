/**
 * The pieces the demo scenario (./demo-scenario.ts) is told with: times in the past, the controllers of
 * its pods with the status their controllers write (words from pkg/controller/deployment/util/
 * deployment_util.go and pkg/controller/deployment/sync.go, v1.36), and the ages the apiserver will not
 * take (it sets metadata.creationTimestamp itself), which scripts/demo.ts writes into the snapshot.
 */
import { containerStatus, podStatus, time, unschedulablePodStatus, type ContainerSpec } from './builders.js';
import type { ControlPlane } from './controlplane.js';
import type { KubeObject } from './resources.js';

type Json = Record<string, unknown>;

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** The moment `ms` before now. */
export function ago(ms: number): Date {
  return new Date(Date.now() - ms);
}

/** How long ago each object of the demo was created, keyed `resource/namespace/name` as in a snapshot. */
export class Ages {
  readonly byKey = new Map<string, number>();
  set(resource: string, namespace: string | undefined, name: string, age: number): void {
    this.byKey.set(`${resource}/${namespace ?? ''}/${name}`, age);
  }
  get(resource: string, namespace: string | undefined, name: string): number | undefined {
    return this.byKey.get(`${resource}/${namespace ?? ''}/${name}`);
  }
}

/** The ownerReference a controller puts on what it creates. */
export function controllerRef(owner: KubeObject): Json {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

const condition = (type: string, ok: boolean, reason: string, message: string, since: Date) => ({
  type,
  status: ok ? 'True' : 'False',
  reason,
  message,
  lastUpdateTime: time(since),
  lastTransitionTime: time(since),
});

export interface Rollout {
  replicas: number;
  /** Pods of the newest ReplicaSet, of every ReplicaSet together (default: updated), and the ready ones. */
  updated: number;
  total?: number;
  ready: number;
  /** The newest ReplicaSet. */
  replicaSet: string;
  /** When availability last changed, and when the rollout last progressed (or passed its deadline). */
  availableSince: Date;
  progressedAt: Date;
  deadlineExceeded?: boolean;
}

/** A Deployment's status as the deployment controller writes it (maxUnavailable 25 %, rounded down). */
export function deploymentStatus(r: Rollout): Json {
  const total = r.total ?? r.updated;
  const minAvailable = r.replicas - Math.floor(r.replicas / 4);
  return {
    observedGeneration: 1,
    replicas: total,
    updatedReplicas: r.updated,
    readyReplicas: r.ready,
    availableReplicas: r.ready,
    ...(total > r.ready ? { unavailableReplicas: total - r.ready } : {}),
    conditions: [
      r.ready >= minAvailable
        ? condition(
            'Available',
            true,
            'MinimumReplicasAvailable',
            'Deployment has minimum availability.',
            r.availableSince,
          )
        : condition(
            'Available',
            false,
            'MinimumReplicasUnavailable',
            'Deployment does not have minimum availability.',
            r.availableSince,
          ),
      r.deadlineExceeded
        ? condition(
            'Progressing',
            false,
            'ProgressDeadlineExceeded',
            `ReplicaSet "${r.replicaSet}" has timed out progressing.`,
            r.progressedAt,
          )
        : condition(
            'Progressing',
            true,
            'NewReplicaSetAvailable',
            `ReplicaSet "${r.replicaSet}" has successfully progressed.`,
            r.progressedAt,
          ),
    ],
  };
}

/** The pod template of an app: one container, labelled app=NAME. */
export function template(app: string, container: ContainerSpec, extraLabels: Record<string, string> = {}) {
  return { metadata: { labels: { app, ...extraLabels } }, spec: { containers: [container] } };
}

export function deploymentObject(
  ns: string,
  app: string,
  opts: { replicas: number; revision: number; container: ContainerSpec; recreate?: boolean },
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: app,
      namespace: ns,
      labels: { app },
      annotations: { 'deployment.kubernetes.io/revision': String(opts.revision) },
    },
    spec: {
      replicas: opts.replicas,
      selector: { matchLabels: { app } },
      progressDeadlineSeconds: 600,
      ...(opts.recreate ? { strategy: { type: 'Recreate' } } : {}),
      template: template(app, opts.container),
    },
  };
}

/** A ReplicaSet of `deployment` for pod-template-hash `hash`, with the replicaset controller's status. */
export function replicaSetObject(
  deployment: KubeObject,
  hash: string,
  opts: { replicas: number; ready: number; revision: number; container: ContainerSpec },
): KubeObject {
  const app = deployment.metadata.name!;
  const labels = { app, 'pod-template-hash': hash };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${app}-${hash}`,
      namespace: deployment.metadata.namespace,
      labels,
      annotations: {
        'deployment.kubernetes.io/revision': String(opts.revision),
        'deployment.kubernetes.io/desired-replicas': String(
          (deployment['spec'] as { replicas: number }).replicas,
        ),
      },
      ownerReferences: [controllerRef(deployment)],
    },
    spec: {
      replicas: opts.replicas,
      selector: { matchLabels: labels },
      template: template(app, opts.container, { 'pod-template-hash': hash }),
    },
    status: {
      observedGeneration: 1,
      replicas: opts.replicas,
      fullyLabeledReplicas: opts.replicas,
      readyReplicas: opts.ready,
      availableReplicas: opts.ready,
    },
  };
}

/** One pod of the story: who made it, when, where, and what its kubelet reports. */
export interface DemoPod {
  ns: string;
  name: string;
  owner: KubeObject;
  labels: Record<string, string>;
  container: ContainerSpec;
  age: number;
  /** Scheduled pods: their node and IP (node-1's pod CIDR is 10.244.1.0/24). Unscheduled: the scheduler's message. */
  node?: string;
  ip?: string;
  unschedulable?: string;
  /** The container status (default: running and ready since the pod started). */
  state?: Json;
  phase?: 'Pending' | 'Running';
  /** When Ready last turned False. */
  notReadySince?: Date;
}

/** The pod's status as its kubelet (or, unscheduled, the scheduler) writes it, at the story's times. */
export function demoPodStatus(p: DemoPod): Json {
  const started = ago(p.age);
  if (p.unschedulable !== undefined) {
    const status = unschedulablePodStatus(p.unschedulable);
    for (const c of status['conditions'] as Json[]) c['lastTransitionTime'] = time(started);
    return status;
  }
  const state =
    p.state ?? containerStatus.running(p.container.name, { image: p.container.image, startedAt: started });
  const status = podStatus({
    containerStatuses: [state],
    podIP: p.ip,
    startTime: started,
    ...(p.phase ? { phase: p.phase } : {}),
  });
  for (const c of status['conditions'] as Json[])
    if (p.notReadySince && (c['type'] === 'Ready' || c['type'] === 'ContainersReady'))
      c['lastTransitionTime'] = time(p.notReadySince);
  return status;
}

/**
 * Creates the pod. A crash-looping container's waiting message names the pod as the kubelet does,
 * `name_namespace(uid)` (pkg/kubelet/kuberuntime/kuberuntime_manager.go, doBackOff; format.Pod), so it
 * is written once the apiserver has given the pod its uid.
 */
export async function seedDemoPod(cp: ControlPlane, ages: Ages, p: DemoPod): Promise<void> {
  ages.set('pods', p.ns, p.name, p.age);
  const status = demoPodStatus(p);
  const created = await cp.seed.pod(p.ns, p.name, {
    ...(p.node ? { node: p.node } : {}),
    labels: p.labels,
    ownerReferences: [controllerRef(p.owner)],
    containers: [p.container],
    status,
  });
  const statuses = (status['containerStatuses'] as Json[] | undefined) ?? [];
  const waiting = (s: Json) => (s['state'] as { waiting?: Json }).waiting;
  if (!statuses.some((s) => waiting(s)?.['reason'] === 'CrashLoopBackOff')) return;
  const named = statuses.map((s) => {
    const w = waiting(s);
    if (w?.['reason'] !== 'CrashLoopBackOff') return s;
    const message = `back-off 5m0s restarting failed container=${String(s['name'])} pod=${p.name}_${p.ns}(${created.metadata.uid})`;
    return { ...s, state: { waiting: { ...w, message } } };
  });
  await cp.seed.patchStatus(created, { containerStatuses: named });
}

/**
 * The saved snapshot `json` with each object's creationTimestamp set to its age in the story before
 * the capture (events: their first occurrence). Fails on an object the story gave no age, so nothing
 * is left reading "0s".
 */
export function backDate(json: string, ages: Ages): string {
  const snapshot = JSON.parse(json) as { takenAt: string; resources: Record<string, Json[]> };
  const taken = Date.parse(snapshot.takenAt);
  for (const [resource, items] of Object.entries(snapshot.resources)) {
    // A metrics sample is made when it is read: "now" is its true age.
    if (resource.endsWith('metrics')) continue;
    for (const item of items) {
      const meta = item['metadata'] as { name: string; namespace?: string; creationTimestamp?: string };
      const first = item['firstTimestamp'] ?? item['deprecatedFirstTimestamp'] ?? item['eventTime'];
      const age = ages.get(resource, meta.namespace, meta.name);
      if (typeof first === 'string') meta.creationTimestamp = time(Date.parse(first));
      else if (age !== undefined) meta.creationTimestamp = time(taken - age);
      else throw new Error(`the demo story gives ${resource}/${meta.namespace ?? ''}/${meta.name} no age`);
    }
  }
  return `${JSON.stringify(snapshot, null, 1)}\n`;
}

/** A ReplicaSet of the story: pod-template-hash, pods, ready pods, revision, age, image (default the Deployment's). */
type DemoReplicaSet = [
  hash: string,
  replicas: number,
  ready: number,
  revision: number,
  age: number,
  image?: string,
];

/**
 * A Deployment of the story: namespace, name, container, age, how long ago it last became (un)available
 * and last progressed (`stuck`: its progress deadline passed then), and its ReplicaSets newest first.
 */
export type DemoDeployment = [
  ns: string,
  name: string,
  container: ContainerSpec,
  age: number,
  rollout: { available: number; progressed: number; stuck?: boolean; recreate?: boolean },
  replicaSets: DemoReplicaSet[],
];

/** Creates the Deployment and its ReplicaSets with their controllers' status; returns the ReplicaSets. */
export async function seedDeployment(cp: ControlPlane, ages: Ages, d: DemoDeployment): Promise<KubeObject[]> {
  const [ns, name, container, age, rollout, sets] = d;
  const [newest, ...older] = sets as [DemoReplicaSet, ...DemoReplicaSet[]];
  const replicas = newest[1];
  const status = deploymentStatus({
    replicas,
    updated: newest[1],
    total: sets.reduce((n, rs) => n + rs[1], 0),
    ready: sets.reduce((n, rs) => n + rs[2], 0),
    replicaSet: `${name}-${newest[0]}`,
    availableSince: ago(rollout.available),
    progressedAt: ago(rollout.progressed),
    deadlineExceeded: rollout.stuck,
  });
  const object = deploymentObject(ns, name, {
    replicas,
    revision: newest[3],
    container,
    recreate: rollout.recreate,
  });
  ages.set('deployments', ns, name, age);
  const deployment = await cp.seed.create({ ...object, status });
  return Promise.all(
    [newest, ...older].map(([hash, pods, ready, revision, rsAge, image]) => {
      ages.set('replicasets', ns, `${name}-${hash}`, rsAge);
      const rsContainer = image ? { ...container, image } : container;
      return cp.seed.create(
        replicaSetObject(deployment, hash, { replicas: pods, ready, revision, container: rsContainer }),
      );
    }),
  );
}
