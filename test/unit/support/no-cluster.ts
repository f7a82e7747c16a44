// A read interface that fails the test if anything reaches it: for MCP behaviour that must be decided
// before any cluster access (tool listing, input validation).

import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { buildServer } from '../../../src/mcp/server.js';
import { QUERIES } from '../../../src/areas/registry.js';
import { NO_FENCE } from '../../../src/cluster/policy.js';
import type { ClusterReader } from '../../../src/cluster/source.js';

export function noCluster(): ClusterReader & { calls: number } {
  const reader = {
    calls: 0,
    info: { kind: 'live' as const, description: 'no cluster (unit test)' },
    fence: NO_FENCE,
    defaultNamespace: 'default',
    now: () => new Date('2026-11-25T12:00:00Z'),
    get: () => fail(),
    list: () => fail(),
    podLog: () => fail(),
    close: async () => undefined,
  };
  function fail(): never {
    reader.calls++;
    assert.fail('this call must not reach a cluster');
  }
  return reader;
}

/** An MCP client connected in memory to a server built from the registry over `cluster`. */
export async function connect(cluster = noCluster()) {
  const server = buildServer({ cluster, queries: QUERIES, version: '0.0.0-test', log: () => undefined });
  const client = new Client({ name: 'unit-test', version: '1.0.0' });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  return { client, server, cluster };
}

/** The names of the tools the registry's server lists. */
export async function toolNames(): Promise<string[]> {
  const { client, server } = await connect();
  const names = (await client.listTools()).tools.map((t) => t.name);
  await server.close();
  return names;
}

/** One test per bad call: an isError result whose text matches, and no read of any cluster. */
export function refusesBadCalls(bad: readonly [string, Record<string, unknown>, RegExp][]): void {
  for (const [tool, args, message] of bad) {
    it(`answers ${tool} ${JSON.stringify(args)} with an isError result and touches no cluster`, async () => {
      const { client, server, cluster } = await connect();
      const result = await client.callTool({ name: tool, arguments: args });
      assert.equal(result.isError, true);
      assert.match((result.content as { text: string }[])[0]!.text, message);
      assert.equal(cluster.calls, 0);
      await server.close();
    });
  }
}
