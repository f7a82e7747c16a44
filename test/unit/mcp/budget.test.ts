// The context-window budget: a small tool list, and answers bounded whatever the cluster size, that still
// name every failing pod with its reason, say what they left out, and never carry a payload twice.

import assert from 'node:assert/strict';
import { NO_FENCE } from '../../../src/cluster/policy.js';
import { SnapshotCluster } from '../../../src/cluster/snapshot.js';
import type { LoadedSnapshot } from '../../../src/cluster/snapshot-files.js';
import {
  fitStructured,
  fitText,
  STRUCTURED_BUDGET_BYTES,
  TEXT_BUDGET_BYTES,
} from '../../../src/mcp/budget.js';
import { QUERIES } from '../../../src/areas/registry.js';
import { executeQuery } from '../../../src/queries/query.js';
import { connect } from '../support/no-cluster.js';
import { podWorld, world } from '../support/real-shapes.js';

const quietAudit = { record: () => undefined };
const bytes = (value: unknown) =>
  Buffer.byteLength(typeof value === 'string' ? value : JSON.stringify(value));

async function over(snapshot: LoadedSnapshot) {
  const connection = await connect(new SnapshotCluster(snapshot, NO_FENCE, quietAudit) as never);
  await connection.client.listTools();
  return connection;
}

function textOf(result: object): string {
  return ((result as { content: unknown }).content as { type: string; text: string }[])
    .map((c) => c.text)
    .join('\n');
}

