import assert from 'node:assert/strict';
import { fenceOf, NO_FENCE } from '../../../../src/cluster/policy.js';
import type { Finding } from '../../../../src/diagnose/finding.js';
import {
  accessModeConflict,
  accessModesText,
  claimNamesOf,
  diagnoseAttachment,
  diagnoseClaim,
  diagnoseStorageClasses,
  diagnoseVolume,
  podBlockedByClaims,
  resolveClass,
  type ClaimContext,
} from '../../../../src/areas/storage/rules.js';
import type { Event, PersistentVolumeClaim } from '../../../../src/kube/types.js';
import { volumeVisible } from '../../../../src/cluster/fence.js';
import { makePod, NOW, podEvent } from '../../builders/pods.js';
import {
  claimEvent,
  claimPod,
  makeAttachment,
  makeClaim,
  makeClass,
  makeVolume,
} from '../../builders/storage.js';
import { only, reasons } from '../../builders/findings.js';

const fast = makeClass('fast');
const wffc = makeClass('wffc', { volumeBindingMode: 'WaitForFirstConsumer' });
const local = makeClass('local', {
  provisioner: 'kubernetes.io/no-provisioner',
  volumeBindingMode: 'WaitForFirstConsumer',
});

function context(overrides: Partial<ClaimContext> = {}): ClaimContext {
  return {
    classes: [fast, wffc, local],
    volumes: [],
    consumers: [],
    events: [],
    consumerEvents: [],
    ...overrides,
  };
}

function diagnose(claim: PersistentVolumeClaim, overrides: Partial<ClaimContext> = {}): Finding[] {
  return diagnoseClaim(claim, context(overrides), NOW);
}

