// The -o json|yaml contract: one envelope for every command, exactly the checked-in JSON Schema, and an
// apiVersion that names one shape only (a changed shape without a new apiVersion fails here).

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCommand } from '@oclif/test';
import { parse as parseYaml } from 'yaml';
import { API_VERSION, type EnvelopeKind } from '../../../src/cli/envelope.js';
import { ENVELOPES } from '../../../src/cli/envelopes/all.js';
import { fingerprint, LEDGER_FILE, schemaFileName, schemaText } from '../../../src/cli/schema.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const audit = join(mkdtempSync(join(tmpdir(), 'envelope-test-')), 'audit.jsonl');

async function cli(args: string[]) {
  const result = await runCommand([...args, '--demo', '--audit-log', audit], { root: ROOT });
  return { ...result, exit: (result.error as { oclif?: { exit?: number } } | undefined)?.oclif?.exit };
}

const COMMANDS: Array<[string[], EnvelopeKind]> = [
  [['pods', '-A'], 'PodList'],
  [['pods', 'api-5f6b8-m9d2c', '-n', 'shop'], 'Pod'],
  [['endpoints', '-A'], 'ServiceList'],
  [['endpoints', 'frontend', '-n', 'shop'], 'Service'],
  [['nodes'], 'NodeList'],
  [['nodes', 'node-3'], 'Node'],
  [['storage', '-A'], 'StorageReport'],
  [['storage', 'data', '-n', 'shop'], 'PersistentVolumeClaim'],
  [['workloads', '-A'], 'WorkloadList'],
];

describe('the -o json|yaml envelope', () => {
  it(`the checked-in schemas/${schemaFileName()} is the one generated from the zod schemas`, () => {
    const checkedIn = readFileSync(join(ROOT, 'schemas', schemaFileName()), 'utf8');
    assert.ok(
      checkedIn === schemaText(),
      'schemas/ is stale: run `npm run schemas` (it refuses when the shape of an existing apiVersion changed)',
    );
  });

  it(`${API_VERSION} names exactly one shape: a changed shape needs a new apiVersion`, () => {
    const ledger = JSON.parse(readFileSync(join(ROOT, 'schemas', LEDGER_FILE), 'utf8')) as Record<
      string,
      string
    >;
    assert.equal(
      ledger[API_VERSION],
      fingerprint(schemaText()),
      `the -o json shape changed but apiVersion is still ${API_VERSION}: bump API_VERSION in src/cli/envelope.ts, then npm run schemas`,
    );
  });

  for (const [args, kind] of COMMANDS) {
    it(`kubectl diag ${args.join(' ')} -o json is a ${kind} with the common layout, and -o yaml says the same`, async () => {
      const { stdout, error } = await cli([...args, '-o', 'json']);
      assert.equal(error, undefined, error?.message);
      const data = JSON.parse(stdout) as Record<string, unknown>;
      assert.deepEqual(Object.keys(data), ['apiVersion', 'kind', 'source', 'scope', 'summary', 'items']);
      assert.equal(data['apiVersion'], API_VERSION);
      assert.equal(data['kind'], kind);
      // Parsing drops keys the schema does not know; equal after parsing means nothing undocumented.
      const parsed = ENVELOPES[kind].safeParse(data);
      assert.ok(parsed.success, parsed.error?.message);
      assert.deepEqual(parsed.data, data);
      const yaml = await cli([...args, '-o', 'yaml']);
      assert.deepEqual(parseYaml(yaml.stdout), data);
    });
  }

  it('counts the same findings in summary as the items carry', async () => {
    const data = JSON.parse((await cli(['pods', '-A', '-o', 'json'])).stdout) as {
      summary: { items: number; itemsWithFindings: number; findings: Record<string, number> };
      items: Array<{ findings: Array<{ severity: string }> }>;
    };
    const all = data.items.flatMap((i) => i.findings);
    assert.equal(data.summary.items, data.items.length);
    assert.equal(data.summary.itemsWithFindings, data.items.filter((i) => i.findings.length > 0).length);
    assert.equal(data.summary.findings['critical'], all.filter((f) => f.severity === 'critical').length);
  });

  it('-o name prints kind/name like kubectl, one per line', async () => {
    const { stdout } = await cli(['pods', '-n', 'shop', '-o', 'name']);
    const lines = stdout.trim().split('\n');
    assert.ok(lines.includes('pod/api-5f6b8-m9d2c'), stdout);
    assert.ok(
      lines.every((l) => /^pod\/[a-z0-9-]+$/.test(l)),
      stdout,
    );
    assert.equal((await cli(['nodes', 'node-3', '-o', 'name'])).stdout, 'node/node-3\n');
  });

  it('--exit-code exits 7 when a critical finding exists, after printing, and 0 when none does', async () => {
    const critical = await cli(['pods', '-n', 'shop', '--exit-code']);
    assert.equal(critical.exit, 7);
    assert.match(critical.stdout, /CrashLoopBackOff/);
    const healthy = await cli(['pods', '-n', 'shop', '-l', 'app=web', '--exit-code']);
    assert.equal(healthy.error, undefined, healthy.error?.message);
  });
});
