// Bench: `kubectl diag pods -A` against `kubectl get pods -A` on 2,000 pods in 20 namespaces of the real
// test control plane, in the same run. Prints wall time (median of N), peak RSS and API requests.
//
//   npm run bench:pods [-- --pods-per-namespace 100 --namespaces 20 --runs 5]

import { join } from 'node:path';
import { coreEvent, pod, startControlPlane } from '../test/cluster/index.js';
import type { ControlPlane, KubeObject } from '../test/cluster/index.js';
import { ROOT } from '../test/e2e/tool.js';
import { median, runTimed, seconds, type Run, timingTable } from './measure.js';
import { mixedPodStatus, numericOptions, runDiag } from './setup.js';

const {
  namespaces: NAMESPACES,
  'pods-per-namespace': PODS,
  runs: RUNS,
} = numericOptions({ namespaces: 20, 'pods-per-namespace': 100, runs: 5 });

async function seed(cp: ControlPlane): Promise<{ namespaces: string[]; events: number }> {
  const started = performance.now();
  const nodes = Array.from({ length: 10 }, (_, i) => `bench-node-${i}`);
  await Promise.all(nodes.map((n) => cp.seed.node(n)));
  const namespaces = await Promise.all(
    Array.from({ length: NAMESPACES }, (_, i) => cp.seed.namespace(cp.seed.uniqueName(`bench-${i}`))),
  );
  const pods: KubeObject[] = [];
  const events: KubeObject[] = [];
  for (const ns of namespaces) {
    for (let i = 0; i < PODS; i++) {
      const name = `web-${i}`;
      const status = mixedPodStatus(i);
      const scheduled = i % 20 !== 3;
      pods.push({
        ...pod(ns, name, { node: scheduled ? nodes[i % nodes.length] : undefined, labels: { app: 'web' } }),
        status,
      });
      if (i % 20 === 1)
        events.push(
          coreEvent(ns, {
            involvedObject: { kind: 'Pod', name },
            reason: 'BackOff',
            message: 'Back-off restarting failed container app',
            count: 12,
          }),
        );
      if (i % 20 === 3)
        events.push(
          coreEvent(ns, {
            involvedObject: { kind: 'Pod', name },
            reason: 'FailedScheduling',
            message: '0/10 nodes are available: 10 Insufficient cpu.',
          }),
        );
    }
  }
  await cp.seed.createMany([...pods, ...events], { concurrency: 48 });
  console.error(
    `seeded ${pods.length} pods and ${events.length} events in ${NAMESPACES} namespaces in ${seconds(performance.now() - started)}`,
  );
  return { namespaces, events: events.length };
}

async function main(): Promise<void> {
  const cp = await startControlPlane({ stateDir: join(ROOT, '.cache', 'cluster-bench') });
  try {
    const table = timingTable(26);
    const { events } = await seed(cp);
    const kubectl = join(cp.binDir, 'kubectl');
    const get: Run[] = [];
    const diag: Run[] = [];
    const diagRequests: number[] = [];
    let timedFrom = new Date();
    for (let i = 0; i <= RUNS; i++) {
      if (i === 1) timedFrom = new Date();
      const g = await runTimed(kubectl, ['--kubeconfig', cp.viewerKubeconfig, 'get', 'pods', '-A']);
      const d = await runDiag(['pods', '-A'], cp.viewerKubeconfig);
      if (g.code !== 0 || d.code !== 0) throw new Error(`a run failed:\n${g.stderr}\n${d.stderr}`);
      if (i === 0) continue; // warm-up: file caches, apiserver watch caches
      get.push(g);
      diag.push(d);
      diagRequests.push(d.allowed.length);
    }
    const kubectlRequests = (await cp.auditEvents({ since: timedFrom })).filter(
      (e) => e.userAgent?.startsWith('kubectl/') && e.requestURI.startsWith('/api/v1/pods'),
    );
    const podLines = diag[0]!.stdout.split('\n').filter((l) => /^bench-/.test(l)).length;
    const getWall = median(get.map((r) => r.wallMs));
    const diagWall = median(diag.map((r) => r.wallMs));
    console.log(
      `\nkubectl-diag bench: pods -A, ${NAMESPACES * PODS} pods in ${NAMESPACES} namespaces, ${events} events; median of ${RUNS} runs`,
    );
    table.header('API requests');
    table.row(
      'kubectl get pods -A',
      get,
      `${(kubectlRequests.length / RUNS).toFixed(1)} per run (pods list pages)`,
    );
    table.row(
      'kubectl diag pods -A',
      diag,
      `${median(diagRequests)} per run (pods, events and claims lists, 500 per page)`,
    );
    console.log(
      `wall ratio diag/get: ${(diagWall / getWall).toFixed(2)}x; rows printed by diag: ${podLines}`,
    );
  } finally {
    await cp.stop();
  }
}

await main();
