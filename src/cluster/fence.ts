// Security: the namespace fence for what the request checks cannot fence, in ONE place. Every reader
// (live, snapshot, and so the snapshot capture and any cache built on a reader) passes its objects through
// `FenceView` before a query sees them. The request policy keeps namespaced reads inside the fence; this
// module decides what cluster-scoped objects and cross-namespace texts may show:
//
// - PersistentVolumes: only those without a claim or with a claim inside the fence (a volume belongs to
//   its claim's namespace), so not even a claim name of another namespace leaks.
// - VolumeAttachments: only attachments of volumes that are themselves shown (never inline volumes,
//   which name no volume to judge by).
// - Nodes: `status.images` is dropped (image names reveal other namespaces' workloads, and nothing says
//   whose they are); `status.volumesInUse` / `volumesAttached` keep only volumes that are shown.
// - Events: an event whose involved or related object is in a namespace outside the fence is dropped. An
//   event about a cluster-scoped object (kubelets record node events in `default`) keeps its reason, but
//   its message is replaced when it names a `namespace/name` whose namespace is outside the fence.
//
// With no fence (`namespaces === null`) everything passes unchanged.

import type { Event, KubeObject, Node, PersistentVolume, VolumeAttachment } from '../kube/types.js';
import { inFence, visibleThroughFence, type NamespaceFence } from './policy.js';
import type { ResourceType } from './resources.js';

export const HIDDEN_MESSAGE =
  '(message hidden by the namespace fence: it names objects outside the allowed namespaces)';

/**
 * A PersistentVolume belongs to the namespace of its claim. Under a fence only volumes without a claim,
 * or with a claim inside the fence, are shown.
 */
export function volumeVisible(volume: PersistentVolume, fence: NamespaceFence): boolean {
  if (fence.namespaces === null) return true;
  const ref = volume.spec?.claimRef;
  return !ref || inFence(fence, ref.namespace);
}

/** Under a fence, attachments only of volumes that are themselves shown (never inline volumes). */
export function attachmentVisible(
  attachment: VolumeAttachment,
  fence: NamespaceFence,
  visibleVolumes: ReadonlySet<string>,
): boolean {
  if (fence.namespaces === null) return true;
  const volume = attachment.spec?.source?.persistentVolumeName;
  return volume !== undefined && visibleVolumes.has(volume);
}

/** Names by which a node's volumesInUse / volumesAttached can refer to a shown volume. */
export interface VisibleVolumes {
  /** PersistentVolume names. */
  names: ReadonlySet<string>;
  /** CSI volume handles of those volumes (volumesInUse reads `kubernetes.io/csi/DRIVER^HANDLE`). */
  handles: ReadonlySet<string>;
}

export function visibleVolumesOf(volumes: PersistentVolume[], fence: NamespaceFence): VisibleVolumes {
  const shown = volumes.filter((v) => volumeVisible(v, fence));
  return {
    names: new Set(shown.map((v) => v.metadata?.name ?? '').filter(Boolean)),
    handles: new Set(shown.map((v) => v.spec?.csi?.volumeHandle ?? '').filter(Boolean)),
  };
}

function volumeNameShown(uniqueName: string, volumes: VisibleVolumes): boolean {
  // kubernetes.io/csi/DRIVER^HANDLE, kubernetes.io/PLUGIN/NAME, or a bare PV name.
  const handle = uniqueName.includes('^') ? uniqueName.slice(uniqueName.lastIndexOf('^') + 1) : undefined;
  if (handle !== undefined) return volumes.handles.has(handle);
  const last = uniqueName.slice(uniqueName.lastIndexOf('/') + 1);
  return volumes.names.has(last) || volumes.handles.has(last);
}

type NodeStatus = NonNullable<Node['status']> & {
  images?: unknown[];
  volumesInUse?: string[];
  volumesAttached?: { name?: string; devicePath?: string }[];
};

