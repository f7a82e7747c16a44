// Claim rules: why a claim is not bound, whether its pods fight over a one-node volume, and the pods a
// missing or unbound claim blocks. `now` is passed in so a snapshot judges ages against the time it was taken.

import { humanDuration, secondsBetween } from '../../../kube/time.js';
import type {
  Event,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
  StorageClass,
} from '../../../kube/types.js';
import { eventsAbout } from '../../../diagnose/events.js';
import type { Finding } from '../../../diagnose/finding.js';
import { finding } from '../reasons.js';
import type { ClassResolution } from './facts.js';
import {
  NO_PROVISIONER,
  PENDING_UNEXPLAINED_SECONDS,
  SELECTED_NODE_ANNOTATION,
  accessModesText,
  claimKey,
  claimNamesOf,
  claimRefOf,
  classNames,
  eventLines,
  isActivePod,
  requestText,
  resolveClass,
  volumeCanBind,
} from './facts.js';

export interface ClaimContext {
  classes: readonly StorageClass[];
  /** Every volume the caller may see (for pre-bound and static binding checks). */
  volumes: readonly PersistentVolume[];
  /** Pods that mount the claim. */
  consumers: readonly Pod[];
  /** Events about the claim; events of other objects may be mixed in and are ignored. */
  events: readonly Event[];
  /** Events about the consumer pods (Multi-Attach errors); others are ignored. */
  consumerEvents: readonly Event[];
}

/** Every finding about one claim: why it is not bound, and whether its pods fight over a one-node volume. */
export function diagnoseClaim(claim: PersistentVolumeClaim, context: ClaimContext, now: Date): Finding[] {
  const phase = claim.status?.phase ?? 'Pending';
  const claimEvents = eventsAbout(claim, 'PersistentVolumeClaim', [...context.events]);
  return [
    ...(phase === 'Lost' ? [lostFinding(claim, context)] : []),
    ...(phase === 'Pending' ? pendingFindings(claim, context, claimEvents, now) : []),
    ...accessModeConflict(claim, context.consumers, context.consumerEvents),
  ];
}

function lostFinding(claim: PersistentVolumeClaim, context: ClaimContext): Finding {
  const volumeName = claim.spec?.volumeName;
  const volume = context.volumes.find((v) => v.metadata?.name === volumeName);
  return finding('PVCLost', claimRefOf(claim), {
    message: `Claim is Lost: its volume ${volumeName ?? '<none>'} ${volume ? 'is no longer bound to it' : 'no longer exists'}`,
    evidence: [
      `spec.volumeName: ${volumeName ?? '<none>'}`,
      volume
        ? `volume ${volumeName}: phase ${volume.status?.phase ?? '?'}, claimRef ${volume.spec?.claimRef?.namespace ?? '?'}/${volume.spec?.claimRef?.name ?? '?'}`
        : '',
      context.consumers.length ? `used by: ${context.consumers.map((p) => p.metadata?.name).join(', ')}` : '',
    ],
  });
}

function pendingFindings(
  claim: PersistentVolumeClaim,
  context: ClaimContext,
  claimEvents: Event[],
  now: Date,
): Finding[] {
  if (claim.spec?.volumeName) return [preBoundFinding(claim, context, claimEvents, now)];
  const resolution = resolveClass(claim, context.classes);
  const bindable = context.volumes.find((v) => volumeCanBind(v, claim, resolution.name));
  const pending = (what: string) => [pendingFinding(claim, context, claimEvents, now, what)];
  if (bindable) return pending(`an available volume, ${bindable.metadata?.name}, matches and should bind`);
  if (resolution.source === 'unset' || resolution.source === 'empty')
    return [noStorageClassFinding(claim, resolution, context, claimEvents)];
  const storageClass = resolution.storageClass;
  if (!storageClass) return [classNotFoundFinding(claim, resolution.name, context, claimEvents)];
  const failed = claimEvents.find((e) => e.reason === 'ProvisioningFailed');
  if (failed) return [provisioningFailedFinding(claim, storageClass, claimEvents, failed)];
  if (storageClass.provisioner === NO_PROVISIONER)
    return [noProvisionerClaimFinding(claim, storageClass, context)];
  if (storageClass.volumeBindingMode === 'WaitForFirstConsumer') {
    const waiting = waitForFirstConsumerFinding(claim, storageClass, context, claimEvents);
    if (waiting) return [waiting];
  }
  return pending(`waiting for provisioner ${storageClass.provisioner ?? '?'} to create a volume`);
}

