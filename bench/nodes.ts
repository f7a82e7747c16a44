// Bench: `kubectl diag nodes` (all nodes, and one node in depth) against kubectl's own views on 200 nodes
// and 6,000 pods of the real test control plane, metrics served, in the same run. Prints wall time
// (median of N), peak RSS, list calls and HTTP requests (pages) per run, from the tool's own audit log.
//
//   npm run bench:nodes [-- --nodes 200 --pods 6000 --namespaces 20 --runs 5]

import { join } from 'node:path';
import {
  containerStatus,
  coreEvent,
  node as nodeObject,
  pod,
  podStatus,
  unschedulablePodStatus,
} from '../test/cluster/index.js';
import type { AuditRecord } from '../src/cluster/audit.js';
import type { ControlPlane, KubeObject, NodeSpec } from '../test/cluster/index.js';
import { median, runTimed, seconds, type Run, timingTable } from './measure.js';
import { numericOptions, runDiag, withControlPlane } from './setup.js';

const options = numericOptions({ nodes: 200, pods: 6000, namespaces: 20, runs: 5 });

const nodeName = (i: number) => `bench-node-${String(i).padStart(3, '0')}`;

/** A mix of troubles so every rule does work: about one node in ten has a finding of its own. */
function nodeSpec(i: number): NodeSpec {
  const base: NodeSpec = {
    capacity: { cpu: '16', memory: '64Gi', pods: '110', 'ephemeral-storage': '200Gi' },
    labels: { pool: i % 20 === 0 ? 'gpu' : 'general' },
  };
  if (i % 40 === 1) return { ...base, ready: false };
  if (i % 40 === 2) return { ...base, ready: 'Unknown', since: new Date(Date.now() - 20 * 60_000) };
  if (i % 40 === 3) return { ...base, memoryPressure: true };
  if (i % 40 === 4) return { ...base, unschedulable: true };
  if (i % 40 === 5) return { ...base, kubeletVersion: 'v1.34.1' };
  if (i % 20 === 0) return { ...base, taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] };
  return base;
}

function podFor(ns: string, i: number): KubeObject {
  const name = `web-${i}`;
  if (i % 100 === 7) {
    return {
      ...pod(ns, name, { labels: { app: 'web' } }),
      status: unschedulablePodStatus(
        '0/200 nodes are available: 10 node(s) had untolerated taint {dedicated: gpu}.',
      ),
    };
  }
  const node = nodeName(i % options.nodes);
  const big = i % options.nodes === 10; // one node gets enough requests for HighRequestRatio
  const resources = big
    ? { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '4Gi' } }
    : { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } };
  const status =
    i % 50 === 1
      ? podStatus({ containerStatuses: [containerStatus.crashLoopBackOff('app', { restartCount: 6 })] })
      : podStatus({ containerStatuses: [containerStatus.running('app')] });
  return {
    ...pod(ns, name, { node, labels: { app: 'web' }, containers: [{ name: 'app', resources }] }),
    status,
  };
}

async function seed(cp: ControlPlane): Promise<string[]> {
  const started = performance.now();
  const nodes = Array.from({ length: options.nodes }, (_, i) =>
    nodeObject(nodeName(i), { kubeletPort: cp.seed.kubeletPort, ...nodeSpec(i) }),
  );
  await cp.seed.createMany(nodes, { concurrency: 32 });
  await cp.seed.setNodeMetrics(
    Array.from({ length: options.nodes }, (_, i) => ({
      name: nodeName(i),
      cpu: i % 40 === 6 ? '15500m' : `${1000 + (i % 7) * 500}m`,
      memory: `${8 + (i % 5) * 4}Gi`,
    })),
  );
  const namespaces = await Promise.all(
    Array.from({ length: options.namespaces }, (_, i) =>
      cp.seed.namespace(cp.seed.uniqueName(`bench-nodes-${i}`)),
    ),
  );
  const perNamespace = Math.ceil(options.pods / options.namespaces);
  const pods: KubeObject[] = [];
  for (let i = 0; i < options.pods; i++) pods.push(podFor(namespaces[Math.floor(i / perNamespace)]!, i));
  const events = Array.from({ length: options.nodes / 10 }, (_, k) =>
    coreEvent('default', {
      involvedObject: { kind: 'Node', name: nodeName(k * 10 + 3), uid: nodeName(k * 10 + 3) },
      reason: 'EvictionThresholdMet',
      message: 'Attempting to reclaim memory',
      count: 4,
    }),
  );
  await cp.seed.createMany([...pods, ...events], { concurrency: 48 });
  console.error(
    `seeded ${options.nodes} nodes, ${options.pods} pods in ${options.namespaces} namespaces and ${events.length} node events in ${seconds(performance.now() - started)}`,
  );
  return namespaces;
}

