// Bench: `kubectl diag storage -A` against `kubectl get pvc -A` on 1,000 claims (with their volumes, the pods
// that mount them and their attachments) in 10 namespaces of the real test control plane, in the same run.
// Prints wall time (median of N), peak RSS and API requests.
//
//   npm run bench:storage [-- --namespaces 10 --claims-per-namespace 100 --runs 5]

import { join } from 'node:path';
import {
  containerStatus,
  coreEvent,
  persistentVolume,
  persistentVolumeClaim,
  pod,
  podStatus,
  startControlPlane,
  storageClass,
  storageStatus,
  unschedulablePodStatus,
  volumeAttachment,
} from '../test/cluster/index.js';
import type { ControlPlane, KubeObject } from '../test/cluster/index.js';
import { ROOT } from '../test/e2e/tool.js';
import { median, runTimed, seconds, type Run, timingTable } from './measure.js';
import { numericOptions, runDiag } from './setup.js';

const {
  namespaces: NAMESPACES,
  'claims-per-namespace': CLAIMS,
  runs: RUNS,
} = numericOptions({ namespaces: 10, 'claims-per-namespace': 100, runs: 5 });
const CLASS = 'bench-fast';

interface Seeded {
  namespaces: string[];
  objects: Record<string, number>;
}

/**
 * Per namespace: claims in pairs mounted by one pod. Every 10th claim is Pending with a ProvisioningFailed
 * event and its pod unschedulable; the others are Bound to their own volume, attached to the pod's node.
 */
function namespaceObjects(ns: string, nodes: string[]): KubeObject[] {
  const objects: KubeObject[] = [];
  for (let i = 0; i < CLAIMS; i++) {
    const claim = `data-${i}`;
    const volume = `${ns}-pv-${i}`;
    const pending = i % 10 === 0;
    const node = nodes[Math.floor(i / 2) % nodes.length]!;
    if (pending) {
      objects.push(persistentVolumeClaim(ns, claim, { storageClassName: CLASS }));
      objects.push(
        coreEvent(ns, {
          involvedObject: { kind: 'PersistentVolumeClaim', name: claim },
          reason: 'ProvisioningFailed',
          message: 'rpc error: code = ResourceExhausted desc = quota exceeded',
          count: 8,
        }),
      );
    } else {
      objects.push({
        ...persistentVolume(volume, { storageClassName: CLASS, claim: { namespace: ns, name: claim } }),
        status: storageStatus.pvBound(),
      });
      objects.push({
        ...persistentVolumeClaim(ns, claim, { storageClassName: CLASS, volumeName: volume }),
        status: storageStatus.pvcBound(),
      });
      objects.push({
        ...volumeAttachment(`${volume}-attach`, { persistentVolume: volume, node }),
        status: storageStatus.attached(),
      });
    }
    if (i % 2 === 1) {
      const blocked = (i - 1) % 10 === 0;
      objects.push({
        ...pod(ns, `app-${(i - 1) / 2}`, {
          node: blocked ? undefined : node,
          spec: {
            volumes: [`data-${i - 1}`, claim].map((c, v) => ({
              name: `v${v}`,
              persistentVolumeClaim: { claimName: c },
            })),
          },
        }),
        status: blocked
          ? unschedulablePodStatus(
              '0/10 nodes are available: pod has unbound immediate PersistentVolumeClaims.',
            )
          : podStatus({ containerStatuses: [containerStatus.running('app')] }),
      });
    }
  }
  return objects;
}

