// Hostile MCP arguments: a huge value or key is refused with a short error, and the connection answers
// the next call as usual. Nothing reaches a cluster.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { BOOT, BUNDLE } from '../../../scripts/bundle.js';
import { connect } from '../support/no-cluster.js';

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

// The SDK rebuilds each message's objects, and an assigned `__proto__` key vanishes: without the stdin
// guard `{"namespace":"shop","__proto__":…}` ran as a plain call. The built server is spawned on the
// demo snapshot and fed raw JSON-RPC lines, as a client's bytes arrive: through boot.cjs (which answers
// initialize before it reads the bundle, and hands the bundle what it read) and the bundle alone (macOS).
for (const [entry, file] of [
  ['boot.cjs', BOOT],
  ['the bundle', BUNDLE],
] as const)
  describe(`MCP \`__proto__\` keys on the wire (${entry})`, () => {
    const line = (message: object | string) =>
      `${typeof message === 'string' ? message : JSON.stringify(message)}\n`;
    const call = (id: number, args: string) =>
      `{"jsonrpc":"2.0","id":${id},"method":"tools/call","params":{"name":"diagnose_pods","arguments":${args}}}`;

    it('refuses the key, also spelled with escapes or nested, and keeps serving', async () => {
      const child = spawn(process.execPath, [file, 'mcp', '--demo'], {
        stdio: ['pipe', 'pipe', 'pipe'],
        env: { ...process.env, KUBECTL_DIAG_CODE_CACHE: '0' },
      });
      type Reply = { id?: unknown; result?: { isError?: boolean; content?: { text?: string }[] } };
      const replies = new Map<unknown, Reply>();
      const ids: unknown[] = [];
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        for (let i = out.indexOf('\n'); i !== -1; i = out.indexOf('\n')) {
          const reply = JSON.parse(out.slice(0, i)) as Reply;
          replies.set(reply.id, reply);
          ids.push(reply.id);
          out = out.slice(i + 1);
        }
      });
      child.stdin.write(
        line({
          jsonrpc: '2.0',
          id: 1,
          method: 'initialize',
          params: {
            protocolVersion: '2025-06-18',
            capabilities: {},
            clientInfo: { name: 'unit', version: '1' },
          },
        }) +
          line({ jsonrpc: '2.0', method: 'notifications/initialized' }) +
          line(call(2, '{"namespace":"shop","__proto__":"x"}')) +
          line(call(3, '{"namespace":"shop","\\u005f_proto__":{"allNamespaces":true}}')) +
          line(call(4, '{"namespace":"shop","selector":{"__proto__":1}}')),
      );
      // Split mid-line, as a pipe may deliver it.
      const good = call(5, '{"namespace":"shop"}');
      child.stdin.write(good.slice(0, 40));
      await new Promise((resolve) => setTimeout(resolve, 50));
      child.stdin.end(line(good.slice(40)));
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      await new Promise((resolve) => child.on('close', resolve));
      assert.ok(replies.size > 0, stderr);
      assert.deepEqual(ids.toSorted(), [1, 2, 3, 4, 5], 'one answer per request, initialize included');
      for (const id of [2, 3, 4]) {
        const reply = replies.get(id);
        assert.equal(reply?.result?.isError, true, `call ${id}: ${JSON.stringify(reply)}`);
        assert.match(reply.result.content?.[0]?.text ?? '', /Unrecognized key: "__proto__"/);
      }
      const served = replies.get(5);
      assert.ok(served?.result && served.result.isError !== true, JSON.stringify(served));
      assert.match(served.result.content?.[0]?.text ?? '', /pods in namespace shop/);
    });
  });
