// Per-call contexts, decided before any cluster access: the allow-list (environment and flag narrow,
// never widen), refusal before a context is even opened, and what list_contexts may show.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { QUERIES } from '../../../src/areas/registry.js';
import { ContextPool, resolveAllowedContexts } from '../../../src/cluster/contexts.js';
import { ConfigError, ContextDenied } from '../../../src/cluster/errors.js';
import { listContexts } from '../../../src/cluster/kubeconfig.js';
import { buildServer } from '../../../src/mcp/server.js';
import { connect, noCluster } from '../support/no-cluster.js';

const dir = mkdtempSync(join(tmpdir(), 'contexts-test-'));
const kubeconfig = join(dir, 'config');
writeFileSync(
  kubeconfig,
  [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '  - {name: eu, cluster: {server: "https://admin:s3cret@eu.example:6443"}}',
    '  - {name: us, cluster: {server: "https://us.example"}}',
    'users:',
    '  - {name: alice, user: {token: very-secret-token}}',
    'contexts:',
    '  - {name: prod-eu, context: {cluster: eu, user: alice, namespace: shop}}',
    '  - {name: prod-us, context: {cluster: us, user: alice}}',
    '  - {name: staging, context: {cluster: us, user: alice}}',
    'current-context: prod-eu',
  ].join('\n'),
  { mode: 0o600 },
);

function pool(allowed: Set<string> | null) {
  const opened: string[] = [];
  const contexts = new ContextPool({
    kubeconfig: { kubeconfig, env: {} },
    allowed,
    primary: { context: 'prod-eu', reader: noCluster() },
    open: (context) => {
      opened.push(context);
      return { reader: noCluster(), close: async () => undefined };
    },
  });
  return { contexts, opened };
}

describe('contexts', () => {
  it('ALLOWED_CONTEXTS and --allowed-contexts narrow each other, never widen', () => {
    assert.equal(resolveAllowedContexts(undefined, {}), null);
    assert.deepEqual([...resolveAllowedContexts('a,b', { ALLOWED_CONTEXTS: 'b,c' })!], ['b']);
    assert.throws(() => resolveAllowedContexts('a', { ALLOWED_CONTEXTS: 'c' }), ConfigError);
    assert.throws(() => resolveAllowedContexts(' , ', {}), /names no context/);
  });

  it('refuses a context outside the allow-list without opening it', () => {
    const { contexts, opened } = pool(new Set(['prod-eu', 'prod-us']));
    assert.throws(() => contexts.reader('staging'), ContextDenied);
    assert.throws(() => contexts.reader('x'.repeat(300)), ContextDenied);
    assert.deepEqual(opened, []);
    contexts.reader('prod-us');
    contexts.reader('prod-us');
    assert.deepEqual(opened, ['prod-us'], 'opened once, on first use');
  });

  it('lists names, clusters and servers with passwords redacted and no credential', () => {
    const { contexts } = pool(new Set(['prod-eu', 'prod-us']));
    const list = contexts.list();
    assert.deepEqual(
      list.map((c) => [c.name, c.cluster, c.server, c.namespace, c.default, c.allowed]),
      [
        ['prod-eu', 'eu', 'https://admin:xxxxx@eu.example:6443', 'shop', true, true],
        ['prod-us', 'us', 'https://us.example', 'default', false, true],
        ['staging', 'us', 'https://us.example', 'default', false, false],
      ],
    );
    assert.doesNotMatch(JSON.stringify(list), /very-secret-token|s3cret/);
    assert.equal(listContexts({ kubeconfig, env: {} }).filter((c) => c.current).length, 1);
  });

  it('an MCP call naming a refused context is an isError answer and reaches no cluster', async () => {
    const { contexts, opened } = pool(new Set(['prod-eu']));
    const cluster = noCluster();
    const server = buildServer({ cluster, contexts, queries: QUERIES, version: 't', log: () => undefined });
    const client = new Client({ name: 'unit', version: '1' });
    const [a, b] = InMemoryTransport.createLinkedPair();
    await Promise.all([server.connect(b), client.connect(a)]);
    const answer = (await client.callTool({
      name: 'diagnose_pods',
      arguments: { namespace: 'shop', context: 'staging' },
    })) as { isError?: boolean; content: { text: string }[] };
    assert.equal(answer.isError, true);
    assert.match(
      answer.content[0]!.text,
      /refused context "staging": it is not in the allowed contexts \(prod-eu\)/,
    );
    const bad = (await client.callTool({ name: 'diagnose_pods', arguments: { context: 7 } })) as {
      isError?: boolean;
    };
    assert.equal(bad.isError, true);
    assert.deepEqual(opened, []);
    assert.equal(cluster.calls, 0);
    await server.close();
  });

  it('a snapshot server lists no context and refuses a call naming one', async () => {
    const { client, server } = await connect();
    const listed = (await client.callTool({ name: 'list_contexts', arguments: {} })) as {
      isError?: boolean;
      structuredContent?: unknown;
    };
    assert.equal(listed.isError, undefined);
    assert.deepEqual(listed.structuredContent, { contexts: [] });
    const answer = (await client.callTool({
      name: 'diagnose_pods',
      arguments: { context: 'prod-eu' },
    })) as { isError?: boolean; content: { text: string }[] };
    assert.equal(answer.isError, true);
    assert.match(answer.content[0]!.text, /reads a snapshot, which has no kubeconfig contexts/);
    await server.close();
  });
});
