// Storage rules: claims, volumes, classes, attachments, and the pods that mount claims. Plain objects in,
// findings out; no I/O. `now` is passed in so a snapshot judges ages against the time it was taken.

import { bytes } from '../../kube/quantity.js';
import { humanDuration, secondsBetween } from '../../kube/time.js';
import type {
  Event,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
  StorageClass,
  VolumeAttachment,
} from '../../kube/types.js';
import { eventsAbout, occurrences } from '../../diagnose/events.js';
import type { Finding, ObjectRef } from '../../diagnose/finding.js';
import { DEFAULT_CLASS_ANNOTATION, finding } from './reasons.js';

/** The annotation that makes a class the default (defined with the hints that name it). */
export { DEFAULT_CLASS_ANNOTATION };
/** Its beta spelling, still honoured by Kubernetes. */
const BETA_DEFAULT_CLASS_ANNOTATION = 'storageclass.beta.kubernetes.io/is-default-class';
/** Classes with this provisioner never create volumes: claims on them bind only to pre-created PVs. */
export const NO_PROVISIONER = 'kubernetes.io/no-provisioner';
/** The scheduler writes the node it picked for a WaitForFirstConsumer claim here; provisioning follows. */
export const SELECTED_NODE_ANNOTATION = 'volume.kubernetes.io/selected-node';
/** A Pending claim nothing explains is informational until it has waited this long, then a warning. */
export const PENDING_UNEXPLAINED_SECONDS = 300;

// ---------------------------------------------------------------- shared facts

export function isDefaultClass(storageClass: StorageClass): boolean {
  const annotations = storageClass.metadata?.annotations ?? {};
  return (
    annotations[DEFAULT_CLASS_ANNOTATION] === 'true' || annotations[BETA_DEFAULT_CLASS_ANNOTATION] === 'true'
  );
}

/** The default classes, the one Kubernetes assigns first: newest, then by name (as the admission plugin does). */
export function defaultClasses(classes: readonly StorageClass[]): StorageClass[] {
  return classes
    .filter(isDefaultClass)
    .sort(
      (a, b) =>
        (b.metadata?.creationTimestamp ?? '').localeCompare(a.metadata?.creationTimestamp ?? '') ||
        (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''),
    );
}

/**
 * Where a claim's class comes from: named in its spec; unset but a default exists (the PV controller
 * assigns it retroactively); unset with no default; or "" (dynamic provisioning deliberately off).
 */
export type ClassSource = 'spec' | 'default' | 'unset' | 'empty';

export interface ClassResolution {
  source: ClassSource;
  /** The class name the claim will use; "" for static binding to class-less volumes. */
  name: string;
  storageClass?: StorageClass;
}

export function resolveClass(
  claim: PersistentVolumeClaim,
  classes: readonly StorageClass[],
): ClassResolution {
  const requested = claim.spec?.storageClassName;
  if (requested === '') return { source: 'empty', name: '' };
  if (requested !== undefined && requested !== null) {
    return {
      source: 'spec',
      name: requested,
      storageClass: classes.find((c) => c.metadata?.name === requested),
    };
  }
  const fallback = defaultClasses(classes)[0];
  return fallback
    ? { source: 'default', name: fallback.metadata?.name ?? '', storageClass: fallback }
    : { source: 'unset', name: '' };
}

export function claimKey(namespace: string | undefined, name: string | undefined): string {
  return `${namespace ?? ''}/${name ?? ''}`;
}

/** The claims a pod mounts: named claims, and the claims of generic ephemeral volumes (`<pod>-<volume>`). */
export function claimNamesOf(pod: Pod): string[] {
  return (pod.spec?.volumes ?? []).flatMap((volume) => {
    if (volume.persistentVolumeClaim) return [volume.persistentVolumeClaim.claimName];
    if (volume.ephemeral) return [`${pod.metadata?.name ?? ''}-${volume.name}`];
    return [];
  });
}

/** Pods by the "namespace/name" of each claim they mount, for joins in O(pods). */
export function consumersByClaim(pods: readonly Pod[]): Map<string, Pod[]> {
  const index = new Map<string, Pod[]>();
  for (const pod of pods) {
    for (const name of new Set(claimNamesOf(pod))) {
      const key = claimKey(pod.metadata?.namespace, name);
      const list = index.get(key);
      if (list) list.push(pod);
      else index.set(key, [pod]);
    }
  }
  return index;
}

