// kubectl diag nodes and the node MCP tools, against the real control plane as diagnostic-viewer:
// one stand-in node per finding (the metrics stand-in serving usage), pods in two namespaces, then the
// command and every tool read them back. Nodes are cluster-wide and shared with other suites, so every
// read is narrowed to this suite's nodes with a label selector or a node name.

import assert from 'node:assert/strict';
import {
  containerStatus,
  coreEvent,
  podStatus,
  unschedulablePodStatus,
  type ControlPlane,
  type NodeSpec,
} from '../cluster/index.js';
import type { AuditRecord } from '../../src/cluster/audit.js';
import { controlPlane } from './setup.js';
import { diag, mcpInMemory, readAudit, type CliResult, mcpForBlock, parseEnvelope } from './tool.js';

const SUITE_LABEL = 'diag.e2e/suite';

/** Node (suffix) → how it is seeded and the finding reasons kubectl-diag must report for it. */
const NODES: Record<string, { spec: NodeSpec; reasons: string[] }> = {
  healthy: { spec: {}, reasons: [] },
  notready: { spec: { ready: false }, reasons: ['NodeNotReady'] },
  // `since` (the last heartbeat) is set when seeding: 12 minutes before then.
  unknown: { spec: { ready: 'Unknown' }, reasons: ['NodeStatusUnknown'] },
  memory: { spec: { memoryPressure: true }, reasons: ['MemoryPressure'] },
  disk: { spec: { diskPressure: true }, reasons: ['DiskPressure'] },
  pid: { spec: { pidPressure: true }, reasons: ['PIDPressure'] },
  network: { spec: { networkUnavailable: true }, reasons: ['NetworkUnavailable'] },
  cordoned: { spec: { unschedulable: true }, reasons: ['Cordoned'] },
  tainted: {
    spec: { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }], labels: { pool: 'gpu' } },
    reasons: ['TaintNoPodTolerates'],
  },
  overcommitted: { spec: {}, reasons: ['Overcommitted'] },
  busy: { spec: {}, reasons: ['HighRequestRatio'] },
  hot: { spec: {}, reasons: ['HighUsage'] },
  crowded: {
    spec: { capacity: { cpu: '4', memory: '16Gi', pods: '10', 'ephemeral-storage': '100Gi' } },
    reasons: ['TooManyPods'],
  },
  old: { spec: { kubeletVersion: 'v1.34.2' }, reasons: ['KubeletVersionSkew'] },
};

interface NodeRow {
  name: string;
  status: string;
  findings: { reason: string; severity: string; message: string; evidence: string[]; hint: string }[];
  resources: {
    cpu: { requests: number; usage?: number; usagePercent?: number; requestsPercent?: number };
    memory: { limits: number; requests: number; usage?: number };
    pods: { count: number; allocatable: number };
  };
}

interface PodRow {
  namespace: string;
  name: string;
  status: string;
  terminated: boolean;
  requests: { cpu: number; memory: number };
  findings: { reason: string }[];
}

function running(): Record<string, unknown> {
  return podStatus({ containerStatuses: [containerStatus.running('app')] });
}

function requesting(requests: Record<string, string>, limits?: Record<string, string>) {
  return [{ name: 'app', resources: { requests, ...(limits ? { limits } : {}) } }];
}

/** A node event as the kubelet or node controller records it: in "default", the node name as uid. */
function nodeEvent(node: string, reason: string, message: string, type: 'Normal' | 'Warning' = 'Warning') {
  const event = coreEvent('default', {
    involvedObject: { kind: 'Node', name: node, uid: node },
    reason,
    message,
    type,
    count: 3,
  });
  return { ...event, involvedObject: { kind: 'Node', name: node, uid: node } };
}

