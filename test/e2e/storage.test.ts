// kubectl diag storage and the storage MCP tools, against the real control plane as diagnostic-viewer: one
// seeded scenario per finding (claims, volumes, classes, attachments, pods), then the command and every
// tool read them back; a second namespace behind the fence must never show through cluster-scoped objects.

import assert from 'node:assert/strict';
import {
  containerStatus,
  coreEvent,
  persistentVolume,
  persistentVolumeClaim,
  podStatus,
  storageClass,
  storageStatus,
  unschedulablePodStatus,
  volumeAttachment,
} from '../cluster/index.js';
import type { ControlPlane, KubeObject } from '../cluster/index.js';
import { controlPlane } from './setup.js';
import { diag, mcpInMemory, type CliResult, mcpForBlock } from './tool.js';

interface FindingView {
  severity: string;
  reason: string;
  message: string;
  hint: string;
  evidence: string[];
  object: { kind: string; namespace?: string; name: string };
}
interface Named {
  name: string;
  findings: FindingView[];
}
interface Report {
  scope: { namespace?: string; allNamespaces: boolean };
  totals: Record<string, number>;
  counts: Record<string, number>;
  claims: (Named & { namespace: string; status: string; consumers: { name: string }[] })[];
  volumes: (Named & { claim?: string; status: string })[];
  storageClasses: (Named & { isDefault: boolean; provisioner: string })[];
  attachments: (Named & { volume?: string; claim?: string; node?: string })[];
  pods: (Named & { namespace: string; claims: string[] })[];
}

/** Claim name → the finding reasons kubectl-diag must report for it. */
const CLAIMS: Record<string, string[]> = {
  healthy: [],
  'no-class': ['PVCPendingNoStorageClass'],
  'missing-class': ['PVCPendingClassNotFound'],
  'prov-failed': ['PVCPendingProvisioningFailed'],
  'wait-consumer': ['PVCWaitForFirstConsumer'],
  lost: ['PVCLost'],
  'local-claim': ['NoProvisionerClass'],
  provisioning: ['PVCPending'],
  shared: ['AccessModeConflict'],
  attach: [],
  detach: [],
};
/** Pods that mount claims → their storage findings. */
const PODS: Record<string, string[]> = {
  'db-0': [],
  uploader: ['PodBlockedByPVC'],
  'web-a': [],
  'web-b': [],
  'app-attach': [],
};
/** Volume suffix (after "<namespace>-") → findings. */
const VOLUMES: Record<string, string[]> = {
  'pv-healthy': [],
  'pv-shared': [],
  'pv-attach': [],
  'pv-detach': [],
  'pv-released': ['PVReleased'],
  'pv-failed': ['PVFailed'],
  'pv-free': ['PVAvailableUnclaimed'],
};
const ATTACHMENTS: Record<string, string[]> = {
  'va-healthy': [],
  'va-attach': ['VolumeAttachFailed'],
  'va-detach': ['VolumeDetachFailed'],
};

function reasonsOf(items: Named[], name: string): string[] {
  const item = items.find((i) => i.name === name);
  assert.ok(item, `${name} is listed`);
  return item.findings.map((f) => f.reason).sort();
}

function claimEvent(
  ns: string,
  claim: string,
  reason: string,
  message: string,
  type: 'Normal' | 'Warning' = 'Warning',
) {
  return coreEvent(ns, {
    involvedObject: { kind: 'PersistentVolumeClaim', name: claim },
    reason,
    message,
    type,
    count: 6,
    component: 'persistentvolume-controller',
  });
}

function podEvent(ns: string, pod: string, reason: string, message: string): KubeObject {
  return coreEvent(ns, {
    involvedObject: { kind: 'Pod', name: pod },
    reason,
    message,
    component: 'attachdetach-controller',
  });
}

function mounts(...claims: string[]) {
  return {
    volumes: claims.map((claimName, i) => ({ name: `data-${i}`, persistentVolumeClaim: { claimName } })),
  };
}

/** A claim Bound to its own volume, the volume Bound back to it. */
async function boundPair(cp: ControlPlane, ns: string, claim: string, volume: string, className: string) {
  await cp.seed.create({
    ...persistentVolume(volume, { storageClassName: className, claim: { namespace: ns, name: claim } }),
    status: storageStatus.pvBound(),
  });
  await cp.seed.create({
    ...persistentVolumeClaim(ns, claim, { storageClassName: className, volumeName: volume }),
    status: storageStatus.pvcBound(),
  });
}

