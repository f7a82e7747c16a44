// The initialize answer `kubectl diag mcp` sends before it loads the SDK (src/mcp/early.ts) must be the
// SDK server's own answer, byte for byte in meaning, for every protocol version a client may ask for; and
// the early reader must hand the SDK every byte it read, answer once, and drop the SDK's duplicate.

import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { earlyFacts } from '../../../scripts/bundle.js';
import { initializeAnswer, startEarlyInitialize, type EarlyFacts } from '../../../src/mcp/early.js';
import { buildServer } from '../../../src/mcp/server.js';
import { QUERIES } from '../../../src/areas/registry.js';
import { noCluster } from '../support/no-cluster.js';

const VERSION = '0.0.0-test';

function initialize(protocolVersion: string, id: string | number = 1): JSONRPCMessage {
  return {
    jsonrpc: '2.0',
    id,
    method: 'initialize',
    params: { protocolVersion, capabilities: {}, clientInfo: { name: 'unit-test', version: '1.0.0' } },
  };
}

/** What the SDK server built from the registry answers to one message. */
async function sdkAnswer(message: JSONRPCMessage): Promise<JSONRPCMessage> {
  const server = buildServer({
    cluster: noCluster(),
    queries: QUERIES,
    version: VERSION,
    log: () => undefined,
  });
  const [client, serverSide] = InMemoryTransport.createLinkedPair();
  const answer = new Promise<JSONRPCMessage>((resolve) => (client.onmessage = resolve));
  await server.connect(serverSide);
  await client.start();
  await client.send(message);
  const result = await answer;
  await server.close();
  return result;
}

describe('mcp early initialize', () => {
  let facts: EarlyFacts;
  before(async () => {
    facts = await earlyFacts();
  });

  for (const version of ['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05', '1999-01-01']) {
    it(`answers initialize for protocol ${version} exactly as the SDK server does`, async () => {
      const message = initialize(version, version.length);
      assert.deepEqual(initializeAnswer(message, facts, VERSION), await sdkAnswer(message));
    });
  }

  it('leaves anything but a well-formed initialize request to the SDK', () => {
    const good = initialize('2025-06-18') as unknown as Record<string, unknown>;
    const params = good['params'] as Record<string, unknown>;
    for (const bad of [
      null,
      [],
      { ...good, jsonrpc: '1.0' },
      { ...good, method: 'tools/list' },
      { ...good, id: 1.5 },
      { ...good, id: undefined },
      { ...good, params: { ...params, protocolVersion: 7 } },
      { ...good, params: { ...params, capabilities: null } },
      { ...good, params: { ...params, clientInfo: { name: 'x' } } },
    ])
      assert.equal(initializeAnswer(bad, facts, VERSION), undefined, JSON.stringify(bad));
  });

  it('answers once, hands the SDK every byte, and drops only the SDK duplicate answer', async () => {
    const stdin = new PassThrough();
    const written: string[] = [];
    const early = startEarlyInitialize(facts, VERSION, stdin, {
      write: (text: string) => written.push(text),
    });
    const first = `${JSON.stringify(initialize('2025-06-18', 'a'))}\n`;
    const second = '{"jsonrpc":"2.0","method":"notifications/initialized"}\n';
    stdin.write(first.slice(0, 20));
    stdin.write(first.slice(20) + second);
    await early.first;
    stdin.end();
    const relayed: Buffer[] = [];
    for await (const chunk of early.input) relayed.push(chunk as Buffer);
    assert.equal(Buffer.concat(relayed).toString(), first + second);
    assert.equal(written.length, 1);
    const sent = JSON.parse(written[0]!) as JSONRPCMessage;
    assert.deepEqual(sent, initializeAnswer(initialize('2025-06-18', 'a'), facts, VERSION));

    const logged: string[] = [];
    const log = (text: string) => logged.push(text);
    assert.equal(early.answered({ jsonrpc: '2.0', id: 'b', result: {} }, log), false, 'another id');
    assert.equal(early.answered({ jsonrpc: '2.0', method: 'x' }, log), false, 'not an answer');
    const sdk = await sdkAnswer(initialize('2025-06-18', 'a'));
    assert.equal(early.answered(sdk, log), true);
    assert.deepEqual(logged, []);
    assert.equal(early.answered(sdk, log), false, 'only once');
  });

  it('reports an SDK answer that differs from the one sent early', async () => {
    const stdin = new PassThrough();
    const early = startEarlyInitialize(facts, VERSION, stdin, { write: () => true });
    stdin.write(`${JSON.stringify(initialize('2025-06-18', 7))}\n`);
    await early.first;
    const logged: string[] = [];
    assert.equal(
      early.answered({ jsonrpc: '2.0', id: 7, result: { other: true } }, (t) => logged.push(t)),
      true,
    );
    assert.match(logged.join(''), /differs from the SDK's/);
    stdin.end();
  });

  it('does not answer a first message that is not initialize', async () => {
    const stdin = new PassThrough();
    const written: string[] = [];
    const early = startEarlyInitialize(facts, VERSION, stdin, {
      write: (text: string) => written.push(text),
    });
    stdin.write('{"jsonrpc":"2.0","id":1,"method":"tools/list"}\n');
    await early.first;
    stdin.end();
    assert.deepEqual(written, []);
  });
});