describe('storage rules: claims', () => {
  it('finds nothing wrong with a Bound claim used by one pod', () => {
    const claim = makeClaim('data', { storageClassName: 'fast', phase: 'Bound', volumeName: 'pv-1' });
    assert.deepEqual(diagnose(claim, { consumers: [claimPod('db-0', ['data'], 'node-1')] }), []);
  });

  it('reports PVCPendingNoStorageClass when the claim has no class and no class is default', () => {
    const claim = makeClaim('data');
    const f = only(
      diagnose(claim, {
        events: [
          claimEvent(
            claim,
            'FailedBinding',
            'no persistent volumes available for this claim and no storage class is set',
          ),
        ],
      }),
      'PVCPendingNoStorageClass',
    );
    assert.equal(f.severity, 'critical');
    assert.deepEqual(f.object, { kind: 'PersistentVolumeClaim', namespace: 'shop', name: 'data' });
    assert.match(f.message, /no storageClassName and the cluster has no default StorageClass/);
    assert.ok(f.evidence.includes('StorageClasses: fast, local, wffc'));
    assert.ok(f.evidence.some((e) => /event FailedBinding \(x5\): no persistent volumes available/.test(e)));
    assert.match(f.hint, /is-default-class/);
  });

  it('treats storageClassName "" as no dynamic provisioning, whatever the default', () => {
    const claim = makeClaim('data', { storageClassName: '' });
    const f = only(
      diagnose(claim, { classes: [makeClass('std', { isDefault: true })] }),
      'PVCPendingNoStorageClass',
    );
    assert.match(f.message, /storageClassName "" \(no dynamic provisioning\)/);
  });

  it('expects a class-less claim to bind when a matching class-less volume is Available', () => {
    const claim = makeClaim('data', { storageClassName: '' });
    const volume = makeVolume('pv-free', { phase: 'Available', size: '5Gi' });
    const f = only(diagnose(claim, { volumes: [volume] }), 'PVCPending');
    assert.equal(f.severity, 'info');
    assert.match(f.message, /pv-free, matches and should bind/);
  });

  it('uses the default class for a claim without one, so it is not PVCPendingNoStorageClass', () => {
    const claim = makeClaim('data');
    const std = makeClass('std', { isDefault: true });
    assert.deepEqual(reasons(diagnose(claim, { classes: [std] })), ['PVCPending']);
    assert.deepEqual(resolveClass(claim, [std]), { source: 'default', name: 'std', storageClass: std });
  });

  it('resolves the newest default class, as the admission plugin does, and honours the beta annotation', () => {
    const older = makeClass('older', { isDefault: true, createdMinutesAgo: 100 });
    const newer = makeClass('newer', { betaDefault: true, createdMinutesAgo: 10 });
    assert.equal(resolveClass(makeClaim('data'), [older, newer]).name, 'newer');
    assert.equal(resolveClass(makeClaim('data', { storageClassName: 'fast' }), [fast]).source, 'spec');
    assert.equal(resolveClass(makeClaim('data'), [fast]).source, 'unset');
    assert.equal(resolveClass(makeClaim('data', { storageClassName: '' }), [older]).source, 'empty');
  });

  it('reports PVCPendingClassNotFound with the classes that do exist', () => {
    const claim = makeClaim('data', { storageClassName: 'gold' });
    const f = only(diagnose(claim), 'PVCPendingClassNotFound');
    assert.equal(f.severity, 'critical');
    assert.match(f.message, /StorageClass "gold", which does not exist/);
    assert.ok(f.evidence.includes('StorageClasses: fast, local, wffc'));
  });

  it("reports PVCPendingProvisioningFailed with the provisioner's message and a quota hint", () => {
    const claim = makeClaim('data', { storageClassName: 'fast' });
    const events = [
      claimEvent(
        claim,
        'ProvisioningFailed',
        'failed to provision volume with StorageClass "fast": rpc error: code = ResourceExhausted desc = quota exceeded',
      ),
      claimEvent(
        claim,
        'Provisioning',
        'External provisioner is provisioning volume for claim "shop/data"',
        'Normal',
      ),
    ];
    const f = only(diagnose(claim, { events }), 'PVCPendingProvisioningFailed');
    assert.match(f.message, /Provisioning failed for claim: failed to provision volume .* quota exceeded/);
    assert.ok(f.evidence.includes('StorageClass fast: provisioner csi.example.com'));
    assert.match(f.hint, /quota or capacity/);
  });

  it('ignores events of another object with the same name', () => {
    const claim = makeClaim('data', { storageClassName: 'fast' });
    const pod = makePod('data');
    const events = [podEvent(pod, 'ProvisioningFailed', 'not about the claim')];
    assert.deepEqual(reasons(diagnose(claim, { events })), ['PVCPending']);
  });

  it('explains WaitForFirstConsumer as information, not a fault, while no pod uses the claim', () => {
    const claim = makeClaim('data', { storageClassName: 'wffc' });
    const f = only(diagnose(claim), 'PVCWaitForFirstConsumer');
    assert.equal(f.severity, 'info');
    assert.match(f.message, /binds a volume only when a pod using the claim is scheduled/);
    assert.match(f.hint, /Not a fault/);
  });

  it('names the consumer a WaitForFirstConsumer claim waits for, and stops waiting once a node is selected', () => {
    const claim = makeClaim('data', { storageClassName: 'wffc' });
    const pod = claimPod('web-0', ['data']);
    const waiting = only(diagnose(claim, { consumers: [pod] }), 'PVCWaitForFirstConsumer');
    assert.match(waiting.message, /waits for its consumer web-0 to be scheduled/);
    const selected = makeClaim('data', {
      storageClassName: 'wffc',
      annotations: { 'volume.kubernetes.io/selected-node': 'node-2' },
    });
    const f = only(diagnose(selected, { consumers: [pod] }), 'PVCPending');
    assert.ok(f.evidence.includes('scheduler selected node node-2'));
  });

  it('reports NoProvisionerClass on a claim when no pre-created volume fits it', () => {
    const claim = makeClaim('data', { storageClassName: 'local', size: '10Gi' });
    const small = makeVolume('local-small', { phase: 'Available', storageClassName: 'local', size: '5Gi' });
    const f = only(diagnose(claim, { volumes: [small] }), 'NoProvisionerClass');
    assert.equal(f.severity, 'warning');
    assert.deepEqual(f.object.kind, 'PersistentVolumeClaim');
    assert.ok(f.evidence.includes('volumes of class local: 1, available: 1'));
    const big = makeVolume('local-big', { phase: 'Available', storageClassName: 'local', size: '20Gi' });
    assert.deepEqual(reasons(diagnose(claim, { volumes: [small, big] })), ['PVCPending']);
  });

  it('does not bind a volume with the wrong access modes or one reserved for another claim', () => {
    const claim = makeClaim('data', { storageClassName: 'local', accessModes: ['ReadWriteMany'] });
    const rwo = makeVolume('a', { phase: 'Available', storageClassName: 'local' });
    const reserved = makeVolume('b', {
      phase: 'Available',
      storageClassName: 'local',
      accessModes: ['ReadWriteMany'],
      claim: { namespace: 'shop', name: 'other' },
    });
    assert.deepEqual(reasons(diagnose(claim, { volumes: [rwo, reserved] })), ['NoProvisionerClass']);
  });

  it('makes an unexplained Pending claim a warning only after it has waited five minutes', () => {
    const fresh = only(
      diagnose(makeClaim('data', { storageClassName: 'fast', createdMinutesAgo: 1 })),
      'PVCPending',
    );
    assert.equal(fresh.severity, 'info');
    assert.match(fresh.message, /Pending for 60s: waiting for provisioner csi.example.com/);
    const old = only(
      diagnose(makeClaim('data', { storageClassName: 'fast', createdMinutesAgo: 30 })),
      'PVCPending',
    );
    assert.equal(old.severity, 'warning');
    assert.match(old.hint, /provisioner .* is running/);
  });

  it('reports a claim pre-bound to a volume that does not exist as critical', () => {
    const f = only(diagnose(makeClaim('data', { volumeName: 'pv-gone' })), 'PVCPending');
    assert.equal(f.severity, 'critical');
    assert.match(f.message, /names volume pv-gone, which does not exist/);
  });

  it('reports PVCLost with the missing volume', () => {
    const claim = makeClaim('data', { phase: 'Lost', volumeName: 'pv-gone', storageClassName: 'fast' });
    const f = only(diagnose(claim, { consumers: [claimPod('db-0', ['data'], 'node-1')] }), 'PVCLost');
    assert.equal(f.severity, 'critical');
    assert.match(f.message, /its volume pv-gone no longer exists/);
    assert.ok(f.evidence.includes('used by: db-0'));
  });
});