async function seedStorageScenarios(
  cp: ControlPlane,
  ns: string,
  nodeA: string,
  nodeB: string,
): Promise<void> {
  const s = cp.seed;
  const fast = `${ns}-fast`;
  const running = podStatus({ containerStatuses: [containerStatus.running('app')] });
  const creating = podStatus({
    phase: 'Pending',
    containerStatuses: [containerStatus.waiting('app', 'ContainerCreating')],
  });
  await Promise.all([
    s.create(storageClass(fast)),
    s.create(storageClass(`${ns}-wffc`, { volumeBindingMode: 'WaitForFirstConsumer' })),
    s.create(
      storageClass(`${ns}-local`, {
        provisioner: 'kubernetes.io/no-provisioner',
        volumeBindingMode: 'WaitForFirstConsumer',
      }),
    ),
  ]);
  await Promise.all([
    boundPair(cp, ns, 'healthy', `${ns}-pv-healthy`, fast),
    boundPair(cp, ns, 'shared', `${ns}-pv-shared`, fast),
    boundPair(cp, ns, 'attach', `${ns}-pv-attach`, fast),
    boundPair(cp, ns, 'detach', `${ns}-pv-detach`, fast),
    s.create({ ...persistentVolumeClaim(ns, 'no-class'), status: storageStatus.pvcPending() }),
    s.create(persistentVolumeClaim(ns, 'missing-class', { storageClassName: `${ns}-gold` })),
    s.create(persistentVolumeClaim(ns, 'prov-failed', { storageClassName: fast, size: '5Ti' })),
    s.create(persistentVolumeClaim(ns, 'wait-consumer', { storageClassName: `${ns}-wffc` })),
    s.create(persistentVolumeClaim(ns, 'local-claim', { storageClassName: `${ns}-local`, size: '10Gi' })),
    s.create(persistentVolumeClaim(ns, 'provisioning', { storageClassName: fast })),
    s.create({
      ...persistentVolumeClaim(ns, 'lost', { storageClassName: fast, volumeName: `${ns}-pv-gone` }),
      status: storageStatus.pvcLost(),
    }),
    s.create({
      ...persistentVolume(`${ns}-pv-released`, {
        storageClassName: fast,
        claim: { namespace: ns, name: 'old-data' },
      }),
      status: storageStatus.pvReleased(),
    }),
    s.create({
      ...persistentVolume(`${ns}-pv-failed`, {
        storageClassName: fast,
        reclaimPolicy: 'Delete',
        claim: { namespace: ns, name: 'old-logs' },
      }),
      status: storageStatus.pvFailed(
        'error deleting volume: rpc error: code = FailedPrecondition desc = disk is in use',
      ),
    }),
    // Smaller than every claim here, so it explains no Pending claim away.
    s.create({
      ...persistentVolume(`${ns}-pv-free`, { storageClassName: fast, size: '500Mi' }),
      status: storageStatus.pvAvailable(),
    }),
  ]);
  await Promise.all([
    s.pod(ns, 'db-0', { node: nodeA, spec: mounts('healthy'), status: running }),
    s.pod(ns, 'uploader', {
      spec: mounts('prov-failed'),
      status: unschedulablePodStatus(
        '0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims.',
      ),
    }),
    s.pod(ns, 'web-a', { node: nodeA, spec: mounts('shared'), status: running }),
    s.pod(ns, 'web-b', { node: nodeB, spec: mounts('shared'), status: creating }),
    s.pod(ns, 'app-attach', { node: nodeB, spec: mounts('attach'), status: creating }),
    s.create({
      ...volumeAttachment(`${ns}-va-healthy`, { persistentVolume: `${ns}-pv-healthy`, node: nodeA }),
      status: storageStatus.attached(),
    }),
    s.create({
      ...volumeAttachment(`${ns}-va-attach`, { persistentVolume: `${ns}-pv-attach`, node: nodeB }),
      status: storageStatus.attachError(
        'rpc error: code = Internal desc = disk vol-attach is attached to another instance',
      ),
    }),
    s.create({
      ...volumeAttachment(`${ns}-va-detach`, { persistentVolume: `${ns}-pv-detach`, node: nodeA }),
      status: storageStatus.detachError('rpc error: code = DeadlineExceeded desc = node did not answer'),
    }),
    s.create(
      claimEvent(
        ns,
        'no-class',
        'FailedBinding',
        'no persistent volumes available for this claim and no storage class is set',
      ),
    ),
    s.create(
      claimEvent(
        ns,
        'missing-class',
        'ProvisioningFailed',
        `storageclass.storage.k8s.io "${ns}-gold" not found`,
      ),
    ),
    s.create(
      claimEvent(
        ns,
        'prov-failed',
        'ProvisioningFailed',
        `failed to provision volume with StorageClass "${fast}": rpc error: code = ResourceExhausted desc = quota exceeded for disks`,
      ),
    ),
    s.create(
      claimEvent(
        ns,
        'wait-consumer',
        'WaitForFirstConsumer',
        'waiting for first consumer to be created before binding',
        'Normal',
      ),
    ),
    s.create(
      podEvent(
        ns,
        'web-b',
        'FailedAttachVolume',
        `Multi-Attach error for volume "${ns}-pv-shared" Volume is already used by pod(s) web-a`,
      ),
    ),
    s.create(
      podEvent(
        ns,
        'app-attach',
        'FailedAttachVolume',
        `AttachVolume.Attach failed for volume "${ns}-pv-attach" : rpc error: code = Internal desc = disk vol-attach is attached to another instance`,
      ),
    ),
  ]);
}

