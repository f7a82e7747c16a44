/**
 * Scenario helpers for the live plane (kube-scheduler, kube-controller-manager, kwok). They only do
 * what a user or an operator would: create and change objects, cordon and taint nodes, stop a node.
 * They never write a status; they wait until the real components have written theirs.
 *
 *   const cp = livePlane();
 *   const ns = await cp.scenario.namespace();
 *   const node = await cp.scenario.node();                 // kwok plays its kubelet: Ready in ~1 s
 *   await cp.scenario.deployment(ns, 'web', { replicas: 2, nodeSelector: cp.scenario.onNode(node) });
 *   await cp.scenario.waitForDeploymentReady(ns, 'web');   // pods Running+Ready, made by the controllers
 */
import { setTimeout as delay } from 'node:timers/promises';
import { kwokNodeLabel } from './components.js';
import { uniqueSuffix } from './builders.js';
import type { KubeObject } from './resources.js';
import type { Seeder } from './seed.js';

type Json = Record<string, unknown>;

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

export interface LiveNodeOptions {
  /** Extra labels (the kwok label is always set). */
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
}

export interface LiveWorkloadOptions {
  replicas?: number;
  image?: string;
  labels?: Record<string, string>;
  /** Pod template annotations (e.g. a kwok fault, see test/cluster/kwok/faults.yaml). */
  annotations?: Record<string, string>;
  nodeSelector?: Record<string, string>;
  /** Container resource requests, e.g. { cpu: '500m' }. */
  requests?: Record<string, string>;
  limits?: Record<string, string>;
  /** Container port (for Services). */
  port?: number;
  tolerations?: Json[];
}

export class WaitTimeout extends Error {
  constructor(what: string, ms: number, last: unknown) {
    super(
      `timed out after ${ms / 1000} s waiting for ${what}; last seen: ${JSON.stringify(last)?.slice(0, 1500)}`,
    );
    this.name = 'WaitTimeout';
  }
}

export class LiveScenario {
  constructor(private readonly seed: Seeder) {}

  // ------------------------------------------------------------------ waiting

