import assert from 'node:assert/strict';
import { refusesBadCalls, toolNames } from '../../support/no-cluster.js';

describe('service MCP tools', () => {
  it('have the reference guide names, and list_pods_by_selector exists once', async () => {
    const names = await toolNames();
    for (const name of ['get_service', 'get_endpoints', 'diagnose_services', 'list_pods_by_selector'])
      assert.equal(names.filter((n) => n === name).length, 1, name);
  });

  const bad: [string, Record<string, unknown>, RegExp][] = [
    ['get_service', { namespace: 'shop', service: 'web/../../secrets' }, /must be a service name/],
    ['get_endpoints', { namespace: '../kube-system', service: 'web' }, /namespace/],
    ['get_endpoints', { namespace: 'shop' }, /service/],
    ['diagnose_services', { namespace: 'shop', selector: 'tier in (web' }, /invalid label selector/],
  ];
  refusesBadCalls(bad);
});
