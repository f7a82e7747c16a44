import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { connect } from '../support/no-cluster.js';

const SNAPSHOT = new URL('../../../../test/mcp-tools.snapshot.json', import.meta.url);

describe('MCP tool list', () => {
  it('matches the checked-in snapshot of names, annotations and schemas', async () => {
    const { client, server } = await connect();
    const { tools } = await client.listTools();
    await server.close();
    const current = tools.map(({ name, title, annotations, inputSchema, outputSchema }) => ({
      name,
      title,
      annotations,
      inputSchema,
      outputSchema,
    }));
    const text = `${JSON.stringify(current, null, 2)}\n`;
    if (process.env.UPDATE_SNAPSHOT === '1') writeFileSync(SNAPSHOT, text);
    const expected = readFileSync(SNAPSHOT, 'utf8');
    assert.equal(
      text,
      expected,
      'the MCP tool list changed: review it, then run `UPDATE_SNAPSHOT=1 npm run test:unit` to accept',
    );
  });

  it('marks every tool read-only and non-destructive, with an output schema', async () => {
    const { client, server } = await connect();
    const { tools } = await client.listTools();
    await server.close();
    assert.ok(tools.length >= 6);
    for (const tool of tools) {
      assert.equal(tool.annotations?.readOnlyHint, true, tool.name);
      assert.equal(tool.annotations?.destructiveHint, false, tool.name);
      assert.equal(tool.outputSchema?.type, 'object', tool.name);
    }
  });

  it('has self-contained, compact schemas: no $ref/$defs (Gemini and Copilot clients refuse them), no prose or required list in output schemas', async () => {
    const { client, server } = await connect();
    const { tools } = await client.listTools();
    await server.close();
    const keys = (value: unknown): string[] =>
      value !== null && typeof value === 'object'
        ? Object.entries(value).flatMap(([k, v]) => [k, ...keys(v)])
        : [];
    for (const tool of tools) {
      const all = keys({ input: tool.inputSchema, output: tool.outputSchema });
      assert.ok(!all.includes('$ref') && !all.includes('$defs'), tool.name);
      assert.equal(tool.outputSchema?.required, undefined, tool.name);
      assert.ok(!keys(tool.outputSchema).includes('description'), tool.name);
      assert.deepEqual(Object.keys(tool.annotations ?? {}).sort(), ['destructiveHint', 'readOnlyHint']);
      assert.ok(tool.description && tool.description.length <= 240, `${tool.name}: a short description`);
    }
  });

  it('names each kind of row once in the whole list, in the list tool that pages it', async () => {
    const { client, server } = await connect();
    const { tools } = await client.listTools();
    await server.close();
    const namedBy = new Map<string, string[]>();
    for (const tool of tools)
      for (const [field, schema] of Object.entries(tool.outputSchema?.properties ?? {})) {
        const rows = (schema as { items?: { properties?: object } }).items?.properties;
        if (!rows) continue;
        const key = Object.keys(rows).join(',');
        namedBy.set(key, [...(namedBy.get(key) ?? []), `${tool.name}.${field}`]);
      }
    for (const [key, where] of namedBy)
      assert.equal(where.length, 1, `rows ${key} named by ${where.join(' and ')}`);
    const where = [...namedBy.values()].flat();
    // The pods of diagnose_pods and list_pods_by_selector are one kind of row: the first list tool names it.
    assert.ok(where.includes('diagnose_pods.pods') && !where.includes('list_pods_by_selector.pods'));
    assert.ok(
      where.includes('get_volume_attachments.attachments') && !where.includes('diagnose_storage.attachments'),
    );
    const byName = new Map(tools.map((t) => [t.name, t]));
    assert.deepEqual(byName.get('describe_node')?.outputSchema?.properties?.pods, { type: 'array' });
  });

  it('has the reference guide names for the pod tools', async () => {
    const { client, server } = await connect();
    const names = (await client.listTools()).tools.map((t) => t.name);
    await server.close();
    for (const name of [
      'get_pod_status',
      'get_pod_events',
      'get_pod_logs',
      'describe_pod',
      'list_pods_by_selector',
      'diagnose_pods',
    ]) {
      assert.ok(names.includes(name), name);
    }
  });
});

describe('MCP input validation', () => {
  const bad: [string, Record<string, unknown>, RegExp][] = [
    [
      'get_pod_logs',
      { namespace: 'shop', pod: 'web-1', tailLines: 1_000_000 },
      /tailLines: at most 5000 lines can be read at once/,
    ],
    ['get_pod_status', { namespace: '../kube-system', pod: 'web-1' }, /namespace/],
    ['get_pod_status', { namespace: 'shop', pod: 'web/../../secrets' }, /pod name/],
    ['list_pods_by_selector', { namespace: 'shop', selector: 'app in (web' }, /invalid label selector/],
    ['describe_pod', { namespace: 'shop' }, /pod/],
    ['get_pod_logs', { namespace: 'shop', pod: 'web-1', sinceSeconds: -5 }, /sinceSeconds/],
  ];
  for (const [tool, args, message] of bad) {
    it(`answers ${tool} ${JSON.stringify(args)} with an isError result and touches no cluster`, async () => {
      const { client, server, cluster } = await connect();
      const result = await client.callTool({ name: tool, arguments: args });
      assert.equal(result.isError, true);
      const text = (result.content as { type: string; text: string }[])[0]!.text;
      assert.match(text, message);
      assert.equal(cluster.calls, 0);
      // The server stays up: the next call is answered.
      assert.ok((await client.listTools()).tools.length > 0);
      await server.close();
    });
  }

  it('refuses an argument the tool does not know instead of ignoring it', async () => {
    const { client, server, cluster } = await connect();
    const result = await client.callTool({
      name: 'get_pod_status',
      arguments: { namespace: 'shop', pod: 'web-1', force: true },
    });
    assert.equal(result.isError, true);
    assert.match((result.content as { text: string }[])[0]!.text, /force/);
    assert.equal(cluster.calls, 0);
    await server.close();
  });

  it('answers an unknown tool with an isError result', async () => {
    const { client, server } = await connect();
    const result = await client.callTool({ name: 'delete_pod', arguments: { namespace: 'shop', pod: 'x' } });
    assert.equal(result.isError, true);
    await server.close();
  });
});