/** A pod that still holds its volumes: not finished. */
export function isActivePod(pod: Pod): boolean {
  return pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed';
}

/** "RWO,RWX" as kubectl prints access modes. */
export function accessModesText(modes: readonly string[] | undefined): string {
  const short: Record<string, string> = {
    ReadWriteOnce: 'RWO',
    ReadOnlyMany: 'ROX',
    ReadWriteMany: 'RWX',
    ReadWriteOncePod: 'RWOP',
  };
  return (modes ?? []).map((m) => short[m] ?? m).join(',');
}

/** What the PV binder checks before binding an Available volume to a Pending claim (the parts we can see). */
export function volumeCanBind(
  volume: PersistentVolume,
  claim: PersistentVolumeClaim,
  className: string,
): boolean {
  if (volume.status?.phase !== 'Available') return false;
  const ref = volume.spec?.claimRef;
  if (ref && (ref.namespace !== claim.metadata?.namespace || ref.name !== claim.metadata?.name)) return false;
  if ((volume.spec?.storageClassName ?? '') !== className) return false;
  if ((volume.spec?.volumeMode ?? 'Filesystem') !== (claim.spec?.volumeMode ?? 'Filesystem')) return false;
  const wanted = claim.spec?.accessModes ?? [];
  const offered = volume.spec?.accessModes ?? [];
  if (!wanted.every((mode) => offered.includes(mode))) return false;
  return bytes(volume.spec?.capacity?.storage) >= bytes(claim.spec?.resources?.requests?.storage);
}

function claimRefOf(claim: PersistentVolumeClaim): ObjectRef {
  return {
    kind: 'PersistentVolumeClaim',
    namespace: claim.metadata?.namespace,
    name: claim.metadata?.name ?? '',
  };
}

function eventLines(events: readonly Event[], limit = 3): string[] {
  return events
    .slice(0, limit)
    .map((e) => `event ${e.reason ?? '?'} (x${occurrences(e)}): ${(e.message ?? '').trim()}`);
}

function classNames(classes: readonly StorageClass[]): string {
  const names = classes.map((c) => c.metadata?.name ?? '').sort();
  if (names.length === 0) return 'StorageClasses: none';
  return `StorageClasses: ${names.slice(0, 8).join(', ')}${names.length > 8 ? `, … (${names.length})` : ''}`;
}

function requestText(claim: PersistentVolumeClaim): string {
  return `requests ${claim.spec?.resources?.requests?.storage ?? '?'} ${accessModesText(claim.spec?.accessModes) || 'no access modes'}`;
}

// ---------------------------------------------------------------- claims

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
  if (bindable)
    return [
      pendingFinding(
        claim,
        context,
        claimEvents,
        now,
        `an available volume, ${bindable.metadata?.name}, matches and should bind`,
      ),
    ];
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
  return [
    pendingFinding(
      claim,
      context,
      claimEvents,
      now,
      `waiting for provisioner ${storageClass.provisioner ?? '?'} to create a volume`,
    ),
  ];
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

// ---------------------------------------------------------------- pods

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

// ---------------------------------------------------------------- volumes

function volumeRefOf(volume: PersistentVolume): ObjectRef {
  return { kind: 'PersistentVolume', name: volume.metadata?.name ?? '' };
}

function claimRefText(volume: PersistentVolume): string | undefined {
  const ref = volume.spec?.claimRef;
  return ref?.name ? `${ref.namespace ?? ''}/${ref.name}` : undefined;
}