describe('storage rules: access modes', () => {
  const bound = (modes: string[]) =>
    makeClaim('data', { phase: 'Bound', volumeName: 'pv-1', storageClassName: 'fast', accessModes: modes });

  it('reports AccessModeConflict for a ReadWriteOnce claim used from two nodes', () => {
    const pods = [claimPod('web-a', ['data'], 'node-1'), claimPod('web-b', ['data'], 'node-2')];
    const f = only(accessModeConflict(bound(['ReadWriteOnce']), pods, []), 'AccessModeConflict');
    assert.equal(f.severity, 'critical');
    assert.match(f.message, /ReadWriteOnce but pods on 2 nodes use it \(node-1, node-2\)/);
    assert.ok(f.evidence.includes('pods: web-a on node-1 (Running), web-b on node-2 (Running)'));
  });

  it('accepts a ReadWriteOnce claim shared by pods on one node, and a ReadWriteMany claim anywhere', () => {
    const sameNode = [claimPod('web-a', ['data'], 'node-1'), claimPod('web-b', ['data'], 'node-1')];
    assert.deepEqual(accessModeConflict(bound(['ReadWriteOnce']), sameNode, []), []);
    const spread = [claimPod('web-a', ['data'], 'node-1'), claimPod('web-b', ['data'], 'node-2')];
    assert.deepEqual(accessModeConflict(bound(['ReadWriteMany']), spread, []), []);
    assert.deepEqual(accessModeConflict(bound(['ReadWriteOnce', 'ReadOnlyMany']), spread, []), []);
  });

  it('ignores finished pods', () => {
    const done = claimPod('job-1', ['data'], 'node-2');
    done.status = { ...done.status, phase: 'Succeeded' };
    assert.deepEqual(
      accessModeConflict(bound(['ReadWriteOnce']), [claimPod('web-a', ['data'], 'node-1'), done], []),
      [],
    );
  });

  it('reports a Multi-Attach error of a consumer even before both pods run', () => {
    const pod = claimPod('web-b', ['data'], 'node-2');
    const event: Event = podEvent(
      pod,
      'FailedAttachVolume',
      'Multi-Attach error for volume "pv-1" Volume is already used by pod(s) web-a',
    );
    const f = only(accessModeConflict(bound(['ReadWriteOnce']), [pod], [event]), 'AccessModeConflict');
    assert.match(f.message, /refused on a second node \(Multi-Attach error\)/);
    assert.ok(f.evidence.some((e) => /Multi-Attach error for volume "pv-1"/.test(e)));
    const otherVolume = { ...event, message: 'Multi-Attach error for volume "pv-9" Volume is already used' };
    assert.deepEqual(accessModeConflict(bound(['ReadWriteOnce']), [pod], [otherVolume]), []);
  });

  it('reports a ReadWriteOncePod claim used by two pods, even on one node', () => {
    const pods = [claimPod('web-a', ['data'], 'node-1'), claimPod('web-b', ['data'], 'node-1')];
    const f = only(accessModeConflict(bound(['ReadWriteOncePod']), pods, []), 'AccessModeConflict');
    assert.match(f.message, /ReadWriteOncePod but 2 pods use it/);
  });

  it('prints access modes the way kubectl does', () => {
    assert.equal(
      accessModesText(['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod']),
      'RWO,ROX,RWX,RWOP',
    );
  });
});

