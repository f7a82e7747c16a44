import assert from 'node:assert/strict';
import { connect, refusesBadCalls } from '../../support/no-cluster.js';

describe('storage MCP tools', () => {
  it('has the reference guide names for the storage tools, all read-only', async () => {
    const { client, server } = await connect();
    const tools = (await client.listTools()).tools;
    await server.close();
    for (const name of [
      'get_pvc',
      'get_pv',
      'list_storage_classes',
      'get_volume_attachments',
      'diagnose_storage',
    ]) {
      const tool = tools.find((t) => t.name === name);
      assert.ok(tool, name);
      assert.equal(tool.annotations?.readOnlyHint, true, name);
      assert.equal(tool.outputSchema?.type, 'object', name);
    }
  });

  const bad: [string, Record<string, unknown>, RegExp][] = [
    ['get_pvc', { namespace: 'shop', pvc: '../kube-system/data' }, /must be a persistent volume claim name/],
    ['get_pvc', { namespace: '../kube-system', pvc: 'data' }, /namespace/],
    ['get_pvc', { namespace: 'shop' }, /pvc/],
    ['get_pv', { pv: 'pv/../../secrets' }, /must be a persistent volume name/],
    ['get_volume_attachments', { node: 'Node_1' }, /must be a node name/],
    ['diagnose_storage', { namespace: 'shop', selector: 'tier in (db' }, /invalid label selector/],
  ];
  refusesBadCalls(bad);
});
