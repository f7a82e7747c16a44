// Every tool through the SDK's validating Client (it checks each structuredContent against the outputSchema
// it listed) on what the real apiserver returns: pod conditions with `lastProbeTime: null` (metav1.Time
// marshals its zero value as null: k8s.io/apimachinery/pkg/apis/meta/v1/time.go), events recorded through
// events.k8s.io (whose core/v1 view has `firstTimestamp: null`), node conditions, claims, volumes, metrics —
// live, and again from a `snapshot save` of the same namespace.

import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import {
  containerStatus,
  coreEvent,
  endpointSlice,
  eventsV1Event,
  persistentVolume,
  persistentVolumeClaim,
  podStatus,
  service,
  storageClass,
  unschedulablePodStatus,
  volumeAttachment,
  type ControlPlane,
} from '../cluster/index.js';
import { controlPlane } from './setup.js';
import { diag, mcpInMemory, type McpSession } from './tool.js';

interface Names {
  namespace: string;
  pod: string;
  service: string;
  node: string;
  pvc: string;
  pv: string;
  /** The workload tools' object: a Deployment and its HPA, both named `name`. */
  kind: string;
  name: string;
}

/** Arguments for every tool, from its input schema: required ones always, the namespace always. */
function argumentsFor(tool: Tool, names: Names): Record<string, unknown> {
  const byName: Record<string, unknown> = { ...names, selector: 'app=web' };
  const properties = Object.keys(tool.inputSchema.properties ?? {});
  const wanted = new Set([...(tool.inputSchema.required ?? []), 'namespace']);
  return Object.fromEntries(properties.filter((p) => wanted.has(p)).map((p) => [p, byName[p]]));
}

/** Calls every tool; a schema mismatch makes the SDK client throw, which fails the test with its message. */
async function callEveryTool(
  mcp: McpSession,
  names: Names,
): Promise<{ answered: string[]; refused: string[] }> {
  const { tools } = await mcp.client.listTools();
  const answered: string[] = [];
  const refused: string[] = [];
  for (const tool of tools) {
    const args = argumentsFor(tool, names);
    let answer;
    try {
      answer = await mcp.call(tool.name, args);
    } catch (error) {
      assert.fail(`${tool.name} ${JSON.stringify(args)}: ${(error as Error).message}`);
    }
    if (answer.isError) refused.push(`${tool.name}: ${answer.text}`);
    else answered.push(tool.name);
  }
  return { answered, refused };
}

describe('MCP answers pass the SDK validating client on real apiserver data (e2e)', function () {
  let cp: ControlPlane;
  let names: Names;
  const dir = mkdtempSync(join(tmpdir(), 'mcp-validating-'));
  const saved = join(dir, 'snapshot.json');

  before(async function () {
    this.timeout(60_000);
    cp = controlPlane();
    const ns = await cp.seed.namespace(cp.seed.uniqueName('mcpv'));
    const node = cp.seed.uniqueName('node');
    const pv = cp.seed.uniqueName('pv');
    names = {
      namespace: ns,
      pod: 'web-crash',
      service: 'web',
      node,
      pvc: 'data',
      pv,
      kind: 'Deployment',
      name: 'web',
    };
    await cp.seed.node(node);
    const labels = { app: 'web' };
    await cp.seed.pod(ns, 'web-ok', {
      node,
      labels,
      status: podStatus({ containerStatuses: [containerStatus.running('app')] }),
    });
    await cp.seed.pod(ns, 'web-crash', {
      node,
      labels,
      status: podStatus({
        containerStatuses: [containerStatus.crashLoopBackOff('app', { restartCount: 6 })],
      }),
    });
    await cp.seed.pod(ns, 'web-oom', {
      node,
      labels,
      status: podStatus({ containerStatuses: [containerStatus.oomKilled('app')] }),
    });
    await cp.seed.pod(ns, 'web-pending', { labels, status: unschedulablePodStatus() });
    await cp.seed.setLogs(ns, 'web-crash', 'app', ['starting', 'panic: no config'], { previous: true });
    await cp.seed.create(service(ns, 'web', { selector: labels, ports: [{ port: 80, targetPort: 8080 }] }));
    await cp.seed.create(
      endpointSlice(ns, 'web-1', { service: 'web', endpoints: [{ ip: '10.0.0.9', pod: 'web-ok' }] }),
    );
    await cp.seed.create(
      coreEvent(ns, {
        involvedObject: { kind: 'Pod', name: 'web-crash', namespace: ns },
        reason: 'BackOff',
        message: 'Back-off restarting failed container app in pod web-crash',
        type: 'Warning',
        count: 12,
        component: 'kubelet',
      }),
    );
    await cp.seed.create(
      eventsV1Event(ns, {
        regarding: { kind: 'Pod', name: 'web-pending', namespace: ns },
        reason: 'FailedScheduling',
        note: '0/1 nodes are available: 1 Insufficient cpu.',
        type: 'Warning',
        controller: 'default-scheduler',
      }),
    );
    await cp.seed.create(
      persistentVolumeClaim(ns, 'data', { storageClassName: cp.seed.uniqueName('missing') }),
    );
    const sc = cp.seed.uniqueName('sc');
    await cp.seed.create(storageClass(sc));
    await cp.seed.create(
      persistentVolume(pv, { storageClassName: sc, claim: { namespace: ns, name: 'data' } }),
    );
    await cp.seed.create(volumeAttachment(cp.seed.uniqueName('va'), { persistentVolume: pv, node }));
    // The workload tools read a Deployment and its HPA (no controller on this plane: objects without status).
    await cp.seed.create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: ns },
      spec: {
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'web:1' }] } },
      },
    });
    await cp.seed.create({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', namespace: ns },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 3 },
    });
    await cp.seed.setNodeMetrics([{ name: node, cpu: '250m', memory: '1Gi' }]);
    await cp.seed.setPodMetrics([
      { namespace: ns, name: 'web-ok', containers: [{ name: 'app', cpu: '5m', memory: '64Mi' }] },
    ]);
    const { error } = await diag(['snapshot', 'save', saved, '-n', ns]);
    assert.equal(error, undefined, error?.message);
  });

  it('reads pods whose conditions the apiserver serves with lastProbeTime: null', async function () {
    const pod = await cp.seed.get({
      apiVersion: 'v1',
      kind: 'Pod',
      namespace: names.namespace,
      name: 'web-crash',
    });
    const conditions =
      (pod?.['status'] as { conditions?: Record<string, unknown>[] } | undefined)?.conditions ?? [];
    assert.ok(conditions.length > 0);
    assert.ok(conditions.every((c) => 'lastProbeTime' in c && c['lastProbeTime'] === null));
  });

  it('answers every tool live, each answer valid for its outputSchema', async function () {
    const mcp = await mcpInMemory();
    try {
      const { answered, refused } = await callEveryTool(mcp, names);
      assert.deepEqual(refused, [], 'every tool answers the viewer live');
      assert.ok(answered.includes('get_pod_status') && answered.includes('describe_pod'));
    } finally {
      await mcp.close();
    }
  });

  it('answers every tool from a snapshot save of the same namespace, each answer valid', async function () {
    const mcp = await mcpInMemory({ snapshot: saved });
    try {
      const { answered, refused } = await callEveryTool(mcp, names);
      // A snapshot has no identity to check, and holds only what it captured.
      assert.ok(
        refused.every((r) => r.startsWith('check_access')),
        refused.join('\n'),
      );
      assert.ok(answered.length >= 20, `${answered.length} tools answered from the snapshot`);
    } finally {
      await mcp.close();
    }
  });
});