describe('MCP answer budget', () => {
  it('keeps tools/list within 25 KB', async () => {
    const { client, server } = await connect();
    const size = bytes(await client.listTools());
    await server.close();
    assert.ok(size <= 25 * 1024, `tools/list is ${size} bytes`);
  });

  it('answers diagnose_pods -A on 2,000 pods (222 failing) within budget, naming every failing pod with its reason', async function () {
    this.timeout(60_000);
    const snapshot = podWorld(2000, 222);
    const { client, server } = await over(snapshot);
    try {
      const result = await client.callTool({ name: 'diagnose_pods', arguments: { allNamespaces: true } });
      assert.notEqual(result.isError, true, textOf(result));
      const text = textOf(result);
      assert.ok(bytes(text) <= TEXT_BUDGET_BYTES, `text is ${bytes(text)} bytes`);
      assert.ok(
        bytes(result.structuredContent) <= STRUCTURED_BUDGET_BYTES,
        `structured is ${bytes(result.structuredContent)} bytes`,
      );
      assert.match(
        text,
        /^2000 pods in all namespaces; 222 with findings .*; 1778 healthy \(counted, not listed\)\./,
      );
      const failing = snapshot.objects.get('pods')!.slice(0, 222);
      const reasonLines = text
        .split('\n')
        .filter((l) => /^\[(critical|warning|info)\] \w+ \(\d+\): /.test(l));
      // "[critical] Reason (n): ns-a: p1, p2; ns-b: p3" — each namespace once, then its pods' names.
      const namedIn = (line: string) =>
        line
          .slice(line.indexOf('): ') + 3)
          .split('; ')
          .flatMap((part) => {
            const [namespace, names] = part.split(': ');
            return names!.split(', ').map((n) => `${namespace}/${n}`);
          });
      const named = new Set(reasonLines.flatMap(namedIn));
      for (const pod of failing) {
        const name = `${pod.metadata!.namespace}/${pod.metadata!.name}`;
        assert.ok(named.has(name), `${name} is named under its reason`);
      }
      assert.equal(named.size, 222, 'no pod is named that has no finding');
      // What a model reads in all (text and structure) stays small: names once, ten rows of evidence.
      const whole = bytes({ content: result.content, structuredContent: result.structuredContent });
      assert.ok(whole <= 16 * 1024, `the whole answer is ${whole} bytes`);
      const structured = result.structuredContent as {
        page: { returned: number; total: number; continue?: string };
        byReason: { count: number; pods?: string[] }[];
        omitted?: string[];
      };
      // The names are sent once: in the text; the structure keeps each reason's count and a page of rows.
      assert.equal(structured.byReason.reduce((n, g) => n + g.count, 0) >= 222, true);
      assert.ok(structured.byReason.every((g) => g.pods === undefined));
      assert.deepEqual(structured.omitted, ['byReason[].pods and .example (named in the text content)']);
      assert.equal(structured.page.total, 222);
      assert.equal(structured.page.returned, 10);
      assert.match(
        text,
        /\[page: pods 1-10 of 222; for the next page call again with the same arguments and continue="/,
      );
    } finally {
      await server.close();
    }
  });

  it("says each failing pod's message, evidence and hint once on 10 pods: in the text; the structure keeps reasons and rows", async () => {
    const snapshot = podWorld(10, 3);
    const { client, server } = await over(snapshot);
    try {
      const result = await client.callTool({ name: 'diagnose_pods', arguments: { allNamespaces: true } });
      assert.notEqual(result.isError, true, textOf(result));
      const structured = result.structuredContent as {
        byReason: { reason: string; pods: string[]; example?: string }[];
        pods: { namespace: string; name: string; findings: Record<string, unknown>[] }[];
        omitted?: string[];
      };
      assert.equal(structured.pods.length, 3);
      for (const row of structured.pods) {
        const [finding] = row.findings;
        // The structure names the pod's reason (and its group); the text says the rest.
        assert.equal(typeof finding?.['reason'], 'string');
        assert.ok(
          structured.byReason.some(
            (g) => g.reason === finding!['reason'] && g.pods.includes(`${row.namespace}/${row.name}`),
          ),
        );
        assert.deepEqual(Object.keys(finding!).sort(), ['id', 'object', 'reason', 'severity']);
        assert.match(textOf(result), new RegExp(`${row.name} .*\\n  \\[\\w+\\] ${finding!['reason']}: `));
      }
      // The findings as the query made them (the CLI's -o json has them whole).
      const query = QUERIES.find((q) => q.name === 'diagnose_pods')!;
      const cluster = new SnapshotCluster(snapshot, NO_FENCE, quietAudit);
      const made = (await executeQuery(query, { allNamespaces: true }, { cluster }, 'test')) as {
        pods: { findings: { message: string; evidence: string[]; hint: string }[] }[];
      };
      const full = made.pods.flatMap((p) => p.findings);
      assert.ok(full.length >= 3);
      // Each in the text (as often as pods share it), none in the structure.
      const inStructure = JSON.stringify(result.structuredContent);
      for (const f of full)
        for (const part of [f.message, f.hint, ...f.evidence]) {
          assert.ok(textOf(result).includes(part), part);
          assert.ok(!inStructure.includes(JSON.stringify(part).slice(1, -1)), part);
        }
      assert.ok(
        structured.byReason.every((g) => g.example === undefined),
        "each example is a row's finding",
      );
      assert.deepEqual(structured.omitted, [
        'byReason[].example (in the pods rows)',
        'pods[].findings[].message, .evidence, .hint (in the text content)',
      ]);
    } finally {
      await server.close();
    }
  });

  it('pages a list through limit/continue: every row exactly once, each page within budget, stable when rows come and go', async function () {
    this.timeout(60_000);
    const snapshot = podWorld(2000, 700);
    const pods = snapshot.objects.get('pods')!;
    const { client, server } = await over(snapshot);
    try {
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const result = await client.callTool({
          name: 'diagnose_pods',
          arguments: { allNamespaces: true, limit: 150, ...(token ? { continue: token } : {}) },
        });
        assert.notEqual(result.isError, true, textOf(result));
        const text = textOf(result);
        assert.ok(bytes(text) <= TEXT_BUDGET_BYTES, `page ${pages}: text is ${bytes(text)} bytes`);
        assert.ok(bytes(result.structuredContent) <= STRUCTURED_BUDGET_BYTES);
        assert.doesNotMatch(text, /\[truncated/, 'a page is never cut');
        const structured = result.structuredContent as {
          pods: { namespace: string; name: string }[];
          page: { returned: number; continue?: string };
          truncated?: unknown;
        };
        assert.equal(structured.truncated, undefined);
        assert.equal(structured.pods.length, structured.page.returned);
        seen.push(...structured.pods.map((p) => `${p.namespace}/${p.name}`));
        token = structured.page.continue;
        // Rows come and go between pages: one already read disappears, and one is added after the cursor
        // (it is on a later page, so it is read); no other row moves.
        if (pages === 0) {
          const gone = pods.findIndex((p) => `${p.metadata!.namespace}/${p.metadata!.name}` === seen[0]);
          pods.splice(gone, 1);
          const late = structuredClone(pods[1]!);
          late.metadata = { ...late.metadata, name: 'zz-late', uid: 'late' };
          pods.push(late);
        }
        pages++;
      } while (token && pages < 50);
      assert.equal(new Set(seen).size, seen.length, 'no row twice');
      assert.equal(seen.length, 701, 'every pod with findings once, the one added too');
      assert.ok(seen.some((k) => k.endsWith('/zz-late')));
      assert.ok(pages >= 5, `${pages} pages`);
    } finally {
      await server.close();
    }
  });

  it('refuses a continue token of another question, a forged one, and a limit out of bounds, as isError', async () => {
    const snapshot = podWorld(100, 60);
    const { client, server } = await over(snapshot);
    try {
      const first = await client.callTool({
        name: 'diagnose_pods',
        arguments: { allNamespaces: true, limit: 10 },
      });
      const token = (first.structuredContent as { page: { continue: string } }).page.continue;
      assert.ok(token);
      const cases: [Record<string, unknown>, RegExp][] = [
        [{ namespace: 'default', continue: token }, /belongs to another question/],
        [{ allNamespaces: true, continue: 'bm90IGEgdG9rZW4' }, /not a continue token/],
        [{ allNamespaces: true, continue: 'x'.repeat(10_000) }, /continue/],
        [{ allNamespaces: true, limit: 0 }, /limit/],
        [{ allNamespaces: true, limit: 501 }, /at most 500 rows a page/],
        [{ allNamespaces: true, limit: 'all' }, /limit/],
      ];
      for (const [args, message] of cases) {
        const result = await client.callTool({ name: 'diagnose_pods', arguments: args });
        assert.equal(result.isError, true, JSON.stringify(args).slice(0, 80));
        assert.match(textOf(result), message);
      }
      const again = await client.callTool({
        name: 'diagnose_pods',
        arguments: { allNamespaces: true, limit: 10, continue: token },
      });
      assert.notEqual(again.isError, true, textOf(again));
    } finally {
      await server.close();
    }
  });

  it('sends a long log once (in the text), keeps its end, and says what was cut', async () => {
    const w = world(5);
    const log = Array.from({ length: 5000 }, (_, i) => `line ${i} ${'x'.repeat(100)}`).join('\n') + '\n';
    w.snapshot.logs = [
      { namespace: w.namespace, pod: w.pods[0]!, container: 'app', previous: false, text: log },
    ];
    const { client, server } = await over(w.snapshot);
    try {
      const result = await client.callTool({
        name: 'get_pod_logs',
        arguments: { namespace: w.namespace, pod: w.pods[0]!, tailLines: 5000 },
      });
      assert.notEqual(result.isError, true, textOf(result));
      const text = textOf(result);
      assert.ok(bytes(text) <= TEXT_BUDGET_BYTES, `text is ${bytes(text)} bytes`);
      assert.match(text, /line 4999 x+\s*$/, 'the end of the log is kept');
      assert.match(text, /\[truncated: \d+ of \d+ lines .* left out from the start\. Narrow the question/);
      const structured = result.structuredContent as Record<string, unknown>;
      assert.equal(structured['text'], undefined, 'the log is not repeated in the structure');
      assert.deepEqual(structured['omitted'], ['text (in the text content)']);
      assert.equal(structured['lines'], 5000);
    } finally {
      await server.close();
    }
  });

  it('cuts text at a line with a marker, and shortens the largest arrays of a structure, saying by how much', () => {
    const text = Array.from({ length: 1000 }, (_, i) => `row ${i}`).join('\n');
    const cut = fitText(text, 2000);
    assert.ok(bytes(cut) <= 2000);
    assert.match(cut, /^row 0\n/);
    assert.match(cut, /\[truncated: \d+ of 1000 lines/);
    const fitted = fitStructured(
      { items: Array.from({ length: 1000 }, (_, i) => ({ i })), total: 1000 },
      2000,
    );
    assert.ok(bytes(fitted) <= 2000);
    assert.equal((fitted['truncated'] as Record<string, { total: number }>)['items']!.total, 1000);
    assert.match(String(fitted['narrow']), /namespace/);
  });
});