async function seedNodes(cp: ControlPlane, node: (suffix: string) => string, suite: string): Promise<void> {
  await Promise.all(
    Object.entries(NODES).map(([suffix, { spec }]) =>
      cp.seed.node(node(suffix), {
        ...spec,
        ...(suffix === 'unknown' ? { since: new Date(Date.now() - 12 * 60_000) } : {}),
        labels: { ...spec.labels, [SUITE_LABEL]: suite },
      }),
    ),
  );
  await cp.seed.setNodeMetrics(
    Object.keys(NODES).map((suffix) => ({
      name: node(suffix),
      cpu: suffix === 'hot' ? '3800m' : suffix === 'healthy' ? '400m' : '200m',
      memory: suffix === 'healthy' ? '3Gi' : '1Gi',
    })),
  );
}

async function seedPods(
  cp: ControlPlane,
  node: (suffix: string) => string,
  a: string,
  b: string,
): Promise<void> {
  const s = cp.seed;
  await Promise.all([
    s.pod(a, 'web', {
      node: node('healthy'),
      containers: requesting({ cpu: '500m', memory: '1Gi' }),
      status: running(),
    }),
    s.pod(b, 'api', {
      node: node('healthy'),
      containers: requesting({ cpu: '250m', memory: '512Mi' }),
      status: running(),
    }),
    s.pod(a, 'evicted', {
      node: node('healthy'),
      containers: requesting({ cpu: '2' }),
      status: podStatus({
        phase: 'Failed',
        reason: 'Evicted',
        message: 'The node was low on resource: memory.',
        containerStatuses: [],
      }),
    }),
    s.pod(a, 'hog', {
      node: node('overcommitted'),
      containers: requesting({ memory: '1Gi' }, { memory: '26Gi' }),
      status: running(),
    }),
    s.pod(a, 'batch', { node: node('busy'), containers: requesting({ cpu: '3700m' }), status: running() }),
    ...Array.from({ length: 9 }, (_, i) =>
      s.pod(a, `small-${i}`, { node: node('crowded'), status: running() }),
    ),
    s.pod(a, 'gpu-job', {
      status: unschedulablePodStatus(
        '0/14 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}.',
      ),
    }),
    s.pod(a, 'gpu-ok', {
      spec: { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }] },
      status: unschedulablePodStatus('0/14 nodes are available: 13 Insufficient nvidia.com/gpu.'),
    }),
    s.create(nodeEvent(node('memory'), 'EvictionThresholdMet', 'Attempting to reclaim memory')),
    s.create(
      nodeEvent(
        node('notready'),
        'NodeNotReady',
        `Node ${node('notready')} status is now: NodeNotReady`,
        'Normal',
      ),
    ),
  ]);
}

function allowedPaths(audit: AuditRecord[]): string[] {
  return audit.filter((r) => r.decision === 'allowed').map((r) => r.path.split('?')[0]!);
}

