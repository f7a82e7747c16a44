import assert from 'node:assert/strict';
import type { NodeReport, NodeSummary } from '../../../../src/areas/nodes/schema.js';
import { nodeTable } from '../../../../src/areas/nodes/table.js';
import { nodeReportText } from '../../../../src/areas/nodes/text.js';
import { refusesBadCalls, toolNames } from '../../support/no-cluster.js';

describe('node MCP tools', () => {
  it('have the reference guide names', async () => {
    const names = await toolNames();
    for (const name of ['list_nodes', 'get_node_conditions', 'get_node_metrics', 'list_pods_on_node'])
      assert.ok(names.includes(name), name);
  });

  const bad: [string, Record<string, unknown>, RegExp][] = [
    ['get_node_conditions', { node: '../kube-system' }, /must be a node name/],
    ['list_pods_on_node', { node: 'a/b' }, /must be a node name/],
    ['list_pods_on_node', { node: 'node-1', namespace: '../kube-system' }, /namespace/],
    ['get_node_metrics', { node: 'Node_1' }, /must be a node name/],
    ['list_nodes', { selector: 'pool in (gpu' }, /invalid label selector/],
    ['describe_node', {}, /node/],
  ];
  refusesBadCalls(bad);
});

function summary(name: string, extra: Partial<NodeSummary> = {}): NodeSummary {
  const amount = (allocatable: number, requests: number, usage?: number) => ({
    capacity: allocatable,
    allocatable,
    requests,
    limits: 0,
    usage,
    requestsPercent: Math.round((requests / allocatable) * 100),
    limitsPercent: 0,
    usagePercent: usage === undefined ? undefined : Math.round((usage / allocatable) * 100),
  });
  return {
    name,
    status: 'Ready',
    ready: 'Ready',
    unschedulable: false,
    roles: ['worker'],
    pressure: [],
    resources: {
      cpu: amount(4000, 1000),
      memory: amount(16 * 2 ** 30, 4 * 2 ** 30),
      pods: { count: 12, allocatable: 110, capacity: 110, percent: 11 },
    },
    taints: [],
    createdAt: '2026-11-22T12:00:00Z',
    kubeletVersion: 'v1.36.3',
    internalIP: '10.0.0.7',
    warningEvents: 0,
    findings: [],
    ...extra,
  };
}

function report(extra: Partial<NodeReport> = {}): NodeReport {
  return {
    source: { kind: 'live', description: 'context "prod"', observedAt: '2026-11-25T12:00:00Z' },
    metrics: { available: true },
    podScope: { allNamespaces: true },
    totalNodes: 1,
    nodesWithFindings: 0,
    counts: { critical: 0, warning: 0, info: 0 },
    nodes: [summary('node-1')],
    ...extra,
  };
}

describe('node views', () => {
  const plain = { color: false };

  it('shows usage as n/a and says plainly why when metrics.k8s.io is not served', () => {
    const note =
      'resource usage is unavailable: metrics.k8s.io is not served (the server could not find the requested resource). Install or repair metrics-server to see usage; everything else works without it.';
    const table = nodeTable(report({ metrics: { available: false, note } }), false, plain);
    assert.match(
      table,
      /^node-1\s+Ready\s+worker\s+<none>\s+25%\s+25%\s+n\/a\s+n\/a\s+12\/110\s+0\s+3d\s+v1\.36\.3$/m,
    );
    assert.match(table, /^Usage: n\/a\. resource usage is unavailable: metrics\.k8s\.io is not served/m);
    assert.match(nodeReportText(report({ metrics: { available: false, note } })), /used n\/a/);
  });

  it('says which pods were counted under a namespace fence', () => {
    const note = 'Requests, limits and pod counts include only pods in the allowed namespaces (shop).';
    const text = nodeTable(
      report({ podScope: { allNamespaces: false, namespaces: ['shop'], note } }),
      false,
      plain,
    );
    assert.match(
      text,
      /^Requests, limits and pod counts include only pods in the allowed namespaces \(shop\)\.$/m,
    );
  });

  it('says when no node matches the selector', () => {
    assert.equal(
      nodeTable(report({ nodes: [], totalNodes: 0, selector: 'pool=gpu' }), false, plain),
      'No nodes matching pool=gpu.',
    );
  });
});
