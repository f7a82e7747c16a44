// Lists other than pods name every object with a finding in their first answer too: one line per reason
// beyond the page's rows, healthy objects counted.

import assert from 'node:assert/strict';
import type { KubeObject } from '../../../src/kube/types.js';
import type { ResourceKey } from '../../../src/cluster/resources.js';
import { NO_FENCE } from '../../../src/cluster/policy.js';
import { SnapshotCluster } from '../../../src/cluster/snapshot.js';
import type { LoadedSnapshot } from '../../../src/cluster/snapshot-files.js';
import { groupLines, findingGroups } from '../../../src/mcp/groups.js';
import { makeNode } from '../builders/nodes.js';
import { connect } from '../support/no-cluster.js';

function nodeWorld(): LoadedSnapshot {
  const nodes = Array.from({ length: 200 }, (_, i) =>
    i < 30
      ? makeNode(`node-${String(i).padStart(3, '0')}`, {
          ready: 'Unknown',
          since: 30,
          readyReason: 'NodeStatusUnknown',
        })
      : i < 40
        ? makeNode(`node-${String(i).padStart(3, '0')}`, { unschedulable: true })
        : makeNode(`node-${String(i).padStart(3, '0')}`),
  );
  return {
    path: 'generated nodes',
    format: 'kubectl-diag snapshot',
    takenAt: new Date().toISOString(),
    takenAtFrom: 'recorded',
    source: {},
    objects: new Map<ResourceKey, KubeObject[]>([
      ['nodes', nodes as KubeObject[]],
      ['pods', []],
      ['events', []],
    ]),
    captured: new Set<ResourceKey>(['nodes', 'pods', 'events']),
    notCaptured: new Map(),
    logs: [],
    skippedSecrets: 0,
  };
}

describe('MCP grouped text beyond the page', () => {
  it('names all 40 troubled nodes of 200 by reason in the first diagnose_nodes answer, with 10 rows of evidence', async () => {
    const { client, server } = await connect(
      new SnapshotCluster(nodeWorld(), NO_FENCE, { record: () => undefined }) as never,
    );
    try {
      const result = await client.callTool({ name: 'diagnose_nodes', arguments: {} });
      assert.notEqual(result.isError, true);
      const text = (result.content as { text: string }[])[0]!.text;
      const structured = result.structuredContent as { nodes: unknown[]; page: { total: number } };
      assert.equal(structured.nodes.length, 10);
      assert.equal(structured.page.total, 40);
      const named = new Set(
        text
          .split('\n')
          .filter((l) => /^\[(critical|warning|info)\] \w+ \(\d+\): /.test(l))
          .flatMap((l) => l.slice(l.indexOf('): ') + 3).split(', ')),
      );
      for (let i = 0; i < 40; i++) assert.ok(named.has(`node-${String(i).padStart(3, '0')}`), `node-${i}`);
      assert.ok(!named.has('node-040'), 'a healthy node is not named');
      assert.match(text, /^every object with a finding \(40\), by reason:$/m);
    } finally {
      await server.close();
    }
  });

  it('bounds a reason line and says how many more there are', () => {
    const objects = Array.from({ length: 2000 }, (_, i) => ({
      name: `n-${i}`,
      findings: [
        {
          id: `X@Node/n-${i}`,
          severity: 'warning',
          reason: 'X',
          object: { kind: 'Node', name: `n-${i}` },
          message: 'm',
          evidence: [],
        },
      ],
    }));
    const [line] = groupLines(findingGroups({ nodes: objects }));
    assert.ok(Buffer.byteLength(line!) < 3_200, `${Buffer.byteLength(line!)} bytes`);
    assert.match(
      line!,
      /^\[warning\] X \(2000\): n-0, n-1, .* … and \d+ more \(page through them with limit\/continue\)$/,
    );
  });
});
