// Every reason code the pod rules report, as data: severity, the README's one-line meaning, the hint
// (made from the facts the rule passes where they decide it) and the Kubernetes documentation behind it.

import { findingsOf, type ReasonSpec } from '../../diagnose/finding.js';
import type { ContainerStateTerminated } from '../../kube/types.js';
import type { SchedulingFacts } from './rules/scheduling.js';

const LIFECYCLE_DOCS = 'https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/';
const IMAGES_DOCS = 'https://kubernetes.io/docs/concepts/containers/images/';
const PROBES_DOCS =
  'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/';
const HOOKS_DOCS = 'https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/';

/** The termination a hint explains (undefined when none is recorded) and the container's memory limit. */
interface ExitFacts {
  exit: ContainerStateTerminated | undefined;
  memoryLimit: string | undefined;
  /** Whether the kubelet recorded liveness probe failures or a kill for them. */
  liveness: boolean;
}

/** What an exit code usually means. */
function exitHint({ exit, memoryLimit, liveness }: ExitFacts): string {
  if (!exit) return 'Read the log of the previous instance to see why it stopped.';
  if (liveness && exit.reason !== 'OOMKilled')
    return 'The kubelet killed it after its liveness probe failed: check that the probe matches what the app serves, and give slow starts a startupProbe.';
  if (exit.message?.trim() && exit.exitCode !== 0)
    return 'The container said why it stopped (its termination message or the runtime error above): fix that cause; the log of the previous instance has the details.';
  if (exit.reason === 'OOMKilled') {
    return memoryLimit
      ? `The kernel killed it for using more memory than its limit (${memoryLimit}): raise resources.limits.memory or reduce the memory the process uses.`
      : 'It has no memory limit, so it was killed when its node ran out of memory (it may not be the one using the most): set resources.requests.memory to what it really uses so the scheduler reserves it, add a limit, and check the node (kubectl diag nodes).';
  }
  switch (exit.exitCode) {
    case 0:
      return 'The process exits successfully but the pod restarts it: a container under restartPolicy Always must keep running (check the command).';
    case 126:
      return 'Exit 126: the command is not executable (permissions or wrong binary for the image).';
    case 127:
      return 'Exit 127: the command was not found in the image; check command/args and the image.';
    case 137:
      return 'Exit 137 (SIGKILL), not OOMKilled, and the kubelet recorded no probe kill: something outside the process killed it (a preStop timeout, the runtime, or a kill on the node); read the previous log and the pod events.';
    case 139:
      return 'Exit 139: the process crashed with a segmentation fault.';
    case 143:
      return 'Exit 143 (SIGTERM): the container was asked to stop; if unexpected, check probes and the node.';
    default:
      return 'The process exited with an error: read the log of the previous instance (kubectl diag pods NAME shows its tail).';
  }
}

function imageHint({ message }: { message: string }): string {
  if (/not found|manifest unknown|does not exist|no such manifest/i.test(message)) {
    return 'The image or tag does not exist in the registry: check the image name and tag.';
  }
  if (/unauthorized|authentication required|denied|forbidden|401|403/i.test(message)) {
    return 'The registry refused the pull: add or fix imagePullSecrets (or the node credentials) for this registry.';
  }
  if (/no such host|timeout|i\/o timeout|connection refused|TLS handshake|dial tcp/i.test(message)) {
    return 'The node cannot reach the registry: check DNS, proxy and egress rules from the node.';
  }
  return 'Check the image name, tag and registry credentials (imagePullSecrets).';
}

function configHint({ message }: { message: string }): string {
  const key = /couldn't find key (\S+) in (ConfigMap|Secret) (\S+)/.exec(message);
  if (key)
    return `${key[2]} ${key[3]} has no key "${key[1]}": add the key or fix the reference in env/envFrom.`;
  const missing = /(configmap|secret) "([^"]+)" not found/i.exec(message);
  if (missing)
    return `The ${missing[1]} "${missing[2]}" the pod references does not exist in its namespace: create it or fix the name.`;
  return 'A ConfigMap, Secret or key the container references is missing or invalid.';
}