interface Calls {
  /** List or get calls (first pages). */
  calls: number;
  /** HTTP requests, continuation pages included. */
  requests: number;
  /** Response bytes of all requests. */
  bytes: number;
  /** Time spent waiting on the apiserver, summed over requests (they partly overlap). */
  apiMs: number;
}

function callsOf(audit: AuditRecord[]): Calls {
  const allowed = audit.filter((r) => r.decision === 'allowed');
  return {
    calls: allowed.filter((r) => !r.path.includes('continue=')).length,
    requests: allowed.length,
    bytes: allowed.reduce((n, r) => n + (r.bytes ?? 0), 0),
    apiMs: allowed.reduce((n, r) => n + (r.durationMs ?? 0), 0),
  };
}

async function timed(runs: number, run: () => Promise<Run & Calls>): Promise<(Run & Calls)[]> {
  const results: (Run & Calls)[] = [];
  for (let i = 0; i <= runs; i++) {
    const result = await run();
    if (result.code !== 0) throw new Error(`a run failed:\n${result.stderr}`);
    if (i > 0) results.push(result); // the first is a warm-up: file caches, apiserver watch caches
  }
  return results;
}

async function main(): Promise<void> {
  await withControlPlane('cluster-bench-nodes', async (cp) => {
    const table = timingTable(40);
    await seed(cp);
    const kubectl = join(cp.binDir, 'kubectl');
    const viewer = ['--kubeconfig', cp.viewerKubeconfig];
    const diag = (args: string[]) => async () => {
      const run = await runDiag(args, cp.viewerKubeconfig);
      return { ...run, ...callsOf(run.allowed) };
    };
    const plain = (args: string[]) => async () => ({
      ...(await runTimed(kubectl, [...viewer, ...args])),
      calls: 0,
      requests: 0,
      bytes: 0,
      apiMs: 0,
    });
    const one = nodeName(10);

    const getNodes = await timed(options.runs, plain(['get', 'nodes']));
    const getPods = await timed(
      options.runs,
      plain(['get', 'pods', '-A', '--field-selector', 'status.phase!=Succeeded,status.phase!=Failed']),
    );
    const topNodes = await timed(options.runs, plain(['top', 'nodes']));
    const describe = await timed(options.runs, plain(['describe', 'node', one]));
    const list = await timed(options.runs, diag(['nodes']));
    const gpu = await timed(options.runs, diag(['nodes', '-l', 'pool=gpu']));
    const detail = await timed(options.runs, diag(['nodes', one]));

    const rows = list[0]!.stdout.split('\n').filter((l) => l.startsWith('bench-node-')).length;
    const summary = list[0]!.stdout.split('\n').find((l) => / nodes, \d+ with findings/.test(l)) ?? '';
    const podRows = (detail[0]!.stdout.match(/Pods \((\d+),/) ?? [])[1];
    const callText = (runs: Calls[]) =>
      `${median(runs.map((r) => r.calls))} calls, ${median(runs.map((r) => r.requests))} requests, ` +
      `${(median(runs.map((r) => r.bytes)) / 2 ** 20).toFixed(1)} MiB, ${seconds(median(runs.map((r) => r.apiMs)))} in requests`;

    console.log(
      `\nkubectl-diag bench: nodes, ${options.nodes} nodes and ${options.pods} pods in ${options.namespaces} namespaces, metrics served; median of ${options.runs} runs`,
    );
    table.header('API (per run)');
    table.row('kubectl get nodes', getNodes, '');
    table.row('kubectl get pods -A (not terminated)', getPods, '');
    table.row('kubectl top nodes', topNodes, '');
    table.row(`kubectl describe node ${one}`, describe, '');
    table.row('kubectl diag nodes', list, callText(list));
    table.row('kubectl diag nodes -l pool=gpu', gpu, callText(gpu));
    table.row(`kubectl diag nodes ${one}`, detail, callText(detail));
    console.log(
      'calls: nodes, pods, node metrics, node events (+ pending pods and pod events for one node); 500 items per page',
    );
    console.log(`rows printed by diag nodes: ${rows}; ${summary}`);
    console.log(`pods shown for ${one}: ${podRows}`);
    console.log(
      `wall ratio diag nodes / get nodes: ${(median(list.map((r) => r.wallMs)) / median(getNodes.map((r) => r.wallMs))).toFixed(2)}x`,
    );
  });
}

await main();
