// The context-window budget: a small tool list, and answers bounded whatever the cluster size, that still
// name every failing pod with its reason, say what they left out, and never carry a payload twice.

import assert from 'node:assert/strict';
import { NO_FENCE } from '../../src/cluster/policy.js';
import { SnapshotCluster } from '../../src/cluster/snapshot.js';
import type { LoadedSnapshot } from '../../src/cluster/snapshot-files.js';
import { fitStructured, fitText, STRUCTURED_BUDGET_BYTES, TEXT_BUDGET_BYTES } from '../../src/mcp/budget.js';
import { connect } from './no-cluster.js';
import { podWorld, world } from './real-shapes.js';

const quietAudit = { record: () => undefined };
const bytes = (value: unknown) =>
  Buffer.byteLength(typeof value === 'string' ? value : JSON.stringify(value));

async function over(snapshot: LoadedSnapshot) {
  const connection = await connect(new SnapshotCluster(snapshot, NO_FENCE, quietAudit) as never);
  await connection.client.listTools();
  return connection;
}

function textOf(result: object): string {
  return ((result as { content: unknown }).content as { type: string; text: string }[])
    .map((c) => c.text)
    .join('\n');
}

describe('MCP answer budget', () => {
  it('keeps tools/list within 25 KB', async () => {
    const { client, server } = await connect();
    const size = bytes(await client.listTools());
    await server.close();
    assert.ok(size <= 25 * 1024, `tools/list is ${size} bytes`);
  });

  it('answers diagnose_pods -A on 2,000 pods (222 failing) within budget, naming every failing pod with its reason', async function () {
    this.timeout(60_000);
    const snapshot = podWorld(2000, 222);
    const { client, server } = await over(snapshot);
    try {
      const result = await client.callTool({ name: 'diagnose_pods', arguments: { allNamespaces: true } });
      assert.notEqual(result.isError, true, textOf(result));
      const text = textOf(result);
      assert.ok(bytes(text) <= TEXT_BUDGET_BYTES, `text is ${bytes(text)} bytes`);
      assert.ok(
        bytes(result.structuredContent) <= STRUCTURED_BUDGET_BYTES,
        `structured is ${bytes(result.structuredContent)} bytes`,
      );
      assert.match(
        text,
        /^2000 pods in all namespaces; 222 with findings .*; 1778 healthy \(counted, not listed\)\./,
      );
      const failing = snapshot.objects.get('pods')!.slice(0, 222);
      const reasonLines = text
        .split('\n')
        .filter((l) => /^\[(critical|warning|info)\] \w+ \(\d+\): /.test(l));
      for (const pod of failing) {
        const name = `${pod.metadata!.namespace}/${pod.metadata!.name}`;
        const named = reasonLines.some((l) => l.split(': ').slice(1).join(': ').split(', ').includes(name));
        assert.ok(named, `${name} is named under its reason`);
      }
      const structured = result.structuredContent as {
        truncated?: Record<string, { shown: number; total: number }>;
        byReason: { pods: string[] }[];
      };
      assert.equal(
        structured.byReason.reduce((n, g) => n + g.pods.length, 0) >= 222,
        true,
        'every failing pod in byReason',
      );
      assert.equal(
        structured.truncated?.['pods']?.total,
        222,
        'the structure says how many pod rows it left out',
      );
    } finally {
      await server.close();
    }
  });

  it('sends a long log once (in the text), keeps its end, and says what was cut', async () => {
    const w = world(5);
    const log = Array.from({ length: 5000 }, (_, i) => `line ${i} ${'x'.repeat(100)}`).join('\n') + '\n';
    w.snapshot.logs = [
      { namespace: w.namespace, pod: w.pods[0]!, container: 'app', previous: false, text: log },
    ];
    const { client, server } = await over(w.snapshot);
    try {
      const result = await client.callTool({
        name: 'get_pod_logs',
        arguments: { namespace: w.namespace, pod: w.pods[0]!, tailLines: 5000 },
      });
      assert.notEqual(result.isError, true, textOf(result));
      const text = textOf(result);
      assert.ok(bytes(text) <= TEXT_BUDGET_BYTES, `text is ${bytes(text)} bytes`);
      assert.match(text, /line 4999 x+\s*$/, 'the end of the log is kept');
      assert.match(text, /\[truncated: \d+ of \d+ lines .* left out from the start\. Narrow the question/);
      const structured = result.structuredContent as Record<string, unknown>;
      assert.equal(structured['text'], undefined, 'the log is not repeated in the structure');
      assert.deepEqual(structured['omitted'], ['text (in the text content)']);
      assert.equal(structured['lines'], 5000);
    } finally {
      await server.close();
    }
  });

  it('cuts text at a line with a marker, and shortens the largest arrays of a structure, saying by how much', () => {
    const text = Array.from({ length: 1000 }, (_, i) => `row ${i}`).join('\n');
    const cut = fitText(text, 2000);
    assert.ok(bytes(cut) <= 2000);
    assert.match(cut, /^row 0\n/);
    assert.match(cut, /\[truncated: \d+ of 1000 lines/);
    const fitted = fitStructured(
      { items: Array.from({ length: 1000 }, (_, i) => ({ i })), total: 1000 },
      2000,
    );
    assert.ok(bytes(fitted) <= 2000);
    assert.equal((fitted['truncated'] as Record<string, { total: number }>)['items']!.total, 1000);
    assert.match(String(fitted['narrow']), /namespace/);
  });
});
