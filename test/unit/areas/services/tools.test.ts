import assert from 'node:assert/strict';
import { connect } from '../../no-cluster.js';

describe('service MCP tools', () => {
  it('have the reference guide names, and list_pods_by_selector exists once', async () => {
    const { client, server } = await connect();
    const names = (await client.listTools()).tools.map((t) => t.name);
    await server.close();
    for (const name of ['get_service', 'get_endpoints', 'diagnose_services', 'list_pods_by_selector'])
      assert.equal(names.filter((n) => n === name).length, 1, name);
  });

  const bad: [string, Record<string, unknown>, RegExp][] = [
    ['get_service', { namespace: 'shop', service: 'web/../../secrets' }, /must be a service name/],
    ['get_endpoints', { namespace: '../kube-system', service: 'web' }, /namespace/],
    ['get_endpoints', { namespace: 'shop' }, /service/],
    ['diagnose_services', { namespace: 'shop', selector: 'tier in (web' }, /invalid label selector/],
  ];
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
});
