import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryAudit } from '../support/memory-audit.js';
import { LogUnavailable, PolicyDenied, SnapshotError } from '../../../src/cluster/errors.js';
import { fenceOf, NO_FENCE } from '../../../src/cluster/policy.js';
import { matchesFieldSelector, SnapshotCluster } from '../../../src/cluster/snapshot.js';
import { loadSnapshotPath, parseDumpLogs } from '../../../src/cluster/snapshot-files.js';
import { sourceLine } from '../../../src/render/findings-text.js';

const pod = (ns: string, name: string, labels: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: ns, labels, creationTimestamp: '2026-11-20T10:00:00Z' },
  spec: { nodeName: 'node-1', containers: [{ name: 'app' }] },
  status: {
    phase: 'Running',
    conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-11-20T10:05:00Z' }],
  },
});

describe('snapshots on disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'snapshot-test-'));
  const write = (path: string, text: string) => {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
    return path;
  };

  it('reads kubectl get -o yaml output: multi-document YAML and Lists', () => {
    const file = write(
      join(dir, 'get', 'pods.yaml'),
      `apiVersion: v1\nkind: List\nitems:\n- ${JSON.stringify(pod('shop', 'a'))}\n---\n${JSON.stringify(pod('shop', 'b'))}\n`,
    );
    const loaded = loadSnapshotPath(file);
    assert.equal(loaded.format, 'kubectl get output');
    assert.deepEqual(
      loaded.objects.get('pods')?.map((p) => p.metadata?.name),
      ['a', 'b'],
    );
    assert.equal(loaded.takenAt, '2026-11-20T10:05:00.000Z', 'taken at the newest timestamp it holds');
  });

  it('skips Secrets, alone or in Lists, without turning them into objects', () => {
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db', namespace: 'shop' },
      data: { password: 'aHVudGVyMg==' },
    };
    const file = write(
      join(dir, 'mixed.json'),
      JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [secret, pod('shop', 'a')] }),
    );
    const other = write(join(dir, 'secret.yaml'), JSON.stringify(secret));
    const loaded = loadSnapshotPath(file);
    assert.equal(loaded.skippedSecrets, 1);
    assert.ok(!JSON.stringify([...loaded.objects.values()]).includes('aHVudGVyMg=='));
    assert.throws(() => loadSnapshotPath(other), /holds no Kubernetes objects kubectl-diag reads/);
  });

  it('names the file and line of a truncated YAML file', () => {
    const file = write(
      join(dir, 'bad', 'truncated.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: "web\n',
    );
    // The file ends inside the quoted name: the parser notices at the end of the file.
    assert.throws(
      () => loadSnapshotPath(join(dir, 'bad')),
      (e: unknown) =>
        e instanceof SnapshotError && e.message === 'truncated.yaml:5:1: Missing closing "quote',
    );
    assert.throws(() => loadSnapshotPath(file), /truncated\.yaml:5:1: Missing closing "quote/);
  });

  it('refuses a JSON file that is not a Kubernetes object, naming it', () => {
    const file = write(join(dir, 'notk8s', 'config.json'), JSON.stringify({ name: 'my-app', version: 3 }));
    assert.throws(
      () => loadSnapshotPath(file),
      /config\.json is not a Kubernetes object: it has no apiVersion and kind/,
    );
  });

  it('refuses an empty folder and a path that does not exist', () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    assert.throws(() => loadSnapshotPath(empty), /no Kubernetes objects found in the folder .*empty/);
    assert.throws(
      () => loadSnapshotPath(join(dir, 'missing.json')),
      /snapshot .*missing\.json does not exist/,
    );
  });

  it('parses the per-pod logs.txt of kubectl cluster-info dump', () => {
    const logs = parseDumpLogs(
      [
        '==== START logs for container app of pod shop/api ====',
        'starting',
        'panic: boom',
        '==== END logs for container app of pod shop/api ====',
        '==== START logs for container side of pod shop/api ====',
        'Request log error: container "side" is waiting to start',
        '==== END logs for container side of pod shop/api ====',
      ].join('\n'),
    );
    assert.deepEqual(logs, [
      { namespace: 'shop', pod: 'api', container: 'app', previous: false, text: 'starting\npanic: boom\n' },
      {
        namespace: 'shop',
        pod: 'api',
        container: 'side',
        previous: false,
        error: 'Request log error: container "side" is waiting to start',
      },
    ]);
  });

  it('evaluates field selectors the way the apiserver does', () => {
    const p = pod('shop', 'a');
    assert.equal(matchesFieldSelector(p, 'spec.nodeName=node-1,metadata.namespace=shop'), true);
    assert.equal(matchesFieldSelector(p, 'status.phase!=Running'), false);
    assert.equal(matchesFieldSelector({ involvedObject: { kind: 'Pod' } }, 'involvedObject.kind==Pod'), true);
  });

  describe('as a read interface', () => {
    const file = write(
      join(dir, 'own.json'),
      JSON.stringify({
        apiVersion: 'kubectl-diag/v1',
        kind: 'Snapshot',
        takenAt: '2026-11-25T08:00:00.000Z',
        source: { context: 'prod' },
        scope: { allNamespaces: true },
        resources: {
          pods: [pod('shop', 'a', { app: 'web' }), pod('shop', 'b'), pod('kube-system', 'dns')],
          namespaces: [],
        },
        notCaptured: { nodemetrics: 'metrics.k8s.io not served' },
        logs: [
          {
            namespace: 'shop',
            pod: 'a',
            container: 'app',
            previous: false,
            text: '2026-11-25T07:58:00Z old\n2026-11-25T07:59:30Z new\n',
          },
        ],
      }),
    );

    it('answers lists with label selectors, judged at the time the snapshot was taken', async () => {
      const audit = new MemoryAudit();
      const cluster = new SnapshotCluster(loadSnapshotPath(file), NO_FENCE, audit);
      assert.deepEqual(
        (await cluster.list('pods', { namespace: 'shop', labelSelector: 'app=web' })).map(
          (p) => p.metadata?.name,
        ),
        ['a'],
      );
      assert.equal(cluster.now().toISOString(), '2026-11-25T08:00:00.000Z');
      assert.deepEqual(
        audit.records.map((r) => [r.source, r.decision, r.path]),
        [['snapshot', 'allowed', '/api/v1/namespaces/shop/pods?labelSelector=app%3Dweb']],
      );
    });

    it('holds the namespace fence exactly as live', async () => {
      const audit = new MemoryAudit();
      const cluster = new SnapshotCluster(loadSnapshotPath(file), fenceOf(['shop']), audit);
      assert.deepEqual(
        (await cluster.list('pods')).map((p) => p.metadata?.namespace),
        ['shop', 'shop'],
      );
      await assert.rejects(cluster.get('pods', 'dns', 'kube-system'), PolicyDenied);
      assert.equal(audit.records.at(-1)?.decision, 'denied');
    });

    it('applies tail and since to captured logs, and says when a log was not captured', async () => {
      const cluster = new SnapshotCluster(loadSnapshotPath(file), NO_FENCE, new MemoryAudit());
      assert.equal((await cluster.podLog('shop', 'a', { container: 'app', sinceSeconds: 60 })).text, 'new\n');
      assert.equal(
        (await cluster.podLog('shop', 'a', { container: 'app', tailLines: 2 })).text,
        'old\nnew\n',
      );
      await assert.rejects(cluster.podLog('shop', 'a', { container: 'app', previous: true }), LogUnavailable);
    });

    it('reports what a query needed that the snapshot does not hold', async () => {
      const cluster = new SnapshotCluster(loadSnapshotPath(file), NO_FENCE, new MemoryAudit());
      assert.deepEqual(await cluster.list('services', { namespace: 'shop' }), []);
      await assert.rejects(cluster.list('nodemetrics'), /metrics\.k8s\.io not served/);
      assert.deepEqual(cluster.notCaptured(), [
        'services',
        'nodes.metrics.k8s.io (metrics.k8s.io not served)',
      ]);
      // Said once: "not in the snapshot: services; …", not "…: services: not in the snapshot".
      const line = sourceLine({ kind: 'snapshot', description: file, notCaptured: cluster.notCaptured() });
      assert.equal(line.match(/not in the snapshot/g)?.length, 1, line);
    });
  });
});