function preBoundFinding(
  claim: PersistentVolumeClaim,
  context: ClaimContext,
  claimEvents: Event[],
  now: Date,
): Finding {
  const volumeName = claim.spec?.volumeName ?? '';
  const volume = context.volumes.find((v) => v.metadata?.name === volumeName);
  if (volume)
    return pendingFinding(
      claim,
      context,
      claimEvents,
      now,
      `waiting to bind volume ${volumeName} (phase ${volume.status?.phase ?? '?'})`,
    );
  return finding('PVCPending', claimRefOf(claim), {
    message: `Claim is Pending: it names volume ${volumeName}, which does not exist`,
    evidence: [`spec.volumeName: ${volumeName}`, requestText(claim), ...eventLines(claimEvents)],
    severity: 'critical',
    facts: { missingVolume: volumeName },
  });
}

function pendingFinding(
  claim: PersistentVolumeClaim,
  context: ClaimContext,
  claimEvents: Event[],
  now: Date,
  what: string,
): Finding {
  const waited = secondsBetween(claim.metadata?.creationTimestamp, now) ?? 0;
  const long = waited >= PENDING_UNEXPLAINED_SECONDS;
  const selectedNode = claim.metadata?.annotations?.[SELECTED_NODE_ANNOTATION];
  return finding('PVCPending', claimRefOf(claim), {
    message: `Claim has been Pending for ${humanDuration(waited)}: ${what}`,
    evidence: [
      requestText(claim),
      selectedNode ? `scheduler selected node ${selectedNode}` : '',
      context.consumers.length ? `used by: ${context.consumers.map((p) => p.metadata?.name).join(', ')}` : '',
      ...eventLines(claimEvents),
    ],
    severity: long ? 'warning' : 'info',
    facts: { missingVolume: undefined, long },
  });
}

function noStorageClassFinding(
  claim: PersistentVolumeClaim,
  resolution: ClassResolution,
  context: ClaimContext,
  claimEvents: Event[],
): Finding {
  const explicit = resolution.source === 'empty';
  return finding('PVCPendingNoStorageClass', claimRefOf(claim), {
    message: explicit
      ? 'Claim sets storageClassName "" (no dynamic provisioning) and no pre-created volume without a class matches it'
      : 'Claim has no storageClassName and the cluster has no default StorageClass: nothing will provision a volume for it',
    evidence: [
      `spec.storageClassName: ${explicit ? '""' : 'unset'}`,
      explicit ? '' : 'default StorageClass: none',
      classNames(context.classes),
      requestText(claim),
      ...eventLines(claimEvents),
    ],
    facts: { explicit },
  });
}

function classNotFoundFinding(
  claim: PersistentVolumeClaim,
  className: string,
  context: ClaimContext,
  claimEvents: Event[],
): Finding {
  return finding('PVCPendingClassNotFound', claimRefOf(claim), {
    message: `Claim asks for StorageClass "${className}", which does not exist`,
    evidence: [
      `spec.storageClassName: ${className}`,
      classNames(context.classes),
      ...eventLines(claimEvents),
    ],
    facts: { className },
  });
}