/**
 * The hint follows the reason that rejected the most nodes (parsed from the scheduler's message) and names the
 * objects the rule found behind it; it never speaks of a cause the message does not contain.
 */
function schedulingHint(f: SchedulingFacts): string {
  const named = f.objects ? ` (${f.objects})` : '';
  switch (f.dominant) {
    case 'cordoned':
      return `The nodes the pod could use are cordoned${named}: uncordon them (kubectl uncordon NODE) once their maintenance is done, or add nodes.`;
    case 'unknownConditions':
      return 'The candidate nodes report unknown conditions: their kubelets stopped reporting (kubectl diag nodes).';
    case 'taint':
      // pkg/controller/nodelifecycle sets node.kubernetes.io/* taints for a condition: the node is the problem.
      if (f.objects && f.objects.split(', ').every((t) => t.startsWith('node.kubernetes.io/')))
        return `The nodes the pod could use are not ready, unreachable or under pressure, and tainted for it${named}: fix the nodes (kubectl diag nodes); a toleration would only hide the problem.`;
      return `The nodes carry taints the pod does not tolerate${named}: add a matching toleration to the pod, or remove the taint if it is stale (kubectl diag nodes lists taints).`;
    case 'nodeAffinity':
      return f.nodeSelector
        ? `No node carries the labels the pod's nodeSelector asks for (${f.nodeSelector}${f.hasRequiredAffinity ? ' plus its required node affinity' : ''}): label a node or fix the selector.`
        : f.hasRequiredAffinity
          ? "No node satisfies the pod's required node affinity: fix the affinity terms or label a node."
          : "No node matches the pod's node selector/affinity: compare the pod's constraints with the node labels.";
    case 'enforcedAffinity':
      return "The scheduler profile's enforced node affinity (addedAffinity) excludes these nodes: check the scheduler configuration.";
    case 'nodeName':
      return 'The pod names a node (spec.nodeName) that cannot take it.';
    case 'ports':
      return 'Another pod already uses the hostPort the pod asks for on every candidate node: drop hostPort or spread the pods.';
    case 'resources':
      return f.resource === 'pods'
        ? 'Every candidate node runs its maximum number of pods (Too many pods): add nodes or raise --max-pods.'
        : `No node has enough free ${f.resource} for the pod's requests (${f.requests || 'none set'}): lower the requests, free capacity, or add nodes (kubectl diag nodes shows requested vs allocatable).`;
    case 'volumeNodeAffinity':
    case 'volumeZone':
      return `The pod's volume is pinned to a zone or nodes where it cannot run${named}: run the pod where the volume is (nodes in that zone), or recreate the volume in a zone with schedulable nodes (WaitForFirstConsumer avoids this).`;
    case 'volumeBind':
      return "No PersistentVolume can bind the pod's claim on the candidate nodes: create a matching volume or use a StorageClass that provisions one (kubectl diag storage).";
    case 'volumeSpace':
      return 'The local storage on the candidate nodes has too little free capacity for the claim (kubectl diag storage).';
    case 'volumeMissingPV':
    case 'unboundClaims':
    case 'claimMissing':
      return `A claim the pod mounts is not usable${named}: the claim's own finding says why (kubectl diag storage).`;
    case 'volumeLimit':
      return 'The candidate nodes have reached their limit of attached volumes: spread the pods or use fewer volumes per node.';
    case 'diskConflict':
    case 'readWriteOncePod':
      return 'The volume is already in use by another pod that holds it exclusively: that pod must go first.';
    case 'podAffinity':
      return 'The pods this pod wants to run next to (podAffinity) are on no candidate node: check the affinity labels and topologyKey.';
    case 'podAntiAffinity':
    case 'existingAntiAffinity':
      return 'Pod anti-affinity keeps it off every candidate node: there are more replicas than topology domains; relax to preferred anti-affinity or add nodes.';
    case 'topologySpread':
      return 'The topology spread constraints cannot be met (maxSkew with DoNotSchedule, or nodes without the topology label): relax whenUnsatisfiable or add nodes in the missing domains.';
    case 'features':
      return 'No node declares the features the pod requires: upgrade or enable them on a node.';
    default:
      return "Read the scheduler's message: it says why each node was rejected.";
  }
}

