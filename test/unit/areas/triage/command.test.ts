// `kubectl diag triage` on the built-in demo (no cluster): root causes first with their symptoms folded under
// them, every list read once (the audit log is the witness), the envelope, --exit-code and the namespace fence.
// The demo's data may change (ages, IPs); the assertions are on structure and causes.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCommand } from '@oclif/test';
import { ENVELOPES } from '../../../../src/cli/envelopes/all.js';
import { EXIT_CRITICAL } from '../../../../src/cli/base.js';

const ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'triage-test-'));
let runs = 0;

async function triage(args: string[]) {
  const audit = join(dir, `audit-${++runs}.jsonl`);
  const result = await runCommand(['triage', ...args, '--demo', '--audit-log', audit], { root: ROOT });
  const records = existsSync(audit)
    ? readFileSync(audit, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { method: string; path: string })
    : [];
  return { ...result, records };
}

interface Chain {
  kind: string;
  root: { id: string; severity: string; reason: string; object: { kind: string; namespace?: string } };
  objects: string[];
  symptoms: { id: string; object: { kind: string; namespace?: string } }[];
  line: string;
}

describe('kubectl diag triage on the demo', function () {
  // The first command loads oclif and the demo snapshot: seconds on a loaded machine.
  this.timeout(30_000);
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the summary line on top, then root causes first, critical before warning, symptoms folded under them', async () => {
    const { stdout, error } = await triage(['-A']);
    assert.equal(error, undefined, error?.message);
    const lines = stdout.split('\n');
    assert.match(lines[0]!, /^source: snapshot /);
    const summary = lines.find((l) => /root causes? in all namespaces/.test(l));
    assert.match(
      summary ?? '',
      /^\d+ root causes in all namespaces \(\d+ critical, \d+ warning\) explain \d+ findings; \d+ objects read/,
    );
    const roots = lines.filter((l) => /^\d+\. (CRITICAL|WARNING|INFO) /.test(l));
    assert.ok(roots.length >= 5, stdout);
    const firstWarning = roots.findIndex((l) => / WARNING /.test(l));
    assert.ok(
      roots.slice(firstWarning).every((l) => !/ CRITICAL /.test(l)),
      'critical roots come first',
    );
    // The crash-looping api pod is the root; the Service with no ready endpoint is folded under it.
    const api = stdout.slice(stdout.indexOf('CrashLoopBackOff  Pod shop/api-'));
    assert.match(
      api.split(/\n\n/)[0]!,
      /^ {3}chain: Service shop\/api NoReadyEndpoints ← Pod shop\/api-\S+ CrashLoopBackOff ← /m,
    );
    assert.match(api.split(/\n\n/)[0]!, /^ {3}← NoReadyEndpoints Service shop\/api: /m);
    assert.ok(!roots.some((l) => /NoReadyEndpoints/.test(l)), 'a symptom is not listed as a root');
  });

  it('reads every list once: no request is made twice', async () => {
    const { records, error } = await triage(['-A']);
    assert.equal(error, undefined, error?.message);
    // The path carries the query (field and label selectors): the same list asked twice would repeat it.
    const requests = records.map((r) => `${r.method} ${r.path}`);
    assert.deepEqual(requests, [...new Set(requests)]);
    // The demo snapshot was captured per namespace, so a namespaced list reads as one request per namespace.
    const read = (group: string, resource: string) =>
      new RegExp(`^GET ${group}(/namespaces/[a-z0-9-]+)?/${resource}(\\?|$)`);
    for (const [group, resource] of [
      ['/api/v1', 'pods'],
      ['/api/v1', 'nodes'],
      ['/api/v1', 'services'],
      ['/apis/apps/v1', 'deployments'],
    ] as const)
      assert.ok(
        requests.some((r) => read(group, resource).test(r)),
        `${group}/${resource} read: ${requests.join(', ')}`,
      );
  });

  it('answers -o json in the documented TriageReport envelope, roots counted by severity', async () => {
    const { stdout, error } = await triage(['-A', '-o', 'json']);
    assert.equal(error, undefined, error?.message);
    const envelope = JSON.parse(stdout) as {
      kind: string;
      summary: { items: number; findings: { critical: number }; symptoms: number };
      items: Chain[];
    };
    ENVELOPES.TriageReport.parse(envelope);
    assert.equal(envelope.kind, 'TriageReport');
    assert.equal(envelope.summary.items, envelope.items.length);
    assert.equal(
      envelope.summary.findings.critical,
      envelope.items.filter((c) => c.root.severity === 'critical').length,
    );
    const symptomIds = new Set(envelope.items.flatMap((c) => c.symptoms.map((s) => s.id)));
    assert.ok(
      envelope.items.every((c) => !symptomIds.has(c.root.id)),
      'no root is another chain’s symptom',
    );
    assert.ok(envelope.summary.symptoms > 0);
  });

  it('exits 7 with --exit-code when a critical root cause exists, and 0 without the flag', async () => {
    const flagged = await triage(['-n', 'shop', '--exit-code']);
    assert.equal(flagged.error?.oclif?.exit, EXIT_CRITICAL);
    const plain = await triage(['-n', 'shop']);
    assert.equal(plain.error, undefined);
  });

  it('under -n shows the namespace’s chains, and cluster-scoped objects only where they cause its findings', async () => {
    const { stdout, error } = await triage(['-n', 'payments', '-o', 'json']);
    assert.equal(error, undefined, error?.message);
    const items = (JSON.parse(stdout) as { items: Chain[] }).items;
    assert.ok(items.length > 0);
    for (const chain of items) {
      const namespaces = [chain.root, ...chain.symptoms].map((f) => f.object.namespace);
      assert.ok(namespaces.includes('payments'), chain.line);
      assert.ok(!namespaces.some((n) => n !== undefined && n !== 'payments'), chain.line);
    }
  });

  it('under a namespace fence shows nothing of another namespace, even with -A', async () => {
    const { stdout, error } = await triage(['-A', '--allowed-namespaces', 'payments', '-o', 'json']);
    assert.equal(error, undefined, error?.message);
    assert.doesNotMatch(stdout, /shop\//);
    assert.match(stdout, /payments\//);
  });

  it('refuses -l: triage reads whole namespaces', async () => {
    const { error } = await triage(['-n', 'shop', '-l', 'app=api']);
    assert.match(error?.message ?? '', /-l\/--selector does not apply/);
  });
});
