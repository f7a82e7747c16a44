import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog, defaultAuditPath, withCaller } from '../../src/cluster/audit.js';
import { ConfigError, WriteModeRefused } from '../../src/cluster/errors.js';
import { assertReadOnly, resolveFence } from '../../src/cluster/session.js';

describe('start-up settings', () => {
  it('runs with READ_ONLY unset or true and refuses anything else', () => {
    assert.doesNotThrow(() => assertReadOnly({}));
    assert.doesNotThrow(() => assertReadOnly({ READ_ONLY: 'true' }));
    assert.doesNotThrow(() => assertReadOnly({ READ_ONLY: 'TRUE' }));
    for (const value of ['false', '0', 'no', 'off', 'yes']) {
      assert.throws(
        () => assertReadOnly({ READ_ONLY: value }),
        (e: unknown) => e instanceof WriteModeRefused && /no write mode/.test(e.message),
      );
    }
  });

  it('reads the namespace fence from ALLOWED_NAMESPACES or the flag', () => {
    assert.equal(resolveFence(undefined, {}).namespaces, null);
    assert.deepEqual(
      [...resolveFence(undefined, { ALLOWED_NAMESPACES: 'shop, payments' }).namespaces!],
      ['shop', 'payments'],
    );
    assert.deepEqual([...resolveFence('shop', {}).namespaces!], ['shop']);
  });

  it('never lets the flag widen the environment fence', () => {
    assert.deepEqual(
      [...resolveFence('shop,kube-system', { ALLOWED_NAMESPACES: 'shop,payments' }).namespaces!],
      ['shop'],
    );
    assert.throws(() => resolveFence('kube-system', { ALLOWED_NAMESPACES: 'shop' }), ConfigError);
  });

  it('refuses a malformed fence instead of running unfenced', () => {
    assert.throws(() => resolveFence('../kube-system', {}), /not namespaces: "..\/kube-system"/);
    assert.throws(() => resolveFence(' , ', {}), /names no namespace/);
    assert.throws(() => resolveFence(undefined, { ALLOWED_NAMESPACES: 'Shop' }), ConfigError);
  });
});

describe('audit log', () => {
  const dir = mkdtempSync(join(tmpdir(), 'audit-test-'));

  it('defaults under XDG_STATE_HOME', () => {
    assert.equal(defaultAuditPath({ XDG_STATE_HOME: '/var/state' }), '/var/state/kubectl-diag/audit.jsonl');
    assert.match(defaultAuditPath({}), /\.local\/state\/kubectl-diag\/audit\.jsonl$/);
  });

  it('writes one JSON line per request, owner-only, with the caller and its arguments', async () => {
    const path = join(dir, 'nested', 'audit.jsonl');
    const log = AuditLog.open(path);
    await withCaller({ name: 'pods', args: { namespace: 'shop' } }, async () => {
      log.record({
        source: 'live',
        method: 'GET',
        path: '/api/v1/namespaces/shop/pods',
        decision: 'allowed',
        status: 200,
        durationMs: 3,
        bytes: 120,
      });
    });
    log.record({
      source: 'live',
      method: 'DELETE',
      path: '/api/v1/namespaces/shop/pods/x',
      decision: 'denied',
      reason: 'DELETE is a write',
    });
    log.close();
    assert.equal(statSync(path).mode & 0o777, 0o600);
    const lines = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines.length, 2);
    assert.deepEqual(lines[0]!.caller, { name: 'pods', args: { namespace: 'shop' } });
    assert.equal(lines[0]!.status, 200);
    assert.equal(lines[1]!.decision, 'denied');
    assert.equal(lines[1]!.caller, null);
    assert.ok(!Number.isNaN(Date.parse(String(lines[0]!.time))));
  });

  it('tightens an existing log to owner-only', () => {
    const path = join(dir, 'loose.jsonl');
    writeFileSync(path, '');
    chmodSync(path, 0o644);
    AuditLog.open(path).close();
    assert.equal(statSync(path).mode & 0o777, 0o600);
  });

  it('refuses to run without a writable audit log', () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    assert.throws(() => AuditLog.open(join(file, 'audit.jsonl')), /cannot write the audit log/);
  });
});
