// Hostile MCP arguments: a huge value or key is refused with a short error, and the connection answers
// the next call as usual. Nothing reaches a cluster.

import assert from 'node:assert/strict';
import { connect } from './no-cluster.js';

function errorText(result: unknown): string {
  const [first] = ((result as { content?: unknown }).content ?? []) as Array<{ type: string; text?: string }>;
  return first?.text ?? '';
}

describe('MCP input bounds', () => {
  it('refuses a 5 MB selector with an error far shorter than the input, and stays usable', async () => {
    const { client, server, cluster } = await connect();
    const selector = `app=${'x'.repeat(5 * 1024 * 1024)}`;
    const result = await client.callTool({
      name: 'diagnose_pods',
      arguments: { namespace: 'shop', selector },
    });
    assert.equal(result.isError, true);
    const text = errorText(result);
    assert.match(text, /limit is 64 KiB/);
    assert.ok(text.length < 1500, `error text is ${text.length} characters`);
    const next = await client.callTool({ name: 'diagnose_pods', arguments: { namespace: '../kube-system' } });
    assert.equal(next.isError, true, 'the next bad call is answered too');
    assert.equal(cluster.calls, 0);
    await server.close();
  });

  it('quotes only a short prefix of an unknown argument name', async () => {
    const { client, server } = await connect();
    const key = `k${'y'.repeat(40_000)}`;
    const result = await client.callTool({
      name: 'diagnose_pods',
      arguments: { namespace: 'shop', [key]: 1 },
    });
    assert.equal(result.isError, true);
    const text = errorText(result);
    assert.match(text, /Unrecognized key/);
    assert.ok(text.length < 1500, `error text is ${text.length} characters`);
    await server.close();
  });
});
