// Bench: `kubectl diag workloads -A` against `kubectl get deploy -A` on 500 Deployments (each with its
// ReplicaSet and 4 pods: 2,000 pods) in 20 namespaces of the real test control plane, interleaved in the
// same run. Prints wall time (median, min, max of N), peak RSS, the ratio, and the API requests of diag at
// a tenth of the objects and at all of them: the same lists whatever the count, only list pages grow.
//
//   npm run bench:workloads [-- --deployments 500 --namespaces 20 --runs 5]
//
// The static plane is used (no controllers): each status is written as the deployment and replicaset
// controllers would (pkg/controller/deployment/sync.go calculateStatus; "MinimumReplicasAvailable" and
// "NewReplicaSetAvailable" from pkg/controller/deployment/util/deployment_util.go).

import { join } from 'node:path';
import { coreEvent, pod, startControlPlane } from '../test/cluster/index.js';
import type { ControlPlane, KubeObject } from '../test/cluster/index.js';
import { ROOT } from '../test/e2e/tool.js';
import { median, runTimed, seconds, type Run, timingTable } from './measure.js';
import { mixedPodStatus, numericOptions, runDiag } from './setup.js';

const {
  deployments: DEPLOYMENTS,
  namespaces: NAMESPACES,
  runs: RUNS,
} = numericOptions({ deployments: 500, namespaces: 20, runs: 5 });
const PODS_PER_DEPLOYMENT = 4;
const at = new Date().toISOString();

function deploymentStatus(ready: number) {
  return {
    observedGeneration: 1,
    replicas: PODS_PER_DEPLOYMENT,
    updatedReplicas: PODS_PER_DEPLOYMENT,
    readyReplicas: ready,
    availableReplicas: ready,
    ...(ready < PODS_PER_DEPLOYMENT ? { unavailableReplicas: PODS_PER_DEPLOYMENT - ready } : {}),
    conditions: [
      {
        type: 'Available',
        status: ready === PODS_PER_DEPLOYMENT ? 'True' : 'False',
        reason: ready === PODS_PER_DEPLOYMENT ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
        message:
          ready === PODS_PER_DEPLOYMENT
            ? 'Deployment has minimum availability.'
            : 'Deployment does not have minimum availability.',
        lastUpdateTime: at,
        lastTransitionTime: at,
      },
    ],
  };
}