/** Another namespace with a bound claim, an attachment error and a released volume: all behind the fence. */
async function seedHiddenNamespace(
  cp: ControlPlane,
  hidden: string,
  node: string,
  className: string,
): Promise<void> {
  await boundPair(cp, hidden, 'ledger-secret', `${hidden}-pv-ledger`, className);
  await Promise.all([
    cp.seed.pod(hidden, 'ledger-0', {
      node,
      spec: mounts('ledger-secret'),
      status: podStatus({ containerStatuses: [containerStatus.running('app')] }),
    }),
    cp.seed.create({
      ...volumeAttachment(`${hidden}-va-ledger`, { persistentVolume: `${hidden}-pv-ledger`, node }),
      status: storageStatus.attachError('rpc error: code = Internal desc = ledger disk busy'),
    }),
    cp.seed.create({
      ...persistentVolume(`${hidden}-pv-old`, { claim: { namespace: hidden, name: 'old-ledger' } }),
      status: storageStatus.pvReleased(),
    }),
  ]);
}

/** `storage -o json` is a StorageReport envelope; its items, grouped back by kind, are the report's lists. */
function json(result: CliResult): Report {
  assert.equal(result.error, undefined, result.error?.message);
  const envelope = JSON.parse(result.stdout) as {
    kind: string;
    scope: Report['scope'];
    summary: { totals: Report['totals']; findings: Report['counts'] };
    items: Array<{ kind: string }>;
  };
  assert.equal(envelope.kind, 'StorageReport');
  const of = <T>(kind: string) => envelope.items.filter((i) => i.kind === kind) as unknown as T[];
  return {
    scope: envelope.scope,
    totals: envelope.summary.totals,
    counts: envelope.summary.findings,
    claims: of('PersistentVolumeClaim'),
    volumes: of('PersistentVolume'),
    storageClasses: of('StorageClass'),
    attachments: of('VolumeAttachment'),
    pods: of('Pod'),
  };
}

function listPaths(result: { audit: CliResult['audit'] }): string[] {
  return result.audit.filter((a) => a.decision === 'allowed').map((a) => a.path.split('?')[0]!);
}