function provisioningFailedFinding(
  claim: PersistentVolumeClaim,
  storageClass: StorageClass,
  claimEvents: Event[],
  failed: Event,
): Finding {
  const provisioner = storageClass.provisioner ?? 'the provisioner';
  const message = (failed.message ?? '').trim();
  return finding('PVCPendingProvisioningFailed', claimRefOf(claim), {
    message: `Provisioning failed for claim: ${message || 'no message'}`,
    evidence: [
      `StorageClass ${storageClass.metadata?.name ?? '?'}: provisioner ${provisioner}`,
      requestText(claim),
      ...eventLines(
        claimEvents.filter((e) => e.reason === 'ProvisioningFailed'),
        2,
      ),
    ],
    facts: { message, provisioner },
  });
}

function noProvisionerClaimFinding(
  claim: PersistentVolumeClaim,
  storageClass: StorageClass,
  context: ClaimContext,
): Finding {
  const name = storageClass.metadata?.name ?? '';
  const ofClass = context.volumes.filter((v) => (v.spec?.storageClassName ?? '') === name);
  const available = ofClass.filter((v) => v.status?.phase === 'Available');
  return finding('NoProvisionerClass', claimRefOf(claim), {
    message: `Claim uses StorageClass ${name}, which never provisions volumes (${NO_PROVISIONER}), and no available volume matches it`,
    evidence: [
      requestText(claim),
      `volumes of class ${name}: ${ofClass.length}, available: ${available.length}`,
      context.consumers.length ? `used by: ${context.consumers.map((p) => p.metadata?.name).join(', ')}` : '',
    ],
    severity: 'warning',
    facts: {
      claim: true,
      className: name,
      size: claim.spec?.resources?.requests?.storage ?? 'the requested size',
    },
  });
}

function waitForFirstConsumerFinding(
  claim: PersistentVolumeClaim,
  storageClass: StorageClass,
  context: ClaimContext,
  claimEvents: Event[],
): Finding | undefined {
  const selectedNode = claim.metadata?.annotations?.[SELECTED_NODE_ANNOTATION];
  // Once the scheduler picked a node the claim is being provisioned: not waiting for a consumer any more.
  if (selectedNode) return undefined;
  const active = context.consumers.filter(isActivePod);
  const name = storageClass.metadata?.name ?? '';
  if (active.length === 0) {
    return finding('PVCWaitForFirstConsumer', claimRefOf(claim), {
      message: `Claim waits for a first consumer: class ${name} binds a volume only when a pod using the claim is scheduled`,
      evidence: [
        `StorageClass ${name}: volumeBindingMode WaitForFirstConsumer`,
        'used by: no pod',
        ...eventLines(claimEvents, 1),
      ],
      facts: { consumer: undefined },
    });
  }
  return finding('PVCWaitForFirstConsumer', claimRefOf(claim), {
    message: `Claim waits for its consumer ${active.map((p) => p.metadata?.name).join(', ')} to be scheduled (class ${name} binds on first consumer)`,
    evidence: [`StorageClass ${name}: volumeBindingMode WaitForFirstConsumer`, ...eventLines(claimEvents, 1)],
    facts: { consumer: active[0]?.metadata?.name ?? '', namespace: claim.metadata?.namespace ?? '' },
  });
}

/** Is a claim limited to one node (RWO without a many-node mode) or one pod (RWOP)? */
function exclusivity(claim: PersistentVolumeClaim): 'pod' | 'node' | undefined {
  const modes = claim.status?.accessModes ?? claim.spec?.accessModes ?? [];
  if (modes.includes('ReadWriteOncePod')) return 'pod';
  if (modes.includes('ReadWriteOnce') && !modes.some((m) => m === 'ReadWriteMany' || m === 'ReadOnlyMany'))
    return 'node';
  return undefined;
}

