// Every reason code the node rules report, as data: severity, the README's one-line meaning, the hint
// (made from the facts the rule passes where it names objects) and the Kubernetes documentation behind it.

import { findingsOf, type ReasonSpec } from '../../diagnose/finding.js';

const NODE_DOCS = 'https://kubernetes.io/docs/concepts/architecture/nodes/';
const EVICTION_DOCS = 'https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/';
const RESOURCES_DOCS = 'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/';

type Resource = { resource: 'cpu' | 'memory' };

export const NODE_REASONS = {
  NodeNotReady: {
    severity: 'critical',
    title: "Ready=False: the kubelet's reason and message, and for how long.",
    hint: (f: { message: string }) => {
      if (/network plugin|cni|NetworkReady=false|runtime network not ready/i.test(f.message))
        return 'The container network (CNI) on the node is not ready: check the CNI pods on this node (kubectl diag pods -A -o wide) and the CNI configuration in /etc/cni/net.d.';
      if (/PLEG|container runtime|runtime is down|ContainerRuntime/i.test(f.message))
        return 'The kubelet cannot talk to the container runtime: check containerd/CRI-O on the node (systemctl status containerd, journalctl -u kubelet).';
      return 'The kubelet reports the node not ready: read its message, then check the kubelet and container runtime on the node (journalctl -u kubelet).';
    },
    docs: `${NODE_DOCS}#condition`,
  },
  NodeStatusUnknown: {
    severity: 'critical',
    title: 'The kubelet stopped posting status; says how long ago it last did.',
    hint: 'The control plane has lost contact with the kubelet: the machine may be down, cut off from the API server, or its kubelet stopped. Check the machine and `journalctl -u kubelet` on it; pods on it are evicted once their not-ready/unreachable tolerations run out (300 s by default).',
    docs: `${NODE_DOCS}#heartbeats`,
  },
  MemoryPressure: {
    severity: 'warning',
    title: 'The node is short of memory; the kubelet evicts pods.',
    hint: 'The kubelet evicts pods (BestEffort first, then those using more than they request) and refuses new BestEffort pods: set memory requests that match real usage, move workloads, or add memory.',
    docs: EVICTION_DOCS,
  },
  DiskPressure: {
    severity: 'warning',
    title: 'The node is short of disk; the kubelet garbage-collects images and evicts pods.',
    hint: 'The kubelet deletes unused images and evicts pods to free the root or image filesystem: look for large container logs, emptyDir volumes and images on the node, or grow its disk.',
    docs: EVICTION_DOCS,
  },
  PIDPressure: {
    severity: 'warning',
    title: 'The node is running out of process IDs.',
    hint: 'A pod may be leaking processes or threads: find it (kubectl diag pods -A -o wide, pods on this node) and set a pod PID limit (--pod-max-pids) on the kubelet.',
    docs: 'https://kubernetes.io/docs/concepts/policy/pid-limiting/',
  },
  NetworkUnavailable: {
    severity: 'critical',
    title: 'No route or CNI for the node.',
    hint: 'The cloud route or CNI for this node is missing, so its pods cannot reach others: check the CNI daemon on the node and, on clouds, the route controller.',
    docs: `${NODE_DOCS}#condition`,
  },
  Cordoned: {
    severity: 'info',
    title: 'spec.unschedulable: no new pods are placed on the node.',
    hint: 'Someone ran kubectl cordon or drain (maintenance, upgrade). If that work is done, `kubectl uncordon` it; pods already on it keep running.',
    docs: 'https://kubernetes.io/docs/tasks/administer-cluster/safely-drain-node/',
  },
  TaintNoPodTolerates: {
    severity: 'warning',
    title: 'A NoSchedule/NoExecute taint keeps pending pods (that could otherwise use the node) away.',
    hint: (f: { node: string; key: string; value: string | undefined; effect: string }) =>
      `If these pods should run here, give them a toleration {key: ${f.key}, operator: ${f.value ? 'Equal' : 'Exists'}${f.value ? `, value: ${f.value}` : ''}, effect: ${f.effect}}; if the taint is stale, remove it (kubectl taint nodes ${f.node} ${f.key}:${f.effect}-).`,
    docs: 'https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/',
  },
  Overcommitted: {
    severity: 'warning',
    title: 'Pod limits far above allocatable (≥150% memory or ≥200% CPU).',
    hint: (f: Resource) =>
      f.resource === 'memory'
        ? 'If the pods use the memory they are allowed at the same time, the kernel OOM-kills containers and the kubelet evicts pods: bring memory limits closer to requests, or spread these pods over more nodes.'
        : 'If the pods use the CPU they are allowed at the same time, they are throttled: raise CPU requests towards real usage so the scheduler spreads them, or add nodes.',
    docs: RESOURCES_DOCS,
  },
  HighRequestRatio: {
    severity: 'warning',
    title: 'Pod requests reach ≥90% of allocatable CPU or memory.',
    hint: (f: Resource & { words: string }) =>
      `Pods that request more ${f.words} than is left will not be scheduled here (Insufficient ${f.resource}): lower over-sized requests (compare with usage, kubectl top pods) or add nodes.`,
    docs: RESOURCES_DOCS,
  },
  HighUsage: {
    severity: 'warning',
    title: 'Measured usage reaches ≥90% of allocatable (metrics.k8s.io).',
    hint: (f: Resource) =>
      f.resource === 'memory'
        ? 'Near its allocatable memory the kubelet starts evicting pods: find the pods using more than they request (kubectl top pods) and give them honest requests, or move load off this node.'
        : 'The node is CPU-saturated and its pods are slowed down: find the busiest pods (kubectl top pods), raise their requests so the scheduler spreads them, or add nodes.',
    docs: EVICTION_DOCS,
  },
  TooManyPods: {
    severity: 'warning',
    title: 'Pods reach ≥90% of the pod capacity; critical when full.',
    hint: 'New pods will not be scheduled here once the pod limit is reached (Too many pods): spread workloads, clean up completed pods, or raise the kubelet --max-pods where the pod network allows it.',
    docs: `${NODE_DOCS}#node-capacity`,
  },
  KubeletVersionSkew: {
    severity: 'warning',
    title: 'The kubelet is older than the newest one in the cluster (warning at two minors).',
    hint: (f: { far: boolean }) =>
      f.far
        ? 'Kubelets may trail the API server by at most three minor versions: upgrade this node (drain, upgrade the kubelet, uncordon) before the next control-plane upgrade.'
        : 'Normal during a rolling upgrade; finish upgrading this node so all kubelets behave alike.',
    docs: 'https://kubernetes.io/releases/version-skew-policy/#kubelet',
  },
} as const satisfies Record<string, ReasonSpec>;

export const finding = findingsOf(NODE_REASONS);
