// The storage area's questions about cluster-scoped objects: one PersistentVolume, the StorageClasses, the
// VolumeAttachments. The reader has already removed what the namespace fence hides (src/cluster/fence.ts).

import { NotFound } from '../../cluster/errors.js';
import type { ClusterReader } from '../../cluster/source.js';
import { countBySeverity, sortFindings } from '../../diagnose/finding.js';
import type {
  PersistentVolume,
  PersistentVolumeClaim,
  StorageClass,
  VolumeAttachment,
} from '../../kube/types.js';
import { sourceOf } from '../../queries/common.js';
import * as input from '../../queries/inputs.js';
import { defineQuery } from '../../queries/query.js';
import { defaultClasses } from './rules.js';
import { attachmentsOutput, classesOutput, pvOutput } from './schema.js';
import { byName, lifecycle, summarizeAttachment, summarizeClasses, summarizeVolume } from './summaries.js';
import { attachmentsText, storageClassesText, volumeDescriptionText } from './text.js';

const FENCED_HINT =
  'With --allowed-namespaces, volumes bound to claims of other namespaces are not shown: check the name, or ask for a wider fence.';

// ---------------------------------------------------------------- one volume

/** Under a fence, a missing volume and a hidden one get the same answer, so the answer reveals nothing. */
async function visibleVolume(cluster: ClusterReader, name: string): Promise<PersistentVolume> {
  const fenced = cluster.fence.namespaces !== null;
  let volume: PersistentVolume;
  try {
    volume = await cluster.get<PersistentVolume>('persistentvolumes', name);
  } catch (error) {
    if (error instanceof NotFound && fenced)
      throw new NotFound('PersistentVolume', name, undefined, FENCED_HINT);
    throw error;
  }
  return volume;
}

async function claimStatus(cluster: ClusterReader, volume: PersistentVolume) {
  const ref = volume.spec?.claimRef;
  if (!ref?.name || !ref.namespace) return undefined;
  try {
    const claim = await cluster.get<PersistentVolumeClaim>('persistentvolumeclaims', ref.name, ref.namespace);
    return { namespace: ref.namespace, name: ref.name, status: lifecycle(claim, claim.status?.phase) };
  } catch (error) {
    if (error instanceof NotFound) return { namespace: ref.namespace, name: ref.name, status: 'NotFound' };
    throw error;
  }
}

export const getPv = defineQuery({
  name: 'get_pv',
  title: 'Get persistent volume',
  description:
    'One PersistentVolume: capacity, class, CSI driver, phase, its claim and attachments, and findings.',
  input: { pv: input.objectName('persistent volume') },
  output: pvOutput,
  async run({ cluster }, args) {
    const volume = await visibleVolume(cluster, args.pv);
    const [classes, attachments, claim] = await Promise.all([
      cluster.list<StorageClass>('storageclasses'),
      cluster.list<VolumeAttachment>('volumeattachments'),
      claimStatus(cluster, volume),
    ]);
    const summary = summarizeVolume(volume);
    const storageClass = summarizeClasses(classes).find((c) => c.name === volume.spec?.storageClassName);
    const volumeMap = byName([volume]);
    const own = attachments
      .filter((a) => a.spec?.source?.persistentVolumeName === args.pv)
      .map((a) => summarizeAttachment(a, volumeMap));
    return {
      source: sourceOf(cluster),
      volume: {
        ...summary,
        volumeHandle: volume.spec?.csi?.volumeHandle,
        volumeMode: volume.spec?.volumeMode,
        reason: volume.status?.reason,
      },
      claim,
      storageClass,
      attachments: own,
      findings: sortFindings([
        ...summary.findings,
        ...(storageClass?.findings ?? []),
        ...own.flatMap((a) => a.findings),
      ]),
    };
  },
  text: volumeDescriptionText,
});

// ---------------------------------------------------------------- classes and attachments

export const listStorageClasses = defineQuery({
  name: 'list_storage_classes',
  title: 'List storage classes',
  description:
    'Every StorageClass with provisioner, binding mode and reclaim policy, the default marked, and findings.',
  input: {},
  output: classesOutput,
  async run({ cluster }) {
    const classes = await cluster.list<StorageClass>('storageclasses');
    const summaries = summarizeClasses(classes);
    return {
      source: sourceOf(cluster),
      defaultClass: defaultClasses(classes)[0]?.metadata?.name,
      storageClasses: summaries,
      counts: countBySeverity(summaries.flatMap((c) => c.findings)),
    };
  },
  text: storageClassesText,
});

export const getVolumeAttachments = defineQuery({
  name: 'get_volume_attachments',
  title: 'Get volume attachments',
  description:
    'VolumeAttachments (optionally of one node or volume): which volume is attached where, and attach/detach errors as findings.',
  input: {
    node: input.objectName('node').optional().describe('Only attachments to this node.'),
    pv: input.objectName('persistent volume').optional().describe('Only attachments of this volume.'),
  },
  output: attachmentsOutput,
  async run({ cluster }, args) {
    const [volumes, attachments] = await Promise.all([
      cluster.list<PersistentVolume>('persistentvolumes'),
      cluster.list<VolumeAttachment>('volumeattachments'),
    ]);
    const volumeMap = byName(volumes);
    const summaries = attachments
      .filter((a) => args.node === undefined || a.spec?.nodeName === args.node)
      .filter((a) => args.pv === undefined || a.spec?.source?.persistentVolumeName === args.pv)
      .map((a) => summarizeAttachment(a, volumeMap))
      .sort((a, b) => (a.node ?? '').localeCompare(b.node ?? '') || a.name.localeCompare(b.name));
    return {
      source: sourceOf(cluster),
      node: args.node,
      pv: args.pv,
      attachments: summaries,
      counts: countBySeverity(summaries.flatMap((a) => a.findings)),
    };
  },
  text: attachmentsText,
});