describe('storage rules: pods blocked by claims', () => {
  const claims = (...list: PersistentVolumeClaim[]) =>
    new Map(list.map((c) => [`${c.metadata?.namespace}/${c.metadata?.name}`, c]));

  it('reports PodBlockedByPVC for a Pending pod whose claim is Pending', () => {
    const pod = claimPod('web-0', ['data']);
    const f = only(
      podBlockedByClaims(pod, claims(makeClaim('data', { storageClassName: 'fast' }))),
      'PodBlockedByPVC',
    );
    assert.equal(f.severity, 'critical');
    assert.deepEqual(f.object, { kind: 'Pod', namespace: 'shop', name: 'web-0' });
    assert.match(f.message, /Pod waits for claim data, which is Pending/);
    assert.ok(
      f.evidence.some((e) => /scheduling: 0\/3 nodes are available: pod has unbound immediate/.test(e)),
    );
    assert.match(f.hint, /kubectl diag storage data -n shop/);
  });

  it('reports a claim that does not exist', () => {
    const f = only(podBlockedByClaims(claimPod('web-0', ['nope']), claims()), 'PodBlockedByPVC');
    assert.match(f.message, /claim nope, which does not exist/);
    assert.match(f.hint, /Create the PersistentVolumeClaim nope/);
  });

  it('says nothing for bound claims or running pods', () => {
    const bound = makeClaim('data', { phase: 'Bound', volumeName: 'pv-1' });
    assert.deepEqual(podBlockedByClaims(claimPod('web-0', ['data']), claims(bound)), []);
    assert.deepEqual(
      podBlockedByClaims(claimPod('web-1', ['data'], 'node-1'), claims(makeClaim('data'))),
      [],
    );
  });

  it('finds the claim of a generic ephemeral volume by its generated name', () => {
    const pod = makePod('builder', { spec: { volumes: [{ name: 'scratch', ephemeral: {} }] } });
    assert.deepEqual(claimNamesOf(pod), ['builder-scratch']);
  });
});

