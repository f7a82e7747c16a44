// The fence for what request checks cannot fence (src/cluster/fence.ts): cluster-scoped objects and texts
// that name objects of other namespaces.

import assert from 'node:assert/strict';
import type { Event, Node, PersistentVolume, VolumeAttachment } from '../../../src/kube/types.js';
import {
  fenceEvent,
  fenceNode,
  FenceView,
  HIDDEN_MESSAGE,
  namesOutside,
  visibleVolumesOf,
} from '../../../src/cluster/fence.js';
import { fenceOf, NO_FENCE } from '../../../src/cluster/policy.js';
import { resourceType } from '../../../src/cluster/resources.js';

const fence = fenceOf(['a', 'default']);
const pv = (name: string, claimNs?: string, handle?: string): PersistentVolume => ({
  metadata: { name },
  spec: {
    ...(claimNs ? { claimRef: { namespace: claimNs, name: `claim-${name}` } } : {}),
    ...(handle ? { csi: { driver: 'ebs.csi.aws.com', volumeHandle: handle } } : {}),
  },
});
const volumes = [pv('pv-a', 'a', 'vol-a'), pv('pv-b', 'b', 'vol-b'), pv('pv-free')];

describe('the namespace fence for cluster-scoped objects', () => {
  const view = new FenceView(fence, async () => volumes);

  it('shows volumes without a claim or claimed inside the fence, and everything without a fence', async () => {
    const shown = await view.filter(resourceType('persistentvolumes'), volumes);
    assert.deepEqual(
      shown.map((v) => v.metadata?.name),
      ['pv-a', 'pv-free'],
    );
    const open = new FenceView(NO_FENCE, async () => volumes);
    assert.equal((await open.filter(resourceType('persistentvolumes'), volumes)).length, 3);
  });

  it('shows attachments only of shown volumes, never of inline volumes', async () => {
    const attachment = (name: string, pvName?: string): VolumeAttachment => ({
      metadata: { name },
      spec: { nodeName: 'n', source: pvName ? { persistentVolumeName: pvName } : { inlineVolumeSpec: {} } },
      status: { attachError: { message: `attach of ${pvName ?? 'inline'} failed` } },
    });
    const shown = await view.filter(resourceType('volumeattachments'), [
      attachment('va-a', 'pv-a'),
      attachment('va-b', 'pv-b'),
      attachment('va-inline'),
    ]);
    assert.deepEqual(
      shown.map((a) => a.metadata?.name),
      ['va-a'],
    );
  });

  it('drops a node image list and keeps only the shown volumes in use', async () => {
    const node = {
      metadata: { name: 'n' },
      status: {
        images: [{ names: ['registry.example/b/secret-app:1'] }],
        volumesInUse: ['kubernetes.io/csi/ebs.csi.aws.com^vol-a', 'kubernetes.io/csi/ebs.csi.aws.com^vol-b'],
        volumesAttached: [
          { name: 'kubernetes.io/csi/ebs.csi.aws.com^vol-a', devicePath: '' },
          { name: 'kubernetes.io/csi/ebs.csi.aws.com^vol-b', devicePath: '' },
        ],
      },
    } as unknown as Node;
    const [shown] = await view.filter(resourceType('nodes'), [node]);
    const status = shown!.status as unknown as Record<string, unknown>;
    assert.deepEqual(status.images, []);
    assert.deepEqual(status.volumesInUse, ['kubernetes.io/csi/ebs.csi.aws.com^vol-a']);
    assert.deepEqual(status.volumesAttached, [
      { name: 'kubernetes.io/csi/ebs.csi.aws.com^vol-a', devicePath: '' },
    ]);
    assert.equal(JSON.stringify(shown).includes('vol-b'), false);
    assert.equal(fenceNode(node, NO_FENCE, visibleVolumesOf(volumes, NO_FENCE)), node);
  });

  it('hides event texts that name objects of other namespaces, and drops events about them', () => {
    const nodeEvent = (message: string): Event => ({
      metadata: { name: 'e', namespace: 'default' },
      involvedObject: { kind: 'Node', name: 'n' },
      message,
    });
    assert.equal(
      fenceEvent(nodeEvent('Node n status is now: NodeReady'), fence)?.message,
      'Node n status is now: NodeReady',
    );
    assert.equal(fenceEvent(nodeEvent('Preempted pod a/web-1'), fence)?.message, 'Preempted pod a/web-1');
    assert.equal(fenceEvent(nodeEvent('Evicted pod b/db-0 to free memory'), fence)?.message, HIDDEN_MESSAGE);
    assert.equal(
      fenceEvent({ ...nodeEvent('x'), involvedObject: { kind: 'Pod', namespace: 'b', name: 'p' } }, fence),
      undefined,
    );
    assert.equal(
      fenceEvent({ ...nodeEvent('x'), related: { kind: 'Pod', namespace: 'b', name: 'p' } } as Event, fence),
      undefined,
    );
    assert.equal(
      namesOutside('pulled docker.io/library/nginx', fence),
      true,
      'fails secure on registry paths',
    );
    assert.equal(namesOutside('anything b/x', NO_FENCE), false);
  });
});
