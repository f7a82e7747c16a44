// Bench: `kubectl diag endpoints -A` on the real test control plane, first with 50 Services, then with 500
// (each with two pods and an EndpointSlice), against `kubectl get services -A` in the same run. Prints wall
// time (median of N), peak RSS and the API requests per run, which must not grow with the Services.
//
//   npm run bench:services [-- --namespaces 5 --services 500 --first 50 --runs 5]

import { join } from 'node:path';
import { containerStatus, coreEvent, endpointSlice, pod, podStatus, service } from '../test/cluster/index.js';
import type { ControlPlane, EndpointAddressSpec, KubeObject } from '../test/cluster/index.js';
import { median, runTimed, seconds, type Run, timingTable } from './measure.js';
import { numericOptions, runDiag, withControlPlane } from './setup.js';

const options = numericOptions({ namespaces: 5, services: 500, first: 50, runs: 5 });
const NODES = Array.from({ length: 10 }, (_, i) => `bench-node-${i}`);

/** Service i of a namespace and what stands behind it; one in ten of each kind of trouble. */
function scenario(ns: string, i: number): KubeObject[] {
  const name = `svc-${i}`;
  if (i % 50 === 49) return [service(ns, name, {})]; // no selector, no endpoints: forces the Endpoints list
  const kind = i % 10;
  const labels = { app: kind === 0 ? `${name}-v2` : name };
  const objects: KubeObject[] = [];
  const addresses: EndpointAddressSpec[] = [];
  for (let p = 0; p < 2; p++) {
    const podName = `${name}-${p}`;
    const ip = `10.${100 + (i >> 8)}.${i & 255}.${p + 10}`;
    const ready = kind !== 1 && !(kind === 2 && p === 1);
    const app =
      kind === 1
        ? containerStatus.crashLoopBackOff('app', { restartCount: 6 })
        : containerStatus.running('app', { ready });
    objects.push({
      ...pod(ns, podName, { node: NODES[i % NODES.length], labels }),
      status: podStatus({ podIP: ip, containerStatuses: [app] }),
    });
    if (kind !== 0) addresses.push({ ip, pod: podName, ready, nodeName: NODES[i % NODES.length] });
  }
  objects.push(
    service(ns, name, { selector: { app: name }, ...(kind === 3 ? { type: 'LoadBalancer' } : {}) }),
    endpointSlice(ns, `${name}-abcde`, { service: name, endpoints: addresses }),
  );
  if (kind === 1)
    objects.push(
      coreEvent(ns, {
        involvedObject: { kind: 'Pod', name: `${name}-0` },
        reason: 'BackOff',
        message: 'Back-off restarting failed container app',
        count: 12,
      }),
    );
  return objects;
}

async function seed(cp: ControlPlane, namespaces: string[], from: number, to: number): Promise<void> {
  const started = performance.now();
  const objects = namespaces.flatMap((ns) =>
    Array.from({ length: to - from }, (_, k) => scenario(ns, from + k)).flat(),
  );
  await cp.seed.createMany(objects, { concurrency: 48 });
  console.error(
    `seeded ${objects.length} objects (services ${from}..${to - 1} in ${namespaces.length} namespaces) in ${seconds(performance.now() - started)}`,
  );
}

interface Measured {
  get: Run[];
  diag: Run[];
  diagRequests: number[];
  /** Requests per collection in the last run: "pods ×2" is two pages of one list. */
  breakdown: string;
  rows: number;
  /** kubectl's requests per run, from the apiserver's audit log. */
  kubectlRequests: number;
}

function breakdownOf(paths: string[]): string {
  const counts = new Map<string, number>();
  for (const path of paths) {
    const collection = path.split('?')[0]!.split('/').pop()!;
    const selector = /fieldSelector=involvedObject.kind%3D(\w+)/.exec(path)?.[1];
    const key = selector ? `${collection}(${selector})` : collection;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => (n > 1 ? `${k} ×${n}` : k)).join(', ');
}

async function measure(cp: ControlPlane): Promise<Measured> {
  const kubectl = join(cp.binDir, 'kubectl');
  const measured: Measured = {
    get: [],
    diag: [],
    diagRequests: [],
    breakdown: '',
    rows: 0,
    kubectlRequests: 0,
  };
  let timedFrom = new Date();
  for (let i = 0; i <= options.runs; i++) {
    if (i === 1) timedFrom = new Date();
    const g = await runTimed(kubectl, ['--kubeconfig', cp.viewerKubeconfig, 'get', 'services', '-A']);
    const d = await runDiag(['endpoints', '-A'], cp.viewerKubeconfig);
    if (g.code !== 0 || d.code !== 0) throw new Error(`a run failed:\n${g.stderr}\n${d.stderr}`);
    if (i === 0) continue; // warm-up: file caches, apiserver watch caches
    measured.get.push(g);
    measured.diag.push(d);
    const allowed = d.allowed;
    measured.diagRequests.push(allowed.length);
    measured.breakdown = breakdownOf(allowed.map((r) => r.path));
    measured.rows = d.stdout.split('\n').filter((l) => /^bench-/.test(l)).length;
  }
  const kubectlEvents = (await cp.auditEvents({ since: timedFrom })).filter(
    (e) => e.userAgent?.startsWith('kubectl/') && e.requestURI.startsWith('/api/v1/services'),
  );
  measured.kubectlRequests = kubectlEvents.length / options.runs;
  return measured;
}

async function main(): Promise<void> {
  await withControlPlane('cluster-bench', async (cp) => {
    const table = timingTable(36);
    await Promise.all(NODES.map((n) => cp.seed.node(n)));
    const namespaces = await Promise.all(
      Array.from({ length: options.namespaces }, (_, i) =>
        cp.seed.namespace(cp.seed.uniqueName(`bench-${i}`)),
      ),
    );
    const perNamespace = (total: number) => Math.ceil(total / options.namespaces);
    await seed(cp, namespaces, 0, perNamespace(options.first));
    const small = await measure(cp);
    await seed(cp, namespaces, perNamespace(options.first), perNamespace(options.services));
    const large = await measure(cp);
    console.log(
      `\nkubectl-diag bench: endpoints -A, 2 pods + 1 EndpointSlice per Service, ${options.namespaces} namespaces; median of ${options.runs} runs`,
    );
    table.header('API requests per run');
    for (const [total, m] of [
      [perNamespace(options.first) * options.namespaces, small],
      [perNamespace(options.services) * options.namespaces, large],
    ] as const) {
      table.row(`kubectl get services -A (${total} svc)`, m.get, `${m.kubectlRequests}: services list pages`);
      table.row(
        `kubectl diag endpoints -A (${total} svc)`,
        m.diag,
        `${median(m.diagRequests)}: ${m.breakdown}; ${m.rows} rows`,
      );
    }
    console.log(
      'lists are paged at 500 items: "×2" is a second page of the same list, not a call per Service',
    );
  });
}

await main();