async function seed(cp: ControlPlane): Promise<Seeded> {
  const started = performance.now();
  const nodes = Array.from({ length: 10 }, (_, i) => `bench-node-${i}`);
  await Promise.all(nodes.map((n) => cp.seed.node(n)));
  await Promise.all([
    cp.seed.create(storageClass(CLASS, { isDefault: true })),
    cp.seed.create(storageClass('bench-wffc', { volumeBindingMode: 'WaitForFirstConsumer' })),
    cp.seed.create(storageClass('bench-local', { provisioner: 'kubernetes.io/no-provisioner' })),
  ]);
  const namespaces = await Promise.all(
    Array.from({ length: NAMESPACES }, (_, i) => cp.seed.namespace(cp.seed.uniqueName(`bench-${i}`))),
  );
  const all = namespaces.flatMap((ns) => namespaceObjects(ns, nodes));
  // Volumes before claims before the rest, so a bound claim never exists without its volume.
  const order = ['PersistentVolume', 'PersistentVolumeClaim'];
  for (const kind of order)
    await cp.seed.createMany(
      all.filter((o) => o.kind === kind),
      { concurrency: 48 },
    );
  await cp.seed.createMany(
    all.filter((o) => !order.includes(o.kind)),
    { concurrency: 48 },
  );
  const objects: Record<string, number> = {};
  for (const o of all) objects[o.kind] = (objects[o.kind] ?? 0) + 1;
  console.error(
    `seeded ${Object.entries(objects)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ')} in ${NAMESPACES} namespaces in ${seconds(performance.now() - started)}`,
  );
  return { namespaces, objects };
}

async function main(): Promise<void> {
  const cp = await startControlPlane({ stateDir: join(ROOT, '.cache', 'cluster-bench') });
  try {
    const table = timingTable(44);
    const { namespaces, objects } = await seed(cp);
    const empty = await cp.seed.namespace(cp.seed.uniqueName('bench-empty'));
    const kubectl = join(cp.binDir, 'kubectl');
    const diagCli = (args: string[]) => runDiag(['storage', ...args], cp.viewerKubeconfig);
    const get: Run[] = [];
    const diagAll: Run[] = [];
    const diagOne: Run[] = [];
    const diagEmpty: Run[] = [];
    const allRequests: number[] = [];
    const oneRequests: number[] = [];
    let timedFrom = new Date();
    for (let i = 0; i <= RUNS; i++) {
      if (i === 1) timedFrom = new Date();
      const g = await runTimed(kubectl, ['--kubeconfig', cp.viewerKubeconfig, 'get', 'pvc', '-A']);
      const a = await diagCli(['-A']);
      const o = await diagCli(['-n', namespaces[0]!]);
      const e = await diagCli(['-n', empty]);
      if ([g, a, o, e].some((r) => r.code !== 0))
        throw new Error(`a run failed:\n${[g, a, o, e].map((r) => r.stderr).join('\n')}`);
      if (i === 0) continue; // warm-up: file caches, apiserver watch caches
      get.push(g);
      diagAll.push(a);
      diagOne.push(o);
      diagEmpty.push(e);
      allRequests.push(a.allowed.length);
      oneRequests.push(o.allowed.length);
    }
    const kubectlRequests = (await cp.auditEvents({ since: timedFrom })).filter(
      (e) => e.userAgent?.startsWith('kubectl/') && e.requestURI.startsWith('/api/v1/persistentvolumeclaims'),
    );
    const claimRows = diagAll[0]!.stdout.split('\n').filter((l) => /^bench-\S+\s+data-/.test(l)).length;
    const total = NAMESPACES * CLAIMS;
    console.log(
      `\nkubectl-diag bench: storage, ${total} claims in ${NAMESPACES} namespaces, ${objects['PersistentVolume'] ?? 0} volumes, ${objects['VolumeAttachment'] ?? 0} attachments, ${objects['Pod'] ?? 0} pods, ${objects['Event'] ?? 0} events; median of ${RUNS} runs`,
    );
    table.header('API requests');
    table.row(
      'kubectl get pvc -A',
      get,
      `${(kubectlRequests.length / RUNS).toFixed(1)} per run (claim list pages)`,
    );
    table.row('kubectl diag storage -A', diagAll, `${median(allRequests)} per run (7 lists, 500 per page)`);
    table.row(
      `kubectl diag storage -n <one of ${NAMESPACES}>`,
      diagOne,
      `${median(oneRequests)} per run (7 lists; volumes and attachments are cluster-wide)`,
    );
    table.row(
      'kubectl diag storage -n <empty namespace>',
      diagEmpty,
      '7 lists: start-up and the cluster-wide lists',
    );
    console.log(
      `wall ratio diag -A / get -A: ${(median(diagAll.map((r) => r.wallMs)) / median(get.map((r) => r.wallMs))).toFixed(2)}x; claim rows printed by diag -A: ${claimRows}`,
    );
  } finally {
    await cp.stop();
  }
}

await main();