  /**
   * Polls `probe` until it returns something other than undefined; the answer is returned. On timeout
   * the error shows the last value `observe` saw (default: the last probe answer), so a failure says
   * what the components did instead.
   */
  async waitFor<T>(
    what: string,
    probe: () => Promise<T | undefined>,
    opts: { timeoutMs?: number; everyMs?: number; observe?: () => Promise<unknown> } = {},
  ): Promise<T> {
    const timeoutMs = opts.timeoutMs ?? 30_000;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new WaitTimeout(what, timeoutMs, await opts.observe?.());
      await delay(opts.everyMs ?? 200);
    }
  }

  // ------------------------------------------------------------------ namespaces and nodes

  /** A fresh namespace; its `default` ServiceAccount comes from the serviceaccount controller. */
  async namespace(prefix = 'live'): Promise<string> {
    const name = this.seed.uniqueName(prefix);
    await this.seed.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    await this.waitFor(`ServiceAccount ${name}/default from the serviceaccount controller`, async () =>
      this.seed.get({ apiVersion: 'v1', kind: 'ServiceAccount', namespace: name, name: 'default' }),
    );
    return name;
  }

  /**
   * Registers a Node (metadata and spec only, as a kubelet's registration would carry) labelled for
   * kwok, and waits until kwok has made it Ready. Returns its name.
   */
  async node(name = `kwok-${uniqueSuffix()}`, opts: LiveNodeOptions = {}): Promise<string> {
    await this.seed.create({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name,
        labels: {
          [kwokNodeLabel.key]: kwokNodeLabel.value,
          'kubernetes.io/hostname': name,
          'kubernetes.io/os': 'linux',
          'kubernetes.io/arch': 'amd64',
          ...opts.labels,
        },
      },
      spec: { taints: opts.taints ?? [], unschedulable: opts.unschedulable ?? false },
    });
    await this.waitForNodeCondition(name, 'Ready', 'True');
    // Ready=True comes first; the node-lifecycle controller lifts the node.kubernetes.io/not-ready taint it
    // was created with a moment later. Until then the scheduler counts the node as tainted, not as the one
    // whose resources or selector decide (as a test on a busy machine saw).
    await this.waitFor(`node ${name} without the not-ready taint`, async () => {
      const node = await this.seed.get({ apiVersion: 'v1', kind: 'Node', name });
      const taints = ((node?.['spec'] as Json | undefined)?.['taints'] as Taint[] | undefined) ?? [];
      return taints.some((t) => t.key === 'node.kubernetes.io/not-ready') ? undefined : node;
    });
    return name;
  }

  /** A nodeSelector that pins pods to one node (each test its own nodes, so tests do not interfere). */
  onNode(node: string): Record<string, string> {
    return { 'kubernetes.io/hostname': node };
  }

  async waitForNodeCondition(
    name: string,
    type: string,
    status: string,
    timeoutMs = 30_000,
  ): Promise<KubeObject> {
    let last: unknown;
    return this.waitFor(
      `node ${name} ${type}=${status}`,
      async () => {
        const node = await this.seed.get({ apiVersion: 'v1', kind: 'Node', name });
        last = conditions(node).find((c) => c.type === type);
        return conditions(node).some((c) => c.type === type && c.status === status) ? node : undefined;
      },
      { timeoutMs, observe: async () => last },
    );
  }

  /**
   * The node's kubelet falls silent: kwok stops managing it (the label that selects it is removed),
   * so its Lease is no longer renewed and node-lifecycle, after the grace period, marks it Unknown
   * and taints it unreachable.
   */
  async stopHeartbeats(name: string): Promise<void> {
    await this.seed.patch(
      { apiVersion: 'v1', kind: 'Node', name },
      { metadata: { labels: { [kwokNodeLabel.key]: null } } },
    );
  }

  /** `kubectl cordon`. */
  async cordon(name: string): Promise<void> {
    await this.seed.patch({ apiVersion: 'v1', kind: 'Node', name }, { spec: { unschedulable: true } });
  }

  /** `kubectl taint nodes NAME key=value:effect` (adds to the node's taints). */
  async taint(name: string, taint: Taint): Promise<void> {
    const node = await this.seed.get({ apiVersion: 'v1', kind: 'Node', name });
    const taints = ((node?.['spec'] as Json | undefined)?.['taints'] as Taint[] | undefined) ?? [];
    await this.seed.patch({ apiVersion: 'v1', kind: 'Node', name }, { spec: { taints: [...taints, taint] } });
  }

  // ------------------------------------------------------------------ workloads

  /** Creates a Deployment (apps/v1); the deployment and replicaset controllers make its pods. */
  async deployment(ns: string, name: string, opts: LiveWorkloadOptions = {}): Promise<KubeObject> {
    const labels = opts.labels ?? { app: name };
    return this.seed.create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: ns, labels },
      spec: {
        replicas: opts.replicas ?? 1,
        selector: { matchLabels: labels },
        // Fast rollouts: no minimum wait before a new pod counts as available.
        minReadySeconds: 0,
        template: podTemplate(labels, opts),
      },
    });
  }

  /** `kubectl set image deployment/NAME *=IMAGE`: a new ReplicaSet rolls out. */
  async setImage(ns: string, name: string, image: string): Promise<void> {
    const deploy = await this.seed.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name });
    const template = (deploy?.['spec'] as Json)['template'] as Json;
    const containers = ((template['spec'] as Json)['containers'] as Json[]).map((c) => ({
      name: c['name'],
      image,
    }));
    await this.seed.patch(
      { apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name },
      { spec: { template: { spec: { containers } } } },
      'strategic',
    );
  }

  /** `kubectl scale`. */
  async scale(ns: string, name: string, replicas: number): Promise<void> {
    await this.seed.patch(
      { apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name },
      { spec: { replicas } },
    );
  }

  /** A bare Pod (no controller); the scheduler places it, kwok runs it. */
  async pod(ns: string, name: string, opts: LiveWorkloadOptions = {}): Promise<KubeObject> {
    const template = podTemplate(opts.labels ?? { app: name }, opts);
    return this.seed.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { ...(template['metadata'] as Json), name, namespace: ns },
      spec: template['spec'],
    });
  }

  /** Waits until the deployment controller reports every replica updated, ready and available. */
  async waitForDeploymentReady(ns: string, name: string, timeoutMs = 45_000): Promise<KubeObject> {
    let last: unknown;
    return this.waitFor(
      `deployment ${ns}/${name} rolled out`,
      async () => {
        const d = await this.seed.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name });
        const spec = d?.['spec'] as Json | undefined;
        const status = (d?.['status'] as Json | undefined) ?? {};
        last = status;
        const want = (spec?.['replicas'] as number | undefined) ?? 1;
        const meta = d?.['metadata'] as Json | undefined;
        const done =
          status['observedGeneration'] === meta?.['generation'] &&
          status['updatedReplicas'] === want &&
          status['readyReplicas'] === want &&
          status['availableReplicas'] === want &&
          (status['replicas'] ?? 0) === want;
        return done ? d : undefined;
      },
      { timeoutMs, observe: async () => last },
    );
  }

  /** Pods of a workload by label selector. */
  async pods(ns: string, labelSelector: string): Promise<KubeObject[]> {
    return this.seed.list('v1', 'Pod', { namespace: ns, labelSelector });
  }

  /** Waits until `count` pods match and `check` holds for all of them. */
  async waitForPods(
    ns: string,
    labelSelector: string,
    what: string,
    check: (pod: KubeObject) => boolean,
    opts: { count?: number; timeoutMs?: number } = {},
  ): Promise<KubeObject[]> {
    let last: unknown;
    return this.waitFor(
      `pods ${ns} -l ${labelSelector}: ${what}`,
      async () => {
        const pods = await this.pods(ns, labelSelector);
        last = pods.map((p) => ({ name: p.metadata.name, status: p['status'] }));
        const enough = opts.count === undefined ? pods.length > 0 : pods.length === opts.count;
        return enough && pods.every(check) ? pods : undefined;
      },
      { timeoutMs: opts.timeoutMs, observe: async () => last },
    );
  }

  // ------------------------------------------------------------------ services

  async service(ns: string, name: string, selector: Record<string, string>, port = 80, targetPort = 8080) {
    return this.seed.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: ns },
      spec: { selector, ports: [{ name: 'http', port, targetPort, protocol: 'TCP' }] },
    });
  }

  /** The EndpointSlices of a Service once the endpointslice controller lists `ready` ready endpoints. */
  async waitForReadyEndpoints(
    ns: string,
    service: string,
    ready: number,
    timeoutMs = 30_000,
  ): Promise<KubeObject[]> {
    let last: unknown;
    return this.waitFor(
      `${ready} ready endpoints of service ${ns}/${service}`,
      async () => {
        const slices = await this.seed.list('discovery.k8s.io/v1', 'EndpointSlice', {
          namespace: ns,
          labelSelector: `kubernetes.io/service-name=${service}`,
        });
        last = slices.map((s) => s['endpoints']);
        const count = slices
          .flatMap((s) => (s['endpoints'] as Json[] | undefined) ?? [])
          .filter((e) => (e['conditions'] as Json | undefined)?.['ready'] === true).length;
        return count === ready && slices.length > 0 ? slices : undefined;
      },
      { timeoutMs, observe: async () => last },
    );
  }

  // ------------------------------------------------------------------ quota and storage

  /** A ResourceQuota, returned once the resourcequota controller has computed its usage. */
  async resourceQuota(ns: string, name: string, hard: Record<string, string>): Promise<KubeObject> {
    await this.seed.create({
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name, namespace: ns },
      spec: { hard },
    });
    return this.waitFor(`quota ${ns}/${name} status from the resourcequota controller`, async () => {
      const q = await this.seed.get({ apiVersion: 'v1', kind: 'ResourceQuota', namespace: ns, name });
      const status = q?.['status'] as Json | undefined;
      return status?.['hard'] && status['used'] ? q : undefined;
    });
  }

  /** A PVC naming a StorageClass that does not exist: the PV controller can never bind it. */
  async unbindablePvc(ns: string, name: string, storageClassName = 'does-not-exist'): Promise<KubeObject> {
    return this.seed.create({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name, namespace: ns },
      spec: {
        accessModes: ['ReadWriteOnce'],
        storageClassName,
        resources: { requests: { storage: '1Gi' } },
      },
    });
  }

  // ------------------------------------------------------------------ events and conditions

  /** core/v1 Events about an object (by kind and name), newest last. */
  async events(ns: string, kind: string, name: string): Promise<KubeObject[]> {
    const events = await this.seed.list('v1', 'Event', {
      namespace: ns,
      fieldSelector: `involvedObject.kind=${kind},involvedObject.name=${name}`,
    });
    return events;
  }

  /** Waits for an Event with `reason` about the object (from whichever component records it). */
  async waitForEvent(
    ns: string,
    kind: string,
    name: string,
    reason: string,
    timeoutMs = 30_000,
  ): Promise<KubeObject> {
    let last: unknown;
    return this.waitFor(
      `a ${reason} event about ${kind} ${ns}/${name}`,
      async () => {
        const events = await this.events(ns, kind, name);
        last = events.map((e) => `${e['reason'] as string}: ${e['message'] as string}`);
        return events.find((e) => e['reason'] === reason);
      },
      { timeoutMs, observe: async () => last },
    );
  }

  /** Waits until the object has a condition of `type` (and `status`, if given); returns the condition. */
  async waitForCondition(
    ref: { apiVersion: string; kind: string; namespace?: string; name: string },
    type: string,
    status?: string,
    timeoutMs = 30_000,
  ): Promise<Condition> {
    let last: unknown;
    return this.waitFor(
      `${ref.kind} ${ref.namespace ?? ''}/${ref.name} condition ${type}${status ? `=${status}` : ''}`,
      async () => {
        const obj = await this.seed.get(ref);
        last = conditions(obj);
        return conditions(obj).find((c) => c.type === type && (status === undefined || c.status === status));
      },
      { timeoutMs, observe: async () => last },
    );
  }
}

function conditions(obj: KubeObject | undefined): Condition[] {
  return ((obj?.['status'] as Json | undefined)?.['conditions'] as Condition[] | undefined) ?? [];
}

function podTemplate(labels: Record<string, string>, opts: LiveWorkloadOptions): Json {
  const resources: Json = {};
  if (opts.requests) resources['requests'] = opts.requests;
  if (opts.limits) resources['limits'] = opts.limits;
  return {
    metadata: { labels, ...(opts.annotations ? { annotations: opts.annotations } : {}) },
    spec: {
      containers: [
        {
          name: 'app',
          image: opts.image ?? 'registry.k8s.io/pause:3.10',
          ...(opts.port ? { ports: [{ containerPort: opts.port, name: 'http' }] } : {}),
          ...(Object.keys(resources).length > 0 ? { resources } : {}),
        },
      ],
      ...(opts.nodeSelector ? { nodeSelector: opts.nodeSelector } : {}),
      ...(opts.tolerations ? { tolerations: opts.tolerations } : {}),
      // kwok ends a deleted pod at once; no need to wait out the default 30 s grace in rollouts.
      terminationGracePeriodSeconds: 0,
    },
  };
}