describe('storage rules: volumes, classes and attachments', () => {
  it('reports PVReleased as information under Retain and as a warning under Delete', () => {
    const retained = only(
      diagnoseVolume(makeVolume('pv-old', { phase: 'Released', claim: { namespace: 'shop', name: 'old' } })),
      'PVReleased',
    );
    assert.equal(retained.severity, 'info');
    assert.match(
      retained.message,
      /released by claim shop\/old, which was deleted; reclaim policy Retain keeps it/,
    );
    assert.match(retained.hint, /remove spec.claimRef/);
    const stuck = only(
      diagnoseVolume(
        makeVolume('pv-old', {
          phase: 'Released',
          reclaimPolicy: 'Delete',
          claim: { namespace: 'shop', name: 'old' },
        }),
      ),
      'PVReleased',
    );
    assert.equal(stuck.severity, 'warning');
  });

  it('reports PVFailed with its message', () => {
    const f = only(
      diagnoseVolume(
        makeVolume('pv-bad', { phase: 'Failed', message: 'error deleting volume: disk in use' }),
      ),
      'PVFailed',
    );
    assert.equal(f.severity, 'critical');
    assert.match(f.message, /Volume failed: error deleting volume: disk in use/);
  });

  it('reports PVAvailableUnclaimed, and a reservation for a claim that never came', () => {
    assert.match(
      only(
        diagnoseVolume(makeVolume('pv-free', { phase: 'Available', storageClassName: 'fast' })),
        'PVAvailableUnclaimed',
      ).message,
      /Available and no claim uses it/,
    );
    assert.match(
      only(
        diagnoseVolume(
          makeVolume('pv-res', { phase: 'Available', claim: { namespace: 'shop', name: 'later' } }),
        ),
        'PVAvailableUnclaimed',
      ).message,
      /reserved for claim shop\/later/,
    );
    assert.deepEqual(diagnoseVolume(makeVolume('pv-1')), []);
  });

  it('reports MultipleDefaultStorageClasses once, naming the class claims get', () => {
    const classes = [
      makeClass('old-default', { isDefault: true, createdMinutesAgo: 100 }),
      makeClass('new-default', { betaDefault: true, createdMinutesAgo: 5 }),
      fast,
    ];
    const f = only(diagnoseStorageClasses(classes), 'MultipleDefaultStorageClasses');
    assert.equal(f.severity, 'warning');
    assert.deepEqual(f.object, { kind: 'StorageClass', name: 'new-default' });
    assert.match(
      f.message,
      /2 StorageClasses are marked default \(new-default, old-default\): claims without a class get the newest, new-default/,
    );
    assert.deepEqual(diagnoseStorageClasses([makeClass('std', { isDefault: true }), fast]), []);
  });

  it('reports NoProvisionerClass on a class as information', () => {
    const f = only(diagnoseStorageClasses([local, fast]), 'NoProvisionerClass');
    assert.equal(f.severity, 'info');
    assert.deepEqual(f.object, { kind: 'StorageClass', name: 'local' });
    assert.match(f.message, /claims on it bind only to pre-created volumes/);
  });

  it('reports VolumeAttachFailed and VolumeDetachFailed with the error, node and claim', () => {
    const failed = makeAttachment('csi-1', {
      volume: 'pv-1',
      node: 'node-2',
      attachError: 'rpc error: code = Internal desc = disk is attached to another instance',
    });
    const f = only(diagnoseAttachment(failed, 'shop/data'), 'VolumeAttachFailed');
    assert.equal(f.severity, 'critical');
    assert.match(f.message, /Volume pv-1 cannot attach to node node-2: rpc error/);
    assert.ok(f.evidence.includes('claim shop/data'));
    const stuck = makeAttachment('csi-2', {
      volume: 'pv-1',
      node: 'node-1',
      attached: true,
      detachError: 'node not found',
    });
    assert.equal(only(diagnoseAttachment(stuck), 'VolumeDetachFailed').severity, 'warning');
    assert.deepEqual(diagnoseAttachment(makeAttachment('csi-3', { volume: 'pv-1', node: 'node-1' })), []);
  });
});

describe('the namespace fence over cluster-scoped volumes', () => {
  const fence = fenceOf(['shop']);

  it('hides a volume bound to a claim in a fenced-off namespace', () => {
    assert.equal(
      volumeVisible(makeVolume('pv-x', { claim: { namespace: 'billing', name: 'ledger' } }), fence),
      false,
    );
  });

  it('shows volumes of claims inside the fence and volumes without a claim', () => {
    assert.equal(
      volumeVisible(makeVolume('pv-a', { claim: { namespace: 'shop', name: 'data' } }), fence),
      true,
    );
    assert.equal(volumeVisible(makeVolume('pv-b', { phase: 'Available' }), fence), true);
  });

  it('hides a claimRef without a namespace (fail secure) and shows everything without a fence', () => {
    const odd = makeVolume('pv-c');
    odd.spec = { ...odd.spec, claimRef: { kind: 'PersistentVolumeClaim', name: 'x' } };
    assert.equal(volumeVisible(odd, fence), false);
    assert.equal(
      volumeVisible(makeVolume('pv-x', { claim: { namespace: 'billing', name: 'ledger' } }), NO_FENCE),
      true,
    );
  });
});
