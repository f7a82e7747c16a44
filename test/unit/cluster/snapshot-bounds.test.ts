// Offline input bounds (issue 11): a decompression bomb, too many bytes, deep nesting — each a clean
// SnapshotError (exit 2), never an out-of-memory or a stack trace.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { SnapshotError } from '../../../src/cluster/errors.js';
import { loadSnapshotPath, MAX_DEPTH, MAX_FILE_BYTES } from '../../../src/cluster/snapshot-files.js';

describe('offline input bounds', function () {
  this.timeout(60_000);
  const dir = mkdtempSync(join(tmpdir(), 'snapshot-bounds-'));

  it('stops decompressing a .json.gz that expands beyond the per-file bound', () => {
    const file = join(dir, 'bomb.json.gz');
    writeFileSync(file, gzipSync(Buffer.alloc(MAX_FILE_BYTES + 1024 * 1024, 0x20), { level: 9 }));
    const started = process.memoryUsage().rss;
    assert.throws(
      () => loadSnapshotPath(file),
      (e: unknown) =>
        e instanceof SnapshotError && e.exitCode === 2 && /expands to more than 256 MiB/.test(e.message),
    );
    assert.ok(process.memoryUsage().rss - started < 600 * 1024 * 1024);
  });

  it('refuses deep nesting with a clean error, in JSON and in YAML', () => {
    const deep = (n: number) =>
      `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":${'['.repeat(n)}${']'.repeat(n)}}`;
    const json = join(dir, 'deep.json');
    writeFileSync(json, deep(MAX_DEPTH * 10));
    assert.throws(
      () => loadSnapshotPath(json),
      (e: unknown) => e instanceof SnapshotError && /nested/.test(e.message),
    );
    const yaml = join(dir, 'deep.yaml');
    writeFileSync(yaml, deep(100_000));
    assert.throws(
      () => loadSnapshotPath(yaml),
      (e: unknown) => e instanceof SnapshotError && e.exitCode === 2,
    );
    const ok = join(dir, 'ok.json');
    writeFileSync(ok, deep(20));
    assert.equal(loadSnapshotPath(ok).objects.get('pods')?.length, 1);
  });

  it('reads kubectl get -o json Lists with JSON.parse and still drops Secrets', () => {
    const file = join(dir, 'list.json');
    writeFileSync(
      file,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        items: [
          { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', namespace: 'x' } },
          {
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: { name: 's', namespace: 'x' },
            data: { k: 'aHVudGVyMg==' },
          },
        ],
      }),
    );
    const loaded = loadSnapshotPath(file);
    assert.equal(loaded.objects.get('pods')?.length, 1);
    assert.equal(loaded.skippedSecrets, 1);
    assert.equal(JSON.stringify([...loaded.objects.values()]).includes('aHVudGVyMg'), false);
  });
});