describe('kubectl diag storage (e2e, as diagnostic-viewer)', function () {
  let cp: ControlPlane;
  let ns: string;
  let hidden: string;
  let nodeA: string;
  let nodeB: string;

  before(async function () {
    cp = controlPlane();
    // PVCPendingNoStorageClass needs a cluster without a default class; other suites never create one.
    const classes = await cp.seed.list<KubeObject>('storage.k8s.io/v1', 'StorageClass');
    assert.ok(
      !classes.some(
        (c) => c.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true',
      ),
      'no default StorageClass before the storage suite',
    );
    ns = await cp.seed.namespace(cp.seed.uniqueName('storage'));
    hidden = await cp.seed.namespace(cp.seed.uniqueName('hidden'));
    nodeA = cp.seed.uniqueName('node-a');
    nodeB = cp.seed.uniqueName('node-b');
    await Promise.all([cp.seed.node(nodeA), cp.seed.node(nodeB)]);
    await seedStorageScenarios(cp, ns, nodeA, nodeB);
    await seedHiddenNamespace(cp, hidden, nodeA, `${ns}-fast`);
  });

  describe('the command', function () {
    it('finds every seeded problem, with the right reason codes, on claims, pods, volumes, classes and attachments', async function () {
      const report = json(await diag(['storage', '-n', ns, '-o', 'json']));
      assert.deepEqual(report.claims.map((c) => c.name).sort(), Object.keys(CLAIMS).sort());
      for (const [claim, reasons] of Object.entries(CLAIMS))
        assert.deepEqual(reasonsOf(report.claims, claim), reasons, `findings of claim ${claim}`);
      assert.deepEqual(report.pods.map((p) => p.name).sort(), Object.keys(PODS).sort());
      for (const [pod, reasons] of Object.entries(PODS))
        assert.deepEqual(reasonsOf(report.pods, pod), reasons, `findings of pod ${pod}`);
      for (const [volume, reasons] of Object.entries(VOLUMES))
        assert.deepEqual(
          reasonsOf(report.volumes, `${ns}-${volume}`),
          reasons,
          `findings of volume ${volume}`,
        );
      for (const [attachment, reasons] of Object.entries(ATTACHMENTS))
        assert.deepEqual(
          reasonsOf(report.attachments, `${ns}-${attachment}`),
          reasons,
          `findings of ${attachment}`,
        );
      assert.deepEqual(reasonsOf(report.storageClasses, `${ns}-local`), ['NoProvisionerClass']);
      assert.deepEqual(reasonsOf(report.storageClasses, `${ns}-fast`), []);
    });

    it("quotes the provisioner's message, explains WaitForFirstConsumer and names the nodes of a conflict", async function () {
      const report = json(await diag(['storage', '-n', ns, '-o', 'json']));
      const finding = (claim: string) => report.claims.find((c) => c.name === claim)!.findings[0]!;
      assert.match(
        finding('prov-failed').message,
        /Provisioning failed for claim: .*ResourceExhausted desc = quota exceeded for disks/,
      );
      assert.match(finding('prov-failed').hint, /quota or capacity/);
      assert.equal(finding('wait-consumer').severity, 'info');
      assert.match(finding('wait-consumer').hint, /Not a fault/);
      assert.match(
        finding('no-class').message,
        /no storageClassName and the cluster has no default StorageClass/,
      );
      assert.match(
        finding('missing-class').message,
        new RegExp(`StorageClass "${ns}-gold", which does not exist`),
      );
      assert.match(finding('lost').message, new RegExp(`its volume ${ns}-pv-gone no longer exists`));
      const conflict = finding('shared');
      assert.match(
        conflict.message,
        new RegExp(`ReadWriteOnce but pods on 2 nodes use it \\((${nodeA}, ${nodeB}|${nodeB}, ${nodeA})\\)`),
      );
      assert.ok(conflict.evidence.some((e) => /Multi-Attach error for volume/.test(e)));
      const blocked = report.pods.find((p) => p.name === 'uploader')!.findings[0]!;
      assert.match(blocked.message, /Pod waits for claim prov-failed, which is Pending/);
      const attach = report.attachments.find((a) => a.name === `${ns}-va-attach`)!;
      assert.equal(attach.claim, `${ns}/attach`);
      assert.match(attach.findings[0]!.message, new RegExp(`cannot attach to node ${nodeB}: rpc error`));
    });

    it('shows volumes of the namespace and unclaimed ones, and attachments only of those volumes', async function () {
      const report = json(await diag(['storage', '-n', ns, '-o', 'json']));
      for (const v of report.volumes)
        assert.ok(v.claim === undefined || v.claim.startsWith(`${ns}/`), v.name);
      assert.ok(!report.volumes.some((v) => v.name.startsWith(hidden)));
      assert.ok(!report.attachments.some((a) => a.name.startsWith(hidden)));
    });

    it('prints kubectl-style tables: claims with their pods and top finding, then volumes, classes and attachments', async function () {
      const { stdout, error } = await diag(['storage', '-n', ns]);
      assert.equal(error, undefined, error?.message);
      assert.match(
        stdout,
        /^NAME\s+STATUS\s+VOLUME\s+CAPACITY\s+ACCESS MODES\s+STORAGECLASS\s+USED BY\s+AGE\s+FINDING$/m,
      );
      assert.match(
        stdout,
        new RegExp(
          `^healthy\\s+Bound\\s+${ns}-pv-healthy\\s+1Gi\\s+RWO\\s+${ns}-fast\\s+db-0\\s+\\S+\\s*$`,
          'm',
        ),
      );
      assert.match(
        stdout,
        /^no-class\s+Pending\s+RWO\s+<unset>\s+<none>\s+\S+\s+PVCPendingNoStorageClass: /m,
      );
      assert.match(stdout, /^shared\s+Bound\s+.*\s+web-a,web-b\s+\S+\s+AccessModeConflict: /m);
      assert.match(
        stdout,
        /Pods waiting for storage:\nNAME\s+STATUS\s+NODE\s+CLAIMS\s+FINDING\nuploader\s+Pending: Unschedulable\s+<none>\s+prov-failed\s+PodBlockedByPVC: /,
      );
      assert.match(
        stdout,
        /PersistentVolumes:\nNAME\s+CAPACITY\s+ACCESS MODES\s+RECLAIM POLICY\s+STATUS\s+CLAIM\s+STORAGECLASS\s+AGE\s+FINDING/,
      );
      assert.match(
        stdout,
        new RegExp(`^${ns}-pv-released\\s+1Gi\\s+RWO\\s+Retain\\s+Released\\s+${ns}/old-data\\s+`, 'm'),
      );
      assert.match(
        stdout,
        /StorageClasses:\nNAME\s+PROVISIONER\s+RECLAIMPOLICY\s+VOLUMEBINDINGMODE\s+ALLOWVOLUMEEXPANSION\s+AGE\s+FINDING/,
      );
      assert.match(
        stdout,
        new RegExp(
          `^${ns}-local\\s+kubernetes.io/no-provisioner\\s+Delete\\s+WaitForFirstConsumer\\s+false\\s+\\S+\\s+NoProvisionerClass: `,
          'm',
        ),
      );
      assert.match(
        stdout,
        /VolumeAttachments:\nNAME\s+ATTACHER\s+PV\s+CLAIM\s+NODE\s+ATTACHED\s+AGE\s+FINDING/,
      );
      assert.match(
        stdout,
        new RegExp(
          `^${ns}-va-attach\\s+csi.example.com\\s+${ns}-pv-attach\\s+${ns}/attach\\s+${nodeB}\\s+false\\s+\\S+\\s+VolumeAttachFailed: `,
          'm',
        ),
      );
      assert.match(
        stdout,
        new RegExp(
          `11 claims in namespace ${ns}, 7 volumes, \\d+ storage classes, 3 attachments: \\d+ findings: \\d+ critical, \\d+ warning, \\d+ info\\.`,
        ),
      );
    });

    it('adds the request, volume mode and nodes with -o wide', async function () {
      const { stdout } = await diag(['storage', '-n', ns, '-o', 'wide']);
      assert.match(stdout, /REQUESTED\s+VOLUMEMODE\s+NODES\s+FINDING/);
      assert.match(stdout, /^prov-failed\s+Pending\s.*\s5Ti\s+Filesystem\s+PVCPendingProvisioningFailed: /m);
    });

    it('describes one Pending claim with its events, its blocked pod and hints', async function () {
      const { stdout, error } = await diag(['storage', 'prov-failed', '-n', ns]);
      assert.equal(error, undefined, error?.message);
      assert.match(stdout, new RegExp(`PersistentVolumeClaim: ${ns}/prov-failed`));
      assert.match(
        stdout,
        new RegExp(`StorageClass:\\s+${ns}-fast \\(provisioner csi.example.com, Immediate\\)`),
      );
      assert.match(stdout, /Used by:\s+uploader \(Pending: Unschedulable\)/);
      assert.match(
        stdout,
        /Warning\s+ProvisioningFailed\s+PersistentVolumeClaim\/prov-failed\s+6\s+failed to provision volume/,
      );
      assert.match(stdout, /CRITICAL PVCPendingProvisioningFailed: Provisioning failed for claim/);
      assert.match(stdout, /CRITICAL PodBlockedByPVC: Pod waits for claim prov-failed, which is Pending/);
    });

    it("describes a bound claim with its volume's attachment error per node and the pod's attach events", async function () {
      const { stdout } = await diag(['storage', 'attach', '-n', ns]);
      assert.match(
        stdout,
        new RegExp(`Volume:\\n\\s+${ns}-pv-attach: Bound, 1Gi RWO, reclaim Retain, driver csi.example.com`),
      );
      assert.match(
        stdout,
        new RegExp(
          `Attachments:\\n\\s+NODE\\s+ATTACHED\\s+ERROR\\n\\s+${nodeB}\\s+false\\s+attach: rpc error`,
        ),
      );
      assert.match(stdout, /Warning\s+FailedAttachVolume\s+Pod\/app-attach\s+1\s+AttachVolume.Attach failed/);
      assert.match(stdout, /CRITICAL VolumeAttachFailed: /);
    });

    it('lists all namespaces with -A', async function () {
      const report = json(await diag(['storage', '-A', '-o', 'json']));
      assert.equal(report.scope.allNamespaces, true);
      assert.ok(report.claims.some((c) => c.namespace === hidden && c.name === 'ledger-secret'));
      const { stdout } = await diag(['storage', '-A']);
      assert.match(stdout, new RegExp(`^NAMESPACE\\s+NAME\\s+STATUS`, 'm'));
      assert.match(stdout, new RegExp(`^${ns}\\s+prov-failed\\s+Pending`, 'm'));
    });

    it('makes seven list calls whatever the number of claims, and one get more for a single claim', async function () {
      const small = await cp.seed.namespace(cp.seed.uniqueName('few'));
      await cp.seed.create(persistentVolumeClaim(small, 'one', { storageClassName: `${ns}-fast` }));
      const big = await diag(['storage', '-n', ns]);
      const few = await diag(['storage', '-n', small]);
      const expected = (n: string) =>
        [
          `/api/v1/namespaces/${n}/events`,
          `/api/v1/namespaces/${n}/events`,
          `/api/v1/namespaces/${n}/persistentvolumeclaims`,
          `/api/v1/namespaces/${n}/pods`,
          '/api/v1/persistentvolumes',
          '/apis/storage.k8s.io/v1/storageclasses',
          '/apis/storage.k8s.io/v1/volumeattachments',
        ].sort();
      assert.deepEqual(listPaths(big).sort(), expected(ns));
      assert.deepEqual(listPaths(few).sort(), expected(small));
      assert.ok(
        big.audit.every((a) => a.caller?.name === 'storage'),
        'every request is attributed to the command',
      );
      const one = await diag(['storage', 'shared', '-n', ns]);
      assert.deepEqual(
        listPaths(one).sort(),
        [
          ...expected(ns).filter((p) => !p.endsWith('/persistentvolumeclaims')),
          `/api/v1/namespaces/${ns}/persistentvolumeclaims/shared`,
        ].sort(),
      );
    });
  });

  describe('PodBlockedByPVC in the pods area', function () {
    it('appears in kubectl diag pods, next to the scheduling finding', async function () {
      const { stdout, error } = await diag(['pods', '-n', ns, '-o', 'json']);
      assert.equal(error, undefined, error?.message);
      const pods = (JSON.parse(stdout) as { items: Named[] }).items;
      assert.deepEqual(reasonsOf(pods, 'uploader'), ['PodBlockedByPVC', 'Unschedulable']);
      assert.ok(
        !reasonsOf(pods, 'web-b').includes('PodBlockedByPVC'),
        'a pod whose claim is Bound is not blocked by it',
      );
    });

    it('appears in diagnose_pods, describe_pod and get_pod_status', async function () {
      const mcp = await mcpInMemory();
      try {
        const report = await mcp.call('diagnose_pods', { namespace: ns });
        assert.match(
          report.text,
          /\[critical\] PodBlockedByPVC: Pod waits for claim prov-failed, which is Pending/,
        );
        for (const tool of ['describe_pod', 'get_pod_status']) {
          const answer = await mcp.call(tool, { namespace: ns, pod: 'uploader' });
          assert.equal(answer.isError, false, answer.text);
          const findings = (answer.structured as { findings: FindingView[] }).findings;
          assert.ok(
            findings.some((f) => f.reason === 'PodBlockedByPVC'),
            tool,
          );
        }
        // A running pod needs no claim check: describe_pod stays at its usual reads.
        const healthy = await mcp.call('describe_pod', { namespace: ns, pod: 'db-0' });
        assert.equal(healthy.isError, false);
      } finally {
        await mcp.close();
      }
    });
  });

  describe('bad input gets a clear error', function () {
    it('an unknown namespace', async function () {
      const { error } = await diag(['storage', '-n', 'no-such-namespace']);
      assert.match(error?.message ?? '', /Namespace "no-such-namespace" not found/);
      assert.equal(error?.oclif?.exit, 6);
    });
    it('a claim that does not exist', async function () {
      const { error } = await diag(['storage', 'nope', '-n', ns]);
      assert.match(
        error?.message ?? '',
        new RegExp(`PersistentVolumeClaim "nope" not found in namespace "${ns}"`),
      );
      assert.equal(error?.oclif?.exit, 6);
    });
    it('a claim name with "/" or "..", before any request', async function () {
      for (const name of ['../secrets', 'a/b', 'data..x']) {
        const { error, audit } = await diag(['storage', name, '-n', ns]);
        assert.match(error?.message ?? '', /must be a persistent volume claim name/);
        assert.equal(error?.oclif?.exit, 2);
        assert.deepEqual(audit, []);
      }
    });
    it('a malformed label selector, before any request', async function () {
      const { error, audit } = await diag(['storage', '-n', ns, '-l', 'tier in (db']);
      assert.match(error?.message ?? '', /invalid label selector "tier in \(db": unbalanced/);
      assert.deepEqual(audit, []);
    });
    it('a namespace outside --allowed-namespaces, refused before it is sent', async function () {
      const since = new Date();
      const { error, audit } = await diag([
        'storage',
        'ledger-secret',
        '-n',
        hidden,
        '--allowed-namespaces',
        ns,
      ]);
      assert.match(
        error?.message ?? '',
        new RegExp(`namespace "${hidden}" is outside the allowed namespaces`),
      );
      assert.equal(error?.oclif?.exit, 5);
      assert.ok(audit.length > 0 && audit.every((a) => a.decision === 'denied'));
      const arrived = await cp.auditEvents({ uriIncludes: `/namespaces/${hidden}/`, since });
      assert.deepEqual(
        arrived.filter((e) => e.user?.username?.includes('diagnostic-viewer')),
        [],
      );
    });
  });

  describe('the MCP tools', function () {
    const mcp = mcpForBlock();

    it('diagnose_storage returns only objects with findings, with counts and hints', async function () {
      const answer = await mcp.call('diagnose_storage', { namespace: ns });
      assert.equal(answer.isError, false, answer.text);
      const report = answer.structured as unknown as Report;
      assert.equal(report.totals.claims, 11);
      assert.deepEqual(
        report.claims.map((c) => c.name).sort(),
        Object.entries(CLAIMS)
          .filter(([, r]) => r.length > 0)
          .map(([c]) => c)
          .sort(),
      );
      assert.deepEqual(
        report.pods.map((p) => p.name),
        ['uploader'],
      );
      assert.match(
        answer.text,
        new RegExp(
          `^storage in namespace ${ns}: 11 claims, 7 volumes, \\d+ storage classes, 3 attachments, 5 pods with claims`,
        ),
      );
      assert.match(
        answer.text,
        /claim \S+\/prov-failed status=Pending requested=5Ti modes=RWO class=\S+ used-by=uploader\n {2}\[critical\] PVCPendingProvisioningFailed: /,
      );
      assert.match(answer.text, /hint: Not a fault/);
    });

    it('get_pvc describes one claim with its volume, class, pods, attachments and events', async function () {
      const answer = await mcp.call('get_pvc', { namespace: ns, pvc: 'shared' });
      assert.equal(answer.isError, false, answer.text);
      const result = answer.structured as {
        claim: { status: string; consumers: { name: string; node?: string }[] };
        volume: { name: string };
        storageClass: { name: string };
        events: { reason: string; object: string }[];
        findings: FindingView[];
      };
      assert.equal(result.claim.status, 'Bound');
      assert.equal(result.volume.name, `${ns}-pv-shared`);
      assert.equal(result.storageClass.name, `${ns}-fast`);
      assert.deepEqual(result.claim.consumers.map((c) => c.node).sort(), [nodeA, nodeB].sort());
      assert.deepEqual(
        result.events.map((e) => `${e.object} ${e.reason}`),
        ['Pod/web-b FailedAttachVolume'],
      );
      assert.deepEqual(
        result.findings.map((f) => f.reason),
        ['AccessModeConflict'],
      );
      assert.match(
        answer.text,
        /\[critical\] AccessModeConflict: Claim is ReadWriteOnce but pods on 2 nodes use it/,
      );
    });

    it('get_pv describes a Released volume and the claim that is gone', async function () {
      const answer = await mcp.call('get_pv', { pv: `${ns}-pv-released` });
      assert.equal(answer.isError, false, answer.text);
      const result = answer.structured as {
        claim: { name: string; status: string };
        findings: FindingView[];
      };
      assert.deepEqual(result.claim, { namespace: ns, name: 'old-data', status: 'NotFound' });
      assert.deepEqual(
        result.findings.map((f) => f.reason),
        ['PVReleased'],
      );
      assert.match(
        answer.text,
        /\[info\] PVReleased: Volume was released by claim \S+\/old-data, which was deleted/,
      );
      const attached = await mcp.call('get_pv', { pv: `${ns}-pv-detach` });
      const detach = attached.structured as {
        claim: { status: string };
        attachments: { node: string }[];
        findings: FindingView[];
      };
      assert.equal(detach.claim.status, 'Bound');
      assert.deepEqual(
        detach.attachments.map((a) => a.node),
        [nodeA],
      );
      assert.deepEqual(
        detach.findings.map((f) => f.reason),
        ['VolumeDetachFailed'],
      );
    });

    it('list_storage_classes marks provisioner and binding mode, and explains no-provisioner classes', async function () {
      const answer = await mcp.call('list_storage_classes', {});
      const result = answer.structured as {
        defaultClass?: string;
        storageClasses: (Named & { volumeBindingMode: string })[];
      };
      assert.equal(result.defaultClass, undefined);
      const local = result.storageClasses.find((c) => c.name === `${ns}-local`)!;
      assert.equal(local.volumeBindingMode, 'WaitForFirstConsumer');
      assert.deepEqual(
        local.findings.map((f) => f.reason),
        ['NoProvisionerClass'],
      );
      assert.match(
        answer.text,
        new RegExp(`class ${ns}-wffc provisioner=csi.example.com binding=WaitForFirstConsumer`),
      );
    });

    it('get_volume_attachments filters by node and by volume', async function () {
      const byNode = await mcp.call('get_volume_attachments', { node: nodeB });
      const nodeResult = byNode.structured as { attachments: (Named & { claim?: string })[] };
      assert.deepEqual(
        nodeResult.attachments.map((a) => a.name),
        [`${ns}-va-attach`],
      );
      assert.equal(nodeResult.attachments[0]!.claim, `${ns}/attach`);
      assert.match(byNode.text, /\[critical\] VolumeAttachFailed: Volume \S+ cannot attach to node/);
      const byVolume = await mcp.call('get_volume_attachments', { pv: `${ns}-pv-healthy` });
      assert.deepEqual(
        (byVolume.structured as { attachments: Named[] }).attachments.map((a) => a.name),
        [`${ns}-va-healthy`],
      );
    });

    it('answers errors as isError results and stays up', async function () {
      const missing = await mcp.call('get_pvc', { namespace: ns, pvc: 'ghost' });
      assert.equal(missing.isError, true);
      assert.match(missing.text, /PersistentVolumeClaim "ghost" not found/);
      const noVolume = await mcp.call('get_pv', { pv: 'pv-ghost' });
      assert.equal(noVolume.isError, true);
      assert.match(noVolume.text, /PersistentVolume "pv-ghost" not found/);
      const unknownNs = await mcp.call('diagnose_storage', { namespace: 'no-such-ns' });
      assert.equal(unknownNs.isError, true);
      assert.match(unknownNs.text, /Namespace "no-such-ns" not found/);
      assert.equal((await mcp.call('list_storage_classes', {})).isError, false);
    });
  });

  describe('several default StorageClasses', function () {
    it('reports MultipleDefaultStorageClasses once, naming the class claims get', async function () {
      // Created in this order with the second sorting first by name, so "newest, then by name" picks it
      // whether or not both land in the same second.
      const older = `${ns}-z-default`;
      const newer = `${ns}-a-default`;
      await cp.seed.create(storageClass(older, { isDefault: true }));
      await cp.seed.create(storageClass(newer, { isDefault: true }));
      const mcp = await mcpInMemory();
      try {
        const answer = await mcp.call('list_storage_classes', {});
        const result = answer.structured as {
          defaultClass: string;
          storageClasses: (Named & { isDefault: boolean })[];
        };
        assert.equal(result.defaultClass, newer);
        assert.deepEqual(reasonsOf(result.storageClasses, newer), ['MultipleDefaultStorageClasses']);
        assert.deepEqual(reasonsOf(result.storageClasses, older), []);
        assert.match(
          answer.text,
          /\[warning\] MultipleDefaultStorageClasses: 2 StorageClasses are marked default/,
        );
        const { stdout } = await diag(['storage', '-n', ns]);
        assert.match(
          stdout,
          new RegExp(`^${newer} \\(default\\)\\s+csi.example.com\\s.*MultipleDefaultStorageClasses: `, 'm'),
        );
        assert.match(stdout, new RegExp(`^${older} \\(default\\)\\s`, 'm'));
        // With a default, the class-less claim will get it: it is no longer a claim without a class.
        const report = json(await diag(['storage', '-n', ns, '-o', 'json']));
        assert.ok(!reasonsOf(report.claims, 'no-class').includes('PVCPendingNoStorageClass'));
      } finally {
        await mcp.close();
        await cp.seed.delete({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', name: older });
        await cp.seed.delete({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', name: newer });
      }
    });
  });

  describe('the namespace fence', function () {
    const leaks = (text: string) =>
      [hidden, 'ledger-secret', 'old-ledger', 'ledger disk busy'].filter((s) => text.includes(s));

    it('hides volumes, claims and attachments of fenced-off namespaces from the command, even with -A', async function () {
      const asJson = await diag(['storage', '-A', '--allowed-namespaces', ns, '-o', 'json']);
      assert.deepEqual(leaks(asJson.stdout), []);
      const report = json(asJson);
      assert.ok(report.claims.length > 0 && report.claims.every((c) => c.namespace === ns));
      assert.ok(
        report.volumes.some((v) => v.name === `${ns}-pv-free`),
        'unclaimed volumes stay visible',
      );
      assert.ok(
        report.storageClasses.some((c) => c.name === `${ns}-fast`),
        'StorageClasses stay visible',
      );
      assert.ok(report.attachments.some((a) => a.name === `${ns}-va-attach`));
      const table = await diag(['storage', '-A', '--allowed-namespaces', ns, '-o', 'wide']);
      assert.deepEqual(leaks(table.stdout), []);
      assert.match(table.stdout, /StorageClasses:/);
    });

    it('hides them from every MCP tool, and answers a hidden volume exactly like a missing one', async function () {
      const fenced = await mcpInMemory({ env: { ALLOWED_NAMESPACES: ns } });
      const since = new Date();
      try {
        for (const [tool, args] of [
          ['diagnose_storage', { allNamespaces: true, includeHealthy: true }],
          ['get_volume_attachments', {}],
          ['get_volume_attachments', { node: nodeA }],
          ['list_storage_classes', {}],
          ['get_pvc', { namespace: ns, pvc: 'healthy' }],
        ] as const) {
          const answer = await fenced.call(tool, args);
          assert.equal(answer.isError, false, `${tool}: ${answer.text}`);
          assert.deepEqual(leaks(`${answer.text}\n${JSON.stringify(answer.structured)}`), [], tool);
        }
        const hiddenVolume = await fenced.call('get_pv', { pv: `${hidden}-pv-ledger` });
        const missingVolume = await fenced.call('get_pv', { pv: `${ns}-pv-never-existed` });
        assert.equal(hiddenVolume.isError, true);
        assert.equal(
          hiddenVolume.text.replace(`${hidden}-pv-ledger`, 'NAME'),
          missingVolume.text.replace(`${ns}-pv-never-existed`, 'NAME'),
        );
        assert.deepEqual(leaks(hiddenVolume.text.replace(`${hidden}-pv-ledger`, 'NAME')), []);
        const outside = await fenced.call('get_pvc', { namespace: hidden, pvc: 'ledger-secret' });
        assert.equal(outside.isError, true);
        assert.match(outside.text, /outside the allowed namespaces/);
      } finally {
        await fenced.close();
      }
      const arrived = await cp.auditEvents({ uriIncludes: `/namespaces/${hidden}/`, since });
      assert.deepEqual(
        arrived.filter((e) => e.user?.username?.includes('diagnostic-viewer')),
        [],
      );
    });
  });
});