/** Deployments `from`..`to` (global numbering), spread over the namespaces, each with a ReplicaSet and pods. */
async function seed(cp: ControlPlane, namespaces: string[], from: number, to: number): Promise<void> {
  const started = performance.now();
  const labelsOf = (i: number) => ({ app: `app-${i}` });
  const template = (i: number) => ({
    metadata: { labels: labelsOf(i) },
    spec: { containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10' }] },
  });
  const indexes = Array.from({ length: to - from }, (_, k) => from + k);
  const nsOf = (i: number) => namespaces[i % namespaces.length]!;
  // Pod p of deployment i runs unless mixedPodStatus makes it fail (1 in 10 pods).
  const podState = (i: number, p: number) => mixedPodStatus(i * PODS_PER_DEPLOYMENT + p, 10);
  const readyOf = (i: number) =>
    Array.from({ length: PODS_PER_DEPLOYMENT }, (_, p) => podState(i, p)).filter(
      (s) => (s as { phase?: string }).phase === 'Running' && JSON.stringify(s).includes('"ready":true'),
    ).length;
  const deployments = await cp.seed.createMany(
    indexes.map((i) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: `web-${i}`, namespace: nsOf(i), generation: 1 },
      spec: { replicas: PODS_PER_DEPLOYMENT, selector: { matchLabels: labelsOf(i) }, template: template(i) },
      status: deploymentStatus(readyOf(i)),
    })),
  );
  const owner = (o: KubeObject, kind: string) => [
    {
      apiVersion: 'apps/v1',
      kind,
      name: o.metadata.name,
      uid: o.metadata['uid'] as string,
      controller: true,
    },
  ];
  const sets = await cp.seed.createMany(
    deployments.map((d, k) => ({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata.name}-5d8f9c7b6`,
        namespace: d.metadata.namespace,
        annotations: { 'deployment.kubernetes.io/revision': '1' },
        ownerReferences: owner(d, 'Deployment'),
      },
      spec: {
        replicas: PODS_PER_DEPLOYMENT,
        selector: { matchLabels: labelsOf(from + k) },
        template: template(from + k),
      },
      status: {
        replicas: PODS_PER_DEPLOYMENT,
        readyReplicas: readyOf(from + k),
        availableReplicas: readyOf(from + k),
      },
    })),
  );
  const pods: KubeObject[] = [];
  const events: KubeObject[] = [];
  sets.forEach((rs, k) => {
    const i = from + k;
    for (let p = 0; p < PODS_PER_DEPLOYMENT; p++) {
      const name = `${rs.metadata.name}-${p}x${i.toString(36)}`;
      const status = podState(i, p);
      const base = pod(rs.metadata.namespace!, name, { node: `bench-node-${i % 10}`, labels: labelsOf(i) });
      pods.push({
        ...base,
        metadata: { ...base.metadata, ownerReferences: owner(rs, 'ReplicaSet') },
        status,
      });
      if ((i * PODS_PER_DEPLOYMENT + p) % 10 === 1)
        events.push(
          coreEvent(rs.metadata.namespace!, {
            involvedObject: { kind: 'Pod', name },
            reason: 'BackOff',
            message: 'Back-off restarting failed container app',
            count: 12,
          }),
        );
    }
  });
  await cp.seed.createMany([...pods, ...events], { concurrency: 48 });
  console.error(
    `seeded deployments ${from}-${to - 1} with ${sets.length} ReplicaSets, ${pods.length} pods, ${events.length} events in ${seconds(performance.now() - started)}`,
  );
}

/** diag's requests of one run: all of them, and the distinct lists (a path without its continue token). */
function requestCount(run: Awaited<ReturnType<typeof runDiag>>) {
  const lists = new Set(run.allowed.map((r) => r.path.replace(/[?&]continue=[^&]*/, '')));
  return { requests: run.allowed.length, lists: lists.size };
}

async function main(): Promise<void> {
  const cp = await startControlPlane({ stateDir: join(ROOT, '.cache', 'cluster-bench-workloads') });
  try {
    const table = timingTable(28);
    const nodes = Array.from({ length: 10 }, (_, i) => `bench-node-${i}`);
    await Promise.all(nodes.map((n) => cp.seed.node(n)));
    const namespaces = await Promise.all(
      Array.from({ length: NAMESPACES }, (_, i) => cp.seed.namespace(cp.seed.uniqueName(`wl-bench-${i}`))),
    );
    const tenth = Math.max(1, Math.floor(DEPLOYMENTS / 10));
    await seed(cp, namespaces, 0, tenth);
    const small = requestCount(await runDiag(['workloads', '-A'], cp.viewerKubeconfig));
    await seed(cp, namespaces, tenth, DEPLOYMENTS);
    const kubectl = join(cp.binDir, 'kubectl');
    const get: Run[] = [];
    const diag: Run[] = [];
    const ratios: number[] = [];
    let large = small;
    for (let i = 0; i <= RUNS; i++) {
      const g = await runTimed(kubectl, ['--kubeconfig', cp.viewerKubeconfig, 'get', 'deploy', '-A']);
      const d = await runDiag(['workloads', '-A'], cp.viewerKubeconfig);
      if (g.code !== 0 || d.code !== 0) throw new Error(`a run failed:\n${g.stderr}\n${d.stderr}`);
      if (i === 0) continue; // warm-up: file caches, apiserver watch caches
      get.push(g);
      diag.push(d);
      ratios.push(d.wallMs / g.wallMs);
      large = requestCount(d);
    }
    const rows = diag[0]!.stdout.split('\n').filter((l) => /^wl-bench-/.test(l)).length;
    console.log(
      `\nkubectl-diag bench: workloads -A, ${DEPLOYMENTS} Deployments (${DEPLOYMENTS * PODS_PER_DEPLOYMENT} pods) in ${NAMESPACES} namespaces; ${RUNS} interleaved runs`,
    );
    table.header('');
    table.row('kubectl get deploy -A', get, '');
    table.row('kubectl diag workloads -A', diag, '');
    console.log(
      `wall ratio diag/get, pair by pair: median ${median(ratios).toFixed(2)}x, min ${Math.min(...ratios).toFixed(2)}x, max ${Math.max(...ratios).toFixed(2)}x; rows printed by diag: ${rows}`,
    );
    console.log(
      `API requests of diag: ${small.requests} (${small.lists} lists) at ${tenth} Deployments, ${large.requests} (${large.lists} lists) at ${DEPLOYMENTS}: only list pages (500 objects each) grow`,
    );
    const hold = Number(process.env['BENCH_HOLD_SECONDS'] ?? 0);
    if (hold > 0) {
      console.error(`holding the plane for ${hold}s; viewer kubeconfig: ${cp.viewerKubeconfig}`);
      await new Promise((resolve) => setTimeout(resolve, hold * 1000));
    }
  } finally {
    await cp.stop();
  }
}

await main();