const RUNTIME_HINT =
  'The runtime could not create or start the container: check command, mounts and security context.';

export const POD_REASONS = {
  CrashLoopBackOff: {
    severity: 'critical',
    title: 'A container keeps crashing; the last exit reason and code say why.',
    hint: exitHint,
    docs: `${LIFECYCLE_DOCS}#container-restarts`,
  },
  OOMKilled: {
    severity: 'critical',
    title: 'A container was killed for exceeding its memory limit (or the node ran out of memory).',
    hint: exitHint,
    docs: 'https://kubernetes.io/docs/tasks/configure-pod-container/assign-memory-resource/',
  },
  ImagePullBackOff: {
    severity: 'critical',
    title: 'The image cannot be pulled; the kubelet is backing off.',
    hint: imageHint,
    docs: `${IMAGES_DOCS}#imagepullbackoff`,
  },
  ErrImagePull: {
    severity: 'critical',
    title: 'The last image pull failed (missing tag, registry credentials, or registry unreachable).',
    hint: imageHint,
    docs: IMAGES_DOCS,
  },
  InvalidImageName: {
    severity: 'critical',
    title: 'The image reference is malformed.',
    hint: 'The image reference is malformed: fix spec.containers[].image.',
    docs: `${IMAGES_DOCS}#image-names`,
  },
  ErrImageNeverPull: {
    severity: 'critical',
    title: 'imagePullPolicy Never and the image is not on the node.',
    hint: imageHint,
    docs: `${IMAGES_DOCS}#image-pull-policy`,
  },
  CreateContainerConfigError: {
    severity: 'critical',
    title: 'A ConfigMap, Secret or key the container references is missing.',
    hint: configHint,
    docs: 'https://kubernetes.io/docs/concepts/configuration/configmap/',
  },
  CreateContainerError: {
    severity: 'critical',
    title: 'The runtime could not create the container.',
    hint: RUNTIME_HINT,
    docs: LIFECYCLE_DOCS,
  },
  RunContainerError: {
    severity: 'critical',
    title: 'The runtime could not start the container.',
    hint: RUNTIME_HINT,
    docs: LIFECYCLE_DOCS,
  },
  PreCreateHookError: {
    severity: 'critical',
    title: 'A pre-create hook failed.',
    hint: RUNTIME_HINT,
    docs: HOOKS_DOCS,
  },
  PostStartHookError: {
    severity: 'critical',
    title: 'The postStart hook failed.',
    hint: RUNTIME_HINT,
    docs: HOOKS_DOCS,
  },
  ContainerWaiting: {
    severity: 'warning',
    title: 'A container waits for another reason the kubelet reported.',
    hint: 'Check the pod events for why the container cannot start.',
    docs: `${LIFECYCLE_DOCS}#container-state-waiting`,
  },
  StuckContainerCreating: {
    severity: 'warning',
    title: 'Containers are not created: a volume cannot mount, or the sandbox/network fails.',
    hint: (f: { blocker: string | undefined; multiAttach: boolean; message: string }) =>
      f.multiAttach
        ? 'The volume is still attached to another node (ReadWriteOnce): the pod holding it there must stop first; kubectl diag storage shows its VolumeAttachment.'
        : /configmap|secret/i.test(f.message) && /not found/.test(f.message)
          ? 'The ConfigMap or Secret the volume mounts does not exist in the namespace: create it or fix the name.'
          : f.blocker === 'FailedMount' || f.blocker === 'FailedAttachVolume'
            ? 'A volume cannot be mounted: check that the referenced ConfigMap/Secret/PVC exists and the volume can attach to this node (kubectl diag storage).'
            : f.blocker === 'FailedCreatePodSandBox'
              ? 'The node could not create the pod sandbox: usually the CNI network plugin or the container runtime on that node is failing.'
              : 'Nothing explains the wait yet: check the node and its kubelet (kubectl diag nodes).',
    docs: `${LIFECYCLE_DOCS}#container-state-waiting`,
  },
  NonZeroExit: {
    severity: 'warning',
    title: 'A container exited with a non-zero code.',
    hint: exitHint,
    docs: `${LIFECYCLE_DOCS}#container-state-terminated`,
  },
  FrequentRestarts: {
    severity: 'warning',
    title: 'A container that runs now has restarted many times.',
    hint: exitHint,
    docs: `${LIFECYCLE_DOCS}#container-restarts`,
  },
  LivenessProbeFailed: {
    severity: 'warning',
    title: 'The liveness probe fails; the kubelet restarts the container.',
    hint: 'The kubelet restarts the container when the liveness probe fails: check the probe, and give slow starts a startupProbe or a longer initialDelaySeconds.',
    docs: PROBES_DOCS,
  },
  ReadinessProbeFailed: {
    severity: 'warning',
    title: 'The readiness probe fails; the pod gets no Service traffic.',
    hint: 'The pod is taken out of its Services while the readiness probe fails: check the probe path/port and what the app answers.',
    docs: PROBES_DOCS,
  },
  StartupProbeFailed: {
    severity: 'warning',
    title: 'The startup probe has not passed yet.',
    hint: 'The startup probe has not passed yet: the app starts slowly or the probe is wrong; raise failureThreshold × periodSeconds if it is just slow.',
    docs: PROBES_DOCS,
  },
  ContainerNotReady: {
    severity: 'warning',
    title: 'A running container is not ready and no probe event explains it.',
    hint: 'The pod receives no Service traffic while not ready: check the readiness probe and the app.',
    docs: `${LIFECYCLE_DOCS}#pod-conditions`,
  },
  Unschedulable: {
    severity: 'critical',
    title: 'The scheduler found no node; its message says why (resources, taints, selectors, volumes).',
    hint: schedulingHint,
    docs: 'https://kubernetes.io/docs/concepts/scheduling-eviction/kube-scheduler/',
  },
  NotScheduled: {
    severity: 'warning',
    title: 'No scheduling decision at all for minutes: the scheduler may not be running.',
    hint: (f: { scheduler: string }) =>
      `No scheduler has looked at this pod: check that ${f.scheduler} is running.`,
    docs: 'https://kubernetes.io/docs/concepts/scheduling-eviction/kube-scheduler/',
  },
  Evicted: {
    severity: 'warning',
    title: 'The kubelet evicted the pod under node pressure.',
    hint: 'The kubelet evicted it under node pressure: set requests/limits that match real usage and check the node (kubectl diag nodes). Evicted pods stay listed until deleted.',
    docs: 'https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/',
  },
  StuckTerminating: {
    severity: 'warning',
    title: 'The pod outlived its grace period: a finalizer or an unreachable node holds it.',
    hint: (f: { finalizers: boolean }) =>
      f.finalizers
        ? 'A finalizer keeps the pod: the controller that owns it must remove it (or it is gone and the finalizer must be removed by hand).'
        : 'The kubelet on its node has not confirmed the stop: the node may be down or unreachable (kubectl diag nodes).',
    docs: `${LIFECYCLE_DOCS}#pod-termination`,
  },
  OnNotReadyNode: {
    severity: 'critical',
    title:
      "The pod's node stopped reporting; node-lifecycle marked the pod not ready (its container states are stale).",
    hint: (f: { node: string }) =>
      `The pod gets no Service traffic; check the node (kubectl diag nodes ${f.node}): its kubelet stopped reporting.`,
    docs: 'https://kubernetes.io/docs/concepts/architecture/nodes/#condition',
  },
} as const satisfies Record<string, ReasonSpec>;

export type PodReason = keyof typeof POD_REASONS;

export const finding = findingsOf(POD_REASONS);
