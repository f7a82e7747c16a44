// The initialize answer `kubectl diag mcp` sends before it loads the SDK (src/mcp/early.ts) must be the
// SDK server's own answer, byte for byte in meaning, for every protocol version a client may ask for; and
// the early reader must hand the SDK every byte it read, answer once, and drop the SDK's duplicate.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { BOOT, earlyFacts } from '../../../scripts/bundle.js';
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

// boot.cjs carries this module and the facts: it answers before it reads the bundle. Run alone (no bundle
// beside it), it answers and then fails to read the bundle, which shows the order.
describe('boot.cjs: initialize answered before the bundle is read', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kubectl-diag-early-'));
  const boot = join(dir, 'boot.cjs');
  const pkg = JSON.parse(readFileSync(join(dirname(BOOT), '..', '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  let facts: EarlyFacts;
  before(async () => {
    copyFileSync(BOOT, boot);
    facts = await earlyFacts();
  });

  function run(args: string[], input: string, env: NodeJS.ProcessEnv = {}) {
    const result = spawnSync(process.execPath, [boot, ...args], {
      input,
      encoding: 'utf8',
      env: { PATH: process.env['PATH'], KUBECTL_DIAG_CODE_CACHE: '0', ...env },
    });
    assert.notEqual(result.status, 0, 'no bundle to run');
    assert.match(result.stderr, /kubectl-diag\.cjs/, 'it went on to read the bundle');
    return result.stdout;
  }
  const line = (message: unknown) => `${JSON.stringify(message)}\n`;

  it('answers initialize once, exactly as the SDK would, from what the build compiled in', () => {
    const message = initialize('2025-06-18', 'boot');
    const stdout = run(
      ['mcp'],
      line(message) + line({ jsonrpc: '2.0', method: 'notifications/initialized' }),
    );
    assert.deepEqual(stdout.split('\n'), [JSON.stringify(initializeAnswer(message, facts, pkg.version)), '']);
  });

  it('leaves other commands, help, a refused READ_ONLY and any other first message alone', () => {
    const message = line(initialize('2025-06-18'));
    assert.equal(run(['pods'], message), '');
    assert.equal(run(['mcp', '--help'], message), '');
    assert.equal(run(['mcp'], message, { READ_ONLY: 'false' }), '');
    assert.equal(run(['mcp'], line({ jsonrpc: '2.0', id: 1, method: 'tools/list' })), '');
    const odd = initialize('2025-06-18') as unknown as { params: Record<string, unknown> };
    assert.equal(run(['mcp'], line({ ...odd, params: { ...odd.params, clientInfo: { name: 'x' } } })), '');
  });
});