describe('kubectl diag nodes (e2e, as diagnostic-viewer)', function () {
  let cp: ControlPlane;
  let suite: string;
  let a: string;
  let b: string;
  const node = (suffix: string) => `${suite}-${suffix}`;
  const selector = () => `${SUITE_LABEL}=${suite}`;

  before(async function () {
    cp = controlPlane();
    suite = cp.seed.uniqueName('nodes');
    [a, b] = await Promise.all([
      cp.seed.namespace(cp.seed.uniqueName('nodes-a')),
      cp.seed.namespace(cp.seed.uniqueName('nodes-b')),
    ]);
    await seedNodes(cp, node, suite);
    await seedPods(cp, node, a!, b!);
  });

  describe('the command', function () {
    it('finds every seeded node problem, with the right reason codes', async function () {
      const report = parseEnvelope<{
        kind: string;
        items: NodeRow[];
        summary: { items: number };
        source: { metrics: { available: boolean } };
      }>(await diag(['nodes', '-l', selector(), '-o', 'json']));
      assert.equal(report.kind, 'NodeList');
      assert.equal(report.summary.items, Object.keys(NODES).length);
      assert.equal(report.source.metrics.available, true);
      for (const [suffix, { reasons }] of Object.entries(NODES)) {
        const row = report.items.find((n) => n.name === node(suffix));
        assert.ok(row, `node ${suffix} listed`);
        assert.deepEqual(
          row.findings.map((f) => f.reason).sort(),
          [...reasons].sort(),
          `findings of ${suffix}`,
        );
      }
    });

    it('counts requests of non-terminated pods, usage from metrics and pods per node', async function () {
      const report = parseEnvelope<{ items: NodeRow[] }>(
        await diag(['nodes', '-l', selector(), '-o', 'json']),
      );
      const healthy = report.items.find((n) => n.name === node('healthy'))!;
      // web 500m + api 250m; the evicted pod's 2 CPUs are not held any more.
      assert.equal(healthy.resources.cpu.requests, 750);
      assert.equal(healthy.resources.memory.requests, 1.5 * 2 ** 30);
      assert.equal(healthy.resources.cpu.usage, 400);
      assert.equal(healthy.resources.pods.count, 2);
      assert.equal(report.items.find((n) => n.name === node('crowded'))!.resources.pods.count, 9);
    });

    it('shows status, pressure, requests, usage, pods and the top finding in the table', async function () {
      const { stdout, error } = await diag(['nodes', '-l', selector()]);
      assert.equal(error, undefined, error?.message);
      assert.match(
        stdout,
        /^NAME\s+STATUS\s+ROLES\s+PRESSURE\s+CPU REQ\s+MEM REQ\s+CPU USE\s+MEM USE\s+PODS\s+TAINTS\s+AGE\s+VERSION\s+FINDING$/m,
      );
      // TAINTS is 1 on every node: the apiserver's TaintNodesByCondition admission gives new nodes
      // node.kubernetes.io/not-ready:NoSchedule, and no node controller runs here to lift it.
      assert.match(
        stdout,
        new RegExp(
          `^${node('healthy')}\\s+Ready\\s+<none>\\s+<none>\\s+19%\\s+9%\\s+10%\\s+19%\\s+2/110\\s+1\\s+\\S+\\s+v1\\.36\\.3$`,
          'm',
        ),
      );
      assert.match(
        stdout,
        new RegExp(`^${node('cordoned')}\\s+Ready,SchedulingDisabled\\s.*Cordoned: Node is cordoned`, 'm'),
      );
      assert.match(
        stdout,
        new RegExp(
          `^${node('unknown')}\\s+Unknown\\s.*NodeStatusUnknown: Kubelet stopped posting node status 12m ago$`,
          'm',
        ),
      );
      assert.match(stdout, new RegExp(`^${node('memory')}\\s+Ready\\s+<none>\\s+MemoryPressure\\s`, 'm'));
      assert.match(
        stdout,
        new RegExp(`^${node('hot')}\\s+Ready\\s+<none>\\s+<none>\\s+0%\\s+0%\\s+95%\\s.*HighUsage`, 'm'),
      );
      assert.match(
        stdout,
        new RegExp(
          `^${node('tainted')}\\s+Ready\\s.*\\s2\\s+\\S+\\s+v1\\.36\\.3\\s+TaintNoPodTolerates`,
          'm',
        ),
      );
      assert.match(stdout, new RegExp(`^${node('crowded')}\\s.*\\s9/10\\s`, 'm'));
      assert.match(
        stdout,
        /^14 nodes, 13 with findings \(\d+ findings: \d+ critical, \d+ warning, 1 info\)\.$/m,
      );
      assert.doesNotMatch(stdout, /Usage: n\/a/);
    });

    it('adds absolute amounts, limits, taints and the internal IP with -o wide', async function () {
      const { stdout } = await diag(['nodes', '-l', selector(), '-o', 'wide']);
      assert.match(stdout, /CPU LIM\s+MEM LIM\s+PODS\s+TAINTS\s+AGE\s+VERSION\s+INTERNAL-IP\s+FINDING/);
      assert.match(
        stdout,
        new RegExp(
          `^${node('healthy')}\\s+Ready\\s+<none>\\s+<none>\\s+750m \\(19%\\)\\s+1\\.5Gi \\(9%\\)\\s+400m \\(10%\\)\\s+3Gi \\(19%\\)`,
          'm',
        ),
      );
      assert.match(
        stdout,
        new RegExp(
          `^${node('tainted')}\\s.*dedicated=gpu:NoSchedule\\S*\\s+\\S+\\s+v1\\.36\\.3\\s+127\\.0\\.0\\.1\\s+TaintNoPodTolerates`,
          'm',
        ),
      );
      assert.match(stdout, new RegExp(`^${node('overcommitted')}\\s.*\\s26Gi \\(163%\\)\\s`, 'm'));
    });

    it('describes one node: conditions, addresses, resources, its pods with findings, and events', async function () {
      const { stdout, error } = await diag(['nodes', node('healthy')]);
      assert.equal(error, undefined, error?.message);
      assert.match(stdout, new RegExp(`^Node:\\s+${node('healthy')}$`, 'm'));
      assert.match(
        stdout,
        new RegExp(`^Addresses:\\s+InternalIP 127\\.0\\.0\\.1, Hostname ${node('healthy')}$`, 'm'),
      );
      assert.match(
        stdout,
        /Conditions:\n\s+TYPE\s+STATUS\s+REASON\s+LAST TRANSITION\s+LAST HEARTBEAT\s+MESSAGE/,
      );
      assert.match(
        stdout,
        /^\s+Ready\s+True\s+KubeletReady\s+\S+ ago\s+\S+ ago\s+kubelet is posting ready status$/m,
      );
      assert.match(stdout, /^\s+cpu\s+4\s+4\s+750m \(19%\)\s+0 \(0%\)\s+400m \(10%\)$/m);
      assert.match(stdout, /^\s+pods\s+110\s+110\s+2 \(2%\)$/m);
      assert.match(stdout, /Pods \(3, 1 with findings\):/);
      assert.match(stdout, new RegExp(`^\\s+${a}\\s+web\\s+Running\\s+500m\\s+1Gi\\s`, 'm'));
      assert.match(stdout, new RegExp(`^\\s+${b}\\s+api\\s+Running\\s+250m\\s+512Mi\\s`, 'm'));
      assert.match(
        stdout,
        new RegExp(
          `^\\s+${a}\\s+evicted\\s+Evicted\\s+-\\s+-\\s+-\\s+-\\s+\\S+\\s+Evicted: Pod was evicted`,
          'm',
        ),
      );
      assert.match(stdout, /Findings:\n\s+none: the node looks healthy/);
    });

    it('describes a node under memory pressure with the event that explains it and a hint', async function () {
      const { stdout } = await diag(['nodes', node('memory')]);
      assert.match(
        stdout,
        /Events:\n\s+LAST SEEN\s+TYPE\s+REASON\s+COUNT\s+MESSAGE\n\s+\S+\s+Warning\s+EvictionThresholdMet\s+3\s+Attempting to reclaim memory/,
      );
      assert.match(
        stdout,
        /WARNING MemoryPressure: Node is under memory pressure \(for \S+\): kubelet has insufficient memory available/,
      );
      assert.match(stdout, /event EvictionThresholdMet \(x3, last \S+ ago\): Attempting to reclaim memory/);
      assert.match(stdout, /→ The kubelet evicts pods/);
    });

    it('says how long ago a silent kubelet last posted status', async function () {
      const { stdout } = await diag(['nodes', node('unknown')]);
      assert.match(stdout, /^Heartbeat:\s+12m ago \(/m);
      assert.match(
        stdout,
        /CRITICAL NodeStatusUnknown: Kubelet stopped posting node status 12m ago\n\s+last heartbeat: /,
      );
    });

    it('makes four list calls for any number of nodes, and six for one node whatever its pods', async function () {
      const all = await diag(['nodes', '-l', selector()]);
      const one = await diag(['nodes', '-l', `kubernetes.io/hostname=${node('busy')}`]);
      assert.deepEqual(allowedPaths(all.audit).sort(), [
        '/api/v1/events',
        '/api/v1/nodes',
        '/api/v1/pods',
        '/apis/metrics.k8s.io/v1beta1/nodes',
      ]);
      assert.deepEqual(allowedPaths(one.audit).sort(), allowedPaths(all.audit).sort());
      const pods = all.audit.find((r) => r.path.startsWith('/api/v1/pods?'))!;
      assert.match(
        decodeURIComponent(pods.path),
        /fieldSelector=status\.phase!=Succeeded,status\.phase!=Failed/,
      );
      assert.ok(
        all.audit.every((r) => r.caller?.name === 'nodes'),
        'every request is attributed to the command',
      );

      const crowded = await diag(['nodes', node('crowded')]);
      const quiet = await diag(['nodes', node('cordoned')]);
      const paths = (r: CliResult, name: string) =>
        allowedPaths(r.audit)
          .map((p) => p.replace(name, 'NODE'))
          .sort();
      assert.deepEqual(paths(crowded, node('crowded')), [
        '/api/v1/events',
        '/api/v1/events',
        '/api/v1/nodes',
        '/api/v1/pods',
        '/api/v1/pods',
        '/apis/metrics.k8s.io/v1beta1/nodes/NODE',
      ]);
      assert.deepEqual(paths(quiet, node('cordoned')), paths(crowded, node('crowded')));
      assert.ok(
        crowded.audit.some((r) =>
          decodeURIComponent(r.path).includes(`fieldSelector=spec.nodeName=${node('crowded')}`),
        ),
        'the pods of the node are read with a field selector',
      );
    });
  });

  describe('bad input gets a clear error', function () {
    it('a node that does not exist', async function () {
      const { error } = await diag(['nodes', 'ghost-node']);
      assert.match(
        error?.message ?? '',
        /Node "ghost-node" not found\. `kubectl diag nodes` lists the nodes\./,
      );
      assert.equal(error?.oclif?.exit, 6);
    });
    it('a node name with "/" or "..", before any request', async function () {
      for (const name of ['../secrets', 'a/b']) {
        const { error, audit } = await diag(['nodes', name]);
        assert.match(error?.message ?? '', /must be a node name/);
        assert.deepEqual(audit, []);
      }
    });
    it('a malformed label selector, before any request', async function () {
      const { error, audit } = await diag(['nodes', '-l', 'pool in (gpu']);
      assert.match(error?.message ?? '', /invalid label selector "pool in \(gpu": unbalanced/);
      assert.equal(error?.oclif?.exit, 2);
      assert.deepEqual(audit, []);
    });
  });

  describe('with metrics.k8s.io not served', function () {
    before(async function () {
      this.timeout(60_000);
      await controlPlane().seed.setMetricsApi('unregistered');
    });
    after(async function () {
      this.timeout(60_000);
      // Global for the run: always put it back.
      await controlPlane().seed.setMetricsApi('served');
    });

    it('the command still lists every node and says plainly that usage is unavailable', async function () {
      const { stdout, error } = await diag(['nodes', '-l', selector()]);
      assert.equal(error, undefined, error?.message);
      assert.match(
        stdout,
        new RegExp(
          `^${node('healthy')}\\s+Ready\\s+<none>\\s+<none>\\s+19%\\s+9%\\s+n/a\\s+n/a\\s+2/110\\s`,
          'm',
        ),
      );
      assert.match(
        stdout,
        /^Usage: n\/a\. resource usage is unavailable: metrics\.k8s\.io is not served \(.*\)\. Install or repair metrics-server/m,
      );
      // Without usage there is no HighUsage, and everything else is still found.
      assert.match(stdout, /^14 nodes, 12 with findings/m);
    });

    it('the one-node view shows requests and says usage is unavailable', async function () {
      const { stdout, error } = await diag(['nodes', node('busy')]);
      assert.equal(error, undefined, error?.message);
      assert.match(stdout, /^\s+cpu\s+4\s+4\s+3700m \(93%\)\s+0 \(0%\)\s+n\/a$/m);
      assert.match(stdout, /Usage: n\/a\. resource usage is unavailable/);
      assert.match(stdout, /WARNING HighRequestRatio/);
    });

    it('the tools return the rest with a clear note', async function () {
      const mcp = await mcpInMemory();
      try {
        const metrics = await mcp.call('get_node_metrics', { node: node('busy') });
        assert.equal(metrics.isError, false, metrics.text);
        const result = metrics.structured as {
          metrics: { available: boolean; note: string };
          nodes: NodeRow[];
        };
        assert.equal(result.metrics.available, false);
        assert.match(result.metrics.note, /metrics\.k8s\.io is not served/);
        assert.equal(result.nodes[0]!.resources.cpu.requests, 3700);
        assert.equal(result.nodes[0]!.resources.cpu.usage, undefined);
        assert.match(
          metrics.text,
          /usage unavailable\.\n.*\nnote: resource usage is unavailable: metrics\.k8s\.io is not served/,
        );
        const list = await mcp.call('list_nodes', { selector: selector() });
        assert.equal(list.isError, false, list.text);
        assert.equal((list.structured as { totalNodes: number }).totalNodes, 14);
        assert.match(list.text, /note: resource usage is unavailable/);
      } finally {
        await mcp.close();
      }
    });
  });

  describe('the MCP tools', function () {
    const mcp = mcpForBlock();

    it('list_nodes returns every selected node with findings and resources', async function () {
      const answer = await mcp.call('list_nodes', { selector: selector() });
      assert.equal(answer.isError, false, answer.text);
      const report = answer.structured as { nodes: NodeRow[]; nodesWithFindings: number };
      assert.equal(report.nodes.length, 14);
      assert.equal(report.nodesWithFindings, 13);
      for (const [suffix, { reasons }] of Object.entries(NODES)) {
        const row = report.nodes.find((n) => n.name === node(suffix))!;
        assert.deepEqual(row.findings.map((f) => f.reason).sort(), [...reasons].sort(), suffix);
      }
      assert.match(
        answer.text,
        new RegExp(
          `^${node('healthy')} Ready; cpu req 750m/4 \\(19%\\) used 10%, mem req 1\\.5Gi/16Gi \\(9%\\) used 19%, pods 2/110`,
          'm',
        ),
      );
      assert.match(
        answer.text,
        /\[critical\] NodeStatusUnknown: Kubelet stopped posting node status 12m ago/,
      );
    });

    it('diagnose_nodes returns only the nodes with findings', async function () {
      const answer = await mcp.call('diagnose_nodes', { selector: selector() });
      const report = answer.structured as { nodes: NodeRow[]; totalNodes: number };
      assert.equal(report.totalNodes, 14);
      assert.equal(report.nodes.length, 13);
      assert.ok(!report.nodes.some((n) => n.name === node('healthy')));
    });

    it('get_node_conditions gives every condition and the condition findings of each node', async function () {
      const expected: Record<string, string[]> = {
        healthy: [],
        notready: ['NodeNotReady'],
        unknown: ['NodeStatusUnknown'],
        memory: ['MemoryPressure'],
        disk: ['DiskPressure'],
        pid: ['PIDPressure'],
        network: ['NetworkUnavailable'],
        cordoned: ['Cordoned'],
      };
      for (const [suffix, reasons] of Object.entries(expected)) {
        const answer = await mcp.call('get_node_conditions', { node: node(suffix) });
        assert.equal(answer.isError, false, answer.text);
        const result = answer.structured as {
          findings: { reason: string }[];
          conditions: { type: string }[];
        };
        assert.deepEqual(
          result.findings.map((f) => f.reason),
          reasons,
          suffix,
        );
        assert.ok(result.conditions.some((c) => c.type === 'Ready'));
      }
      const unknown = await mcp.call('get_node_conditions', { node: node('unknown') });
      assert.ok((unknown.structured as { secondsSinceHeartbeat: number }).secondsSinceHeartbeat >= 12 * 60);
      assert.match(unknown.text, /^node \S+: Unknown; kubelet last posted status 12m ago \(/);
      assert.match(
        unknown.text,
        /condition Ready=Unknown \(NodeStatusUnknown\) since \S+: Kubelet stopped posting node status\./,
      );
    });

    it('get_node_metrics gives usage, requests and limits against allocatable, with capacity findings', async function () {
      const expected: Record<string, string[]> = {
        healthy: [],
        hot: ['HighUsage'],
        busy: ['HighRequestRatio'],
        overcommitted: ['Overcommitted'],
        crowded: ['TooManyPods'],
      };
      for (const [suffix, reasons] of Object.entries(expected)) {
        const answer = await mcp.call('get_node_metrics', { node: node(suffix) });
        assert.equal(answer.isError, false, answer.text);
        const result = answer.structured as { nodes: NodeRow[]; metrics: { available: boolean } };
        assert.equal(result.metrics.available, true);
        assert.deepEqual(
          result.nodes[0]!.findings.map((f) => f.reason),
          reasons,
          suffix,
        );
      }
      const hot = await mcp.call('get_node_metrics', { node: node('hot') });
      const row = (hot.structured as { nodes: NodeRow[] }).nodes[0]!;
      assert.equal(row.resources.cpu.usage, 3800);
      assert.equal(row.resources.cpu.usagePercent, 95);
      const all = await mcp.call('get_node_metrics', { selector: selector() });
      assert.equal((all.structured as { nodes: NodeRow[] }).nodes.length, 14);
    });

    it('list_pods_on_node lists the pods of a node in every phase with requests and findings', async function () {
      const answer = await mcp.call('list_pods_on_node', { node: node('healthy') });
      assert.equal(answer.isError, false, answer.text);
      const result = answer.structured as {
        pods: PodRow[];
        requests: { cpu: number };
        podsWithFindings: number;
      };
      assert.deepEqual(
        result.pods.map((p) => `${p.namespace}/${p.name}`).sort(),
        [`${a}/evicted`, `${a}/web`, `${b}/api`].sort(),
      );
      assert.equal(result.requests.cpu, 750);
      assert.equal(result.podsWithFindings, 1);
      assert.deepEqual(
        result.pods.find((p) => p.name === 'evicted')!.findings.map((f) => f.reason),
        ['Evicted'],
      );
      assert.match(
        answer.text,
        new RegExp(`^${a}/evicted status=Evicted .*\\(terminated: holds no resources\\)$`, 'm'),
      );
      const pods = allowedPaths(
        readAudit(mcp.auditLog).filter((r) => r.caller?.name === 'mcp:list_pods_on_node'),
      );
      assert.deepEqual(pods.sort(), ['/api/v1/events', '/api/v1/pods']);
    });

    it('describe_node names the pending pods a taint keeps away, and not the ones that tolerate it', async function () {
      const answer = await mcp.call('describe_node', { node: node('tainted') });
      assert.equal(answer.isError, false, answer.text);
      const result = answer.structured as { findings: NodeRow['findings'] };
      const f = result.findings.find((x) => x.reason === 'TaintNoPodTolerates')!;
      assert.match(f.message, /^Taint dedicated=gpu:NoSchedule keeps \d+ pending pods? off this node$/);
      assert.ok(f.evidence.some((e) => e.startsWith(`pending pod ${a}/gpu-job `)));
      assert.ok(!f.evidence.some((e) => e.includes('gpu-ok')));
    });

    it('describe_node reports kubelet version skew against the newest node of the cluster', async function () {
      const answer = await mcp.call('describe_node', { node: node('old') });
      const f = (answer.structured as { findings: NodeRow['findings'] }).findings[0]!;
      assert.equal(f.reason, 'KubeletVersionSkew');
      assert.equal(f.severity, 'warning');
      assert.match(f.message, /^Kubelet v1\.34\.2 is \d+ minor versions behind the newest node/);
    });

    it('answers unknown nodes and bad input as isError results and stays up', async function () {
      for (const tool of ['get_node_conditions', 'list_pods_on_node', 'describe_node', 'get_node_metrics']) {
        const missing = await mcp.call(tool, { node: 'ghost-node' });
        assert.equal(missing.isError, true, tool);
        assert.match(missing.text, /Node "ghost-node" not found/, tool);
      }
      const both = await mcp.call('get_node_metrics', { node: node('hot'), selector: selector() });
      assert.equal(both.isError, true);
      assert.match(both.text, /either node or selector/);
      const path = await mcp.call('list_pods_on_node', { node: '../../api/v1/secrets' });
      assert.equal(path.isError, true);
      assert.match(path.text, /must be a node name/);
      const ok = await mcp.call('get_node_conditions', { node: node('healthy') });
      assert.equal(ok.isError, false);
    });
  });

  describe('the namespace fence', function () {
    it('list_pods_on_node with ALLOWED_NAMESPACES=a never returns a pod of namespace b', async function () {
      const since = new Date();
      const fenced = await mcpInMemory({ env: { ALLOWED_NAMESPACES: a } });
      try {
        const answer = await fenced.call('list_pods_on_node', { node: node('healthy') });
        assert.equal(answer.isError, false, answer.text);
        const result = answer.structured as { pods: PodRow[]; podScope: { note: string } };
        assert.deepEqual(
          result.pods.map((p) => p.namespace),
          [a, a],
        );
        assert.doesNotMatch(answer.text, new RegExp(b));
        assert.match(result.podScope.note, new RegExp(`only pods in the allowed namespaces \\(${a}\\)`));
        const refused = await fenced.call('list_pods_on_node', { node: node('healthy'), namespace: b });
        assert.equal(refused.isError, true);
        assert.match(refused.text, /outside the allowed namespaces/);
        const described = await fenced.call('describe_node', { node: node('healthy') });
        assert.ok(!(described.structured as { pods: PodRow[] }).pods.some((p) => p.namespace === b));
      } finally {
        await fenced.close();
      }
      const viewer = (await cp.auditEvents({ since })).filter((e) =>
        e.user?.username?.includes('diagnostic-viewer'),
      );
      assert.deepEqual(
        viewer.filter((e) => e.requestURI.includes(`/namespaces/${b}/`)).map((e) => e.requestURI),
        [],
      );
      assert.deepEqual(
        viewer.filter((e) => e.requestURI.startsWith('/api/v1/pods')).map((e) => e.requestURI),
        [],
      );
    });

    it('the command counts only pods it may see, says so, and shows none of namespace b', async function () {
      const list = await diag(['nodes', '-l', selector(), '--allowed-namespaces', a]);
      assert.equal(list.error, undefined, list.error?.message);
      // web 500m of 4 CPUs; api (namespace b) is not seen.
      assert.match(
        list.stdout,
        new RegExp(
          `^${node('healthy')}\\s+Ready\\s+<none>\\s+<none>\\s+13%\\s+6%\\s+10%\\s+19%\\s+1/110\\s`,
          'm',
        ),
      );
      assert.match(
        list.stdout,
        new RegExp(
          `^Requests, limits and pod counts include only pods in the allowed namespaces \\(${a}\\)`,
          'm',
        ),
      );
      const one = await diag(['nodes', node('healthy'), '--allowed-namespaces', a]);
      assert.equal(one.error, undefined, one.error?.message);
      assert.doesNotMatch(one.stdout, new RegExp(b));
      assert.match(one.stdout, /Pods \(2, 1 with findings\):/);
    });
  });
});