export function diagnoseVolume(volume: PersistentVolume): Finding[] {
  const claim = claimRefText(volume);
  const policy = volume.spec?.persistentVolumeReclaimPolicy ?? 'Retain';
  const facts = [
    `capacity ${volume.spec?.capacity?.storage ?? '?'}, ${accessModesText(volume.spec?.accessModes) || 'no access modes'}, class ${volume.spec?.storageClassName || '<none>'}`,
    `reclaim policy ${policy}`,
  ];
  switch (volume.status?.phase) {
    case 'Released':
      return [
        finding('PVReleased', volumeRefOf(volume), {
          message:
            policy === 'Retain'
              ? `Volume was released by claim ${claim ?? '?'}, which was deleted; reclaim policy Retain keeps it and its data, and no new claim can bind it`
              : `Volume was released by claim ${claim ?? '?'} but reclaim policy ${policy} has not removed it`,
          evidence: [...facts, volume.status?.message ? `message: ${volume.status.message}` : ''],
          severity: policy === 'Retain' ? 'info' : 'warning',
          facts: { retained: policy === 'Retain' },
        }),
      ];
    case 'Failed':
      return [
        finding('PVFailed', volumeRefOf(volume), {
          message: `Volume failed: ${volume.status?.message ?? volume.status?.reason ?? 'reclamation failed'}`,
          evidence: [
            ...facts,
            claim ? `last claim: ${claim}` : '',
            volume.status?.reason ? `reason: ${volume.status.reason}` : '',
          ],
        }),
      ];
    case 'Available':
      return [
        finding('PVAvailableUnclaimed', volumeRefOf(volume), {
          message: claim
            ? `Volume is Available, reserved for claim ${claim}, which has not bound it`
            : 'Volume is Available and no claim uses it',
          evidence: facts,
          facts: claim
            ? { reservedFor: claim }
            : {
                reservedFor: undefined,
                className: volume.spec?.storageClassName || '""',
                capacity: volume.spec?.capacity?.storage ?? 'its capacity',
              },
        }),
      ];
    default:
      return [];
  }
}

// ---------------------------------------------------------------- classes

export function diagnoseStorageClasses(classes: readonly StorageClass[]): Finding[] {
  const findings: Finding[] = [];
  const defaults = defaultClasses(classes);
  if (defaults.length > 1) {
    const names = defaults.map((c) => c.metadata?.name ?? '');
    findings.push(
      finding(
        'MultipleDefaultStorageClasses',
        { kind: 'StorageClass', name: names[0]! },
        {
          message: `${defaults.length} StorageClasses are marked default (${names.join(', ')}): claims without a class get the newest, ${names[0]}`,
          evidence: defaults.map(
            (c) =>
              `${c.metadata?.name}: provisioner ${c.provisioner ?? '?'}, created ${c.metadata?.creationTimestamp ?? '?'}`,
          ),
        },
      ),
    );
  }
  for (const storageClass of classes) {
    if (storageClass.provisioner !== NO_PROVISIONER) continue;
    const name = storageClass.metadata?.name ?? '';
    findings.push(
      finding(
        'NoProvisionerClass',
        { kind: 'StorageClass', name },
        {
          message: `StorageClass ${name} never provisions volumes (${NO_PROVISIONER}): claims on it bind only to pre-created volumes`,
          evidence: [`volumeBindingMode ${storageClass.volumeBindingMode ?? 'Immediate'}`],
          facts: {
            claim: false,
            className: name,
            waitsForConsumer: storageClass.volumeBindingMode === 'WaitForFirstConsumer',
          },
        },
      ),
    );
  }
  return findings;
}

// ---------------------------------------------------------------- attachments

/** Attach and detach errors of one VolumeAttachment; `claim` is "namespace/name" when known and visible. */
export function diagnoseAttachment(attachment: VolumeAttachment, claim?: string): Finding[] {
  const ref: ObjectRef = { kind: 'VolumeAttachment', name: attachment.metadata?.name ?? '' };
  const volume = attachment.spec?.source?.persistentVolumeName ?? '<inline volume>';
  const node = attachment.spec?.nodeName ?? '?';
  const facts = [`attacher ${attachment.spec?.attacher ?? '?'}`, claim ? `claim ${claim}` : ''];
  const findings: Finding[] = [];
  const attachError = attachment.status?.attachError;
  if (attachError) {
    findings.push(
      finding('VolumeAttachFailed', ref, {
        message: `Volume ${volume} cannot attach to node ${node}: ${(attachError.message ?? 'no message').trim()}`,
        evidence: [
          `attachError at ${attachError.time ?? '?'}: ${(attachError.message ?? '').trim()}`,
          ...facts,
        ],
      }),
    );
  }
  const detachError = attachment.status?.detachError;
  if (detachError) {
    findings.push(
      finding('VolumeDetachFailed', ref, {
        message: `Volume ${volume} cannot detach from node ${node}: ${(detachError.message ?? 'no message').trim()}`,
        evidence: [
          `detachError at ${detachError.time ?? '?'}: ${(detachError.message ?? '').trim()}`,
          ...facts,
        ],
        facts: { node },
      }),
    );
  }
  return findings;
}
