// The MCP triage answer within the budget of the MCP issue (src/mcp/budget.ts) on a cluster of 2,000 pods,
// 222 failing: the text names every failing pod under its reason, and what is cut says how to narrow.

import assert from 'node:assert/strict';
import { NO_FENCE } from '../../../../src/cluster/policy.js';
import { SnapshotCluster } from '../../../../src/cluster/snapshot.js';
import { STRUCTURED_BUDGET_BYTES, TEXT_BUDGET_BYTES } from '../../../../src/mcp/budget.js';
import { connect } from '../../support/no-cluster.js';
import { podWorld } from '../../support/real-shapes.js';

const bytes = (value: unknown) =>
  Buffer.byteLength(typeof value === 'string' ? value : JSON.stringify(value));

describe('MCP triage answer budget', () => {
  it('answers triage -A on 2,000 pods (222 failing) within budget, naming every failing pod', async function () {
    this.timeout(60_000);
    const snapshot = podWorld(2000, 222);
    const cluster = new SnapshotCluster(snapshot, NO_FENCE, { record: () => undefined });
    const { client, server } = await connect(cluster as never);
    try {
      await client.listTools();
      const result = await client.callTool({ name: 'triage', arguments: { allNamespaces: true } });
      const text = (result.content as { type: string; text: string }[]).map((c) => c.text).join('\n');
      assert.notEqual(result.isError, true, text);
      assert.ok(bytes(text) <= TEXT_BUDGET_BYTES, `text is ${bytes(text)} bytes`);
      assert.ok(bytes(result.structuredContent) <= STRUCTURED_BUDGET_BYTES);
      assert.match(
        text,
        /^\d+ root causes in all namespaces \(.*\) explain \d+ findings; 2000 objects read\./m,
      );
      const structured = result.structuredContent as {
        chains: unknown[];
        truncated?: Record<string, { shown: number; total: number }>;
        narrow?: string;
      };
      // The structure is cut to fit, and says so with how to narrow.
      assert.ok(structured.truncated?.['chains'], JSON.stringify(structured.truncated));
      assert.ok(structured.truncated['chains'].shown < structured.truncated['chains'].total);
      assert.match(structured.narrow ?? '', /namespace/);
      for (const pod of snapshot.objects.get('pods')!.slice(0, 222)) {
        const name = `Pod/${pod.metadata!.namespace}/${pod.metadata!.name}`;
        const short = `Pod ${pod.metadata!.namespace}/${pod.metadata!.name}`;
        assert.ok(text.includes(name) || text.includes(short), `${name} is named`);
      }
    } finally {
      await server.close();
    }
  });
});
