// Every tool's answer must pass the SDK's own validating Client, which checks structuredContent against
// the outputSchema of tools/list: on kubelet-shaped pods, on the demo snapshot, and on hundreds of
// generated real-shaped worlds (nulls where the API writes them, fields a newer release may add).

import assert from 'node:assert/strict';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { NO_FENCE } from '../../../src/cluster/policy.js';
import { DEMO_SNAPSHOT } from '../../../src/cluster/session.js';
import { SnapshotCluster } from '../../../src/cluster/snapshot.js';
import { loadSnapshotPath, type LoadedSnapshot } from '../../../src/cluster/snapshot-files.js';
import { connect } from '../support/no-cluster.js';
import { argumentsFor, random, world } from '../support/real-shapes.js';

const quietAudit = { record: () => undefined };

async function validatingClient(snapshot: LoadedSnapshot) {
  const connection = await connect(new SnapshotCluster(snapshot, NO_FENCE, quietAudit) as never);
  // Listing the tools is what makes the SDK client validate every later structuredContent.
  const { tools } = await connection.client.listTools();
  return { ...connection, tools };
}

function propertiesOf(tool: Tool): string[] {
  return Object.keys(tool.inputSchema.properties ?? {});
}

/**
 * The output schemas carry no `required` list (it would name every field twice in the tool list): their
 * promise is that a field whose type does not admit null is always there. Returns the fields that broke it.
 */
function missingPromised(tool: Tool, structured: unknown): string[] {
  const properties = (tool.outputSchema?.properties ?? {}) as Record<string, { type?: string | string[] }>;
  return Object.entries(properties)
    .filter(([, p]) => p.type !== undefined && !([] as string[]).concat(p.type).includes('null'))
    .map(([name]) => name)
    .filter((name) => !Object.hasOwn(structured as object, name));
}

/** Calls a tool; a structuredContent that does not match its schema makes callTool throw. */
async function call(client: Awaited<ReturnType<typeof connect>>['client'], name: string, args: object) {
  return client.callTool({ name, arguments: args as Record<string, unknown> });
}

describe('MCP output schemas against real-shaped data (SDK validating client)', () => {
  it('accepts get_pod_status and describe_pod for a pod whose conditions carry lastProbeTime: null', async () => {
    const w = world(1);
    const { client, server } = await validatingClient(w.snapshot);
    try {
      const pods = w.snapshot.objects.get('pods')!;
      const kubeletPod = pods.find((p) =>
        (
          (p as { status?: unknown }).status as { conditions?: { lastProbeTime?: unknown }[] } | undefined
        )?.conditions?.some((c) => c.lastProbeTime === null),
      );
      assert.ok(kubeletPod, 'the world holds a pod with kubelet-written conditions');
      const args = { namespace: kubeletPod.metadata!.namespace, pod: kubeletPod.metadata!.name };
      for (const tool of ['get_pod_status', 'describe_pod']) {
        const result = await call(client, tool, args);
        assert.notEqual(result.isError, true, JSON.stringify(result.content));
        const conditions = (result.structuredContent as { conditions: { lastProbeTime?: unknown }[] })
          .conditions;
        assert.ok(conditions.length > 0, `${tool} returns the pod's conditions`);
      }
    } finally {
      await server.close();
    }
  });

  it('accepts every tool on the demo snapshot', async () => {
    const snapshot = loadSnapshotPath(DEMO_SNAPSHOT);
    const { client, server, tools } = await validatingClient(snapshot);
    const pods = snapshot.objects.get('pods') ?? [];
    // A pod whose log the snapshot holds, so get_pod_logs has something to answer.
    const logged = snapshot.logs.find((l) => l.text !== undefined)!;
    const failing = pods.find((p) => p.metadata!.name === logged.pod)!;
    const names = (key: 'services' | 'nodes' | 'persistentvolumeclaims' | 'persistentvolumes') =>
      (snapshot.objects.get(key) ?? []).map((o) => o.metadata!.name!);
    const fixed: Record<string, unknown> = {
      namespace: failing.metadata!.namespace,
      pod: failing.metadata!.name,
      service: names('services').find((n) => n !== 'kubernetes'),
      node: names('nodes')[0],
      pvc: names('persistentvolumeclaims')[0],
      pv: names('persistentvolumes')[0],
      selector: 'app',
      kind: 'Deployment',
      name: (snapshot.objects.get('deployments') ?? [])[0]?.metadata!.name,
    };
    // The demo holds no HorizontalPodAutoscaler: get_hpa_status can only say so.
    const hpas = snapshot.objects.get('horizontalpodautoscalers') ?? [];
    let answered = 0;
    const refused: string[] = [];
    try {
      for (const tool of tools) {
        const args = Object.fromEntries(
          propertiesOf(tool)
            .filter(
              (p) => fixed[p] !== undefined && (p !== 'selector' || tool.inputSchema.required?.includes(p)),
            )
            .map((p) => [p, fixed[p]]),
        );
        const result = await call(client, tool.name, args);
        if (result.isError !== true) answered++;
        else refused.push(`${tool.name}: ${JSON.stringify(result.content).slice(0, 300)}`);
      }
    } finally {
      await server.close();
    }
    // check_access needs a live server; every other tool answers from a snapshot.
    assert.ok(
      answered >= tools.length - 1 - (hpas.length ? 0 : 1),
      `${answered} of ${tools.length} tools answered: ${refused.join('\n')}`,
    );
  });

  it('accepts every tool on 150 generated worlds (random unknown fields and API nulls)', async function () {
    this.timeout(120_000);
    // One client (its validators compiled once) over a reader whose world changes under it.
    let current = new SnapshotCluster(world(1).snapshot, NO_FENCE, quietAudit);
    const reader = new Proxy({} as SnapshotCluster, {
      get: (_, key) => {
        const value = (current as unknown as Record<string | symbol, unknown>)[key];
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(current) : value;
      },
    });
    const { client, server } = await connect(reader as never);
    const { tools } = await client.listTools();
    const answeredBy = new Map<string, number>();
    try {
      for (let seed = 1; seed <= 150; seed++) {
        const w = world(seed);
        current = new SnapshotCluster(w.snapshot, NO_FENCE, quietAudit);
        const rng = random(seed * 7919);
        for (const tool of tools) {
          const args = argumentsFor(propertiesOf(tool), tool.inputSchema.required ?? [], w, rng);
          let result;
          try {
            result = await call(client, tool.name, args);
          } catch (error) {
            assert.fail(`seed ${seed}: ${tool.name} ${JSON.stringify(args)}: ${(error as Error).message}`);
          }
          if (result.isError === true) continue;
          answeredBy.set(tool.name, (answeredBy.get(tool.name) ?? 0) + 1);
          assert.deepEqual(
            missingPromised(tool, result.structuredContent),
            [],
            `seed ${seed}: ${tool.name} left out a field its schema types without null`,
          );
        }
      }
    } finally {
      await server.close();
    }
    const silent = tools
      .map((t) => t.name)
      .filter((name) => name !== 'check_access' && !answeredBy.has(name));
    assert.deepEqual(silent, [], 'every tool (but check_access, live only) answered some generated world');
  });
});