/** A node as the fence shows it: no image list, and only the volumes that are shown. */
export function fenceNode(node: Node, fence: NamespaceFence, volumes: VisibleVolumes): Node {
  if (fence.namespaces === null || !node.status) return node;
  const status = { ...(node.status as NodeStatus) };
  if (status.images !== undefined) status.images = [];
  if (status.volumesInUse)
    status.volumesInUse = status.volumesInUse.filter((v) => volumeNameShown(v, volumes));
  if (status.volumesAttached)
    status.volumesAttached = status.volumesAttached.filter((v) => volumeNameShown(v.name ?? '', volumes));
  return { ...node, status };
}

/** `ns/name` words in a text, the way Kubernetes components name objects in event messages. */
const QUALIFIED_NAME = /(?<![A-Za-z0-9.-])([a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?)\/[A-Za-z0-9]/g;

/** Whether a text names an object (`namespace/name`) in a namespace outside the fence. */
export function namesOutside(text: string, fence: NamespaceFence): boolean {
  if (fence.namespaces === null) return false;
  for (const match of text.matchAll(QUALIFIED_NAME)) {
    if (!fence.namespaces.has(match[1]!)) return true;
  }
  return false;
}

type AnyEvent = Event & {
  regarding?: { namespace?: string };
  related?: { namespace?: string };
  note?: string;
};

/** An event as the fence shows it, or undefined when it is about another namespace. */
export function fenceEvent(event: Event, fence: NamespaceFence): Event | undefined {
  if (fence.namespaces === null) return event;
  const e = event as AnyEvent;
  if (!inFence(fence, e.metadata?.namespace)) return undefined;
  for (const ref of [e.involvedObject, e.regarding, e.related]) {
    if (ref?.namespace && !inFence(fence, ref.namespace)) return undefined;
  }
  const hide = (text: string | undefined) =>
    text !== undefined && namesOutside(text, fence) ? HIDDEN_MESSAGE : text;
  const message = hide(e.message);
  const note = hide(e.note);
  if (message === e.message && note === e.note) return event;
  return { ...e, message, ...(e.note !== undefined ? { note } : {}) } as Event;
}

/**
 * The fence applied to what one reader returns. `volumes` lists every PersistentVolume (unfenced; they are
 * cluster-scoped and allowed by the policy) and is called only when a fence needs it.
 */
export class FenceView {
  constructor(
    readonly fence: NamespaceFence,
    private readonly volumes: () => Promise<PersistentVolume[]>,
  ) {}

  private visibleVolumes(): Promise<VisibleVolumes> {
    return this.volumes().then((all) => visibleVolumesOf(all, this.fence));
  }

  /** The objects of one list, as the fence shows them. */
  async filter<T extends KubeObject>(type: ResourceType, items: T[]): Promise<T[]> {
    const fence = this.fence;
    if (fence.namespaces === null) return items;
    const inNamespace = items.filter((item) => visibleThroughFence(type, item, fence));
    switch (type.key) {
      case 'persistentvolumes':
        return inNamespace.filter((v) => volumeVisible(v as PersistentVolume, fence));
      case 'volumeattachments': {
        const volumes = await this.visibleVolumes();
        return inNamespace.filter((a) => attachmentVisible(a as VolumeAttachment, fence, volumes.names));
      }
      case 'nodes': {
        const volumes = await this.visibleVolumes();
        return inNamespace.map((n) => fenceNode(n as Node, fence, volumes) as KubeObject as T);
      }
      case 'events':
      case 'eventsv1':
        return inNamespace.flatMap((e) => {
          const shown = fenceEvent(e as KubeObject as Event, fence);
          return shown ? [shown as KubeObject as T] : [];
        });
      default:
        return inNamespace;
    }
  }

  /** One object as the fence shows it, or undefined when the fence hides it (answer as "not found"). */
  async admit<T extends KubeObject>(type: ResourceType, item: T): Promise<T | undefined> {
    return (await this.filter(type, [item]))[0];
  }
}