/** A one-node (or one-pod) claim used from several nodes (pods), or refused by the attacher as Multi-Attach. */
export function accessModeConflict(
  claim: PersistentVolumeClaim,
  consumers: readonly Pod[],
  consumerEvents: readonly Event[],
): Finding[] {
  const limit = exclusivity(claim);
  if (!limit) return [];
  const active = consumers.filter((p) => isActivePod(p) && !p.metadata?.deletionTimestamp);
  const names = new Set(consumers.map((p) => p.metadata?.name));
  const volumeName = claim.spec?.volumeName;
  const multiAttach = consumerEvents.filter(
    (e) =>
      e.involvedObject.kind === 'Pod' &&
      e.involvedObject.namespace === claim.metadata?.namespace &&
      names.has(e.involvedObject.name) &&
      e.reason === 'FailedAttachVolume' &&
      /Multi-Attach error/i.test(e.message ?? '') &&
      (!volumeName || (e.message ?? '').includes(volumeName)),
  );
  const nodes = new Set(active.map((p) => p.spec?.nodeName).filter((n): n is string => Boolean(n)));
  const spread = limit === 'pod' ? active.length > 1 : nodes.size > 1;
  if (!spread && multiAttach.length === 0) return [];
  const mode = limit === 'pod' ? 'ReadWriteOncePod' : 'ReadWriteOnce';
  const message =
    limit === 'pod' && spread
      ? `Claim is ReadWriteOncePod but ${active.length} pods use it`
      : spread
        ? `Claim is ReadWriteOnce but pods on ${nodes.size} nodes use it (${[...nodes].sort().join(', ')})`
        : 'Claim is ReadWriteOnce and its volume is refused on a second node (Multi-Attach error)';
  return [
    finding('AccessModeConflict', claimRefOf(claim), {
      message: message,
      evidence: [
        `access modes: ${accessModesText(claim.status?.accessModes ?? claim.spec?.accessModes)}`,
        // One line for all pods, so the Multi-Attach event still fits in a model's three evidence lines.
        `pods: ${active.map((p) => `${p.metadata?.name} on ${p.spec?.nodeName ?? '<unscheduled>'} (${p.status?.phase ?? '?'})`).join(', ')}`,
        ...eventLines(multiAttach, 2),
      ],
      facts: { limit, mode },
    }),
  ];
}

/**
 * PodBlockedByPVC: a Pending pod that mounts claim `claimName`, which is missing (`claim` undefined) or not
 * Bound. Linked from the pod's own findings too.
 */
export function podBlockedByClaim(
  pod: Pod,
  claimName: string,
  claim: PersistentVolumeClaim | undefined,
): Finding[] {
  if (pod.status?.phase !== 'Pending' || pod.metadata?.deletionTimestamp) return [];
  const phase = claim ? (claim.status?.phase ?? 'Pending') : undefined;
  if (phase === 'Bound') return [];
  const namespace = pod.metadata?.namespace ?? '';
  const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
  return [
    finding(
      'PodBlockedByPVC',
      { kind: 'Pod', namespace, name: pod.metadata?.name ?? '' },
      {
        message: `Pod waits for claim ${claimName}, which ${claim ? `is ${phase}` : 'does not exist'}`,
        evidence: [
          claim
            ? `claim ${claimName}: phase ${phase}, storageClassName ${claim.spec?.storageClassName ?? 'unset'}, ${requestText(claim)}`
            : `claim ${claimName}: not found in namespace ${namespace}`,
          scheduled?.message ? `scheduling: ${scheduled.message}` : '',
        ],
        facts: { claim: claimName, namespace, exists: claim !== undefined },
      },
    ),
  ];
}

/** PodBlockedByPVC for every claim a pod mounts; `claims` holds the claims of its namespace by "namespace/name". */
export function podBlockedByClaims(pod: Pod, claims: ReadonlyMap<string, PersistentVolumeClaim>): Finding[] {
  return [...new Set(claimNamesOf(pod))].flatMap((name) =>
    podBlockedByClaim(pod, name, claims.get(claimKey(pod.metadata?.namespace, name))),
  );
}
