import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog, currentCaller, defaultAuditPath, withCaller } from '../../../src/cluster/audit.js';
import { AuditUnavailable, ConfigError, WriteModeRefused } from '../../../src/cluster/errors.js';
import { assertReadOnly, resolveFence } from '../../../src/cluster/session.js';

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
        id: 'r1',
        caller: currentCaller(),
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
      id: 'r2',
      caller: currentCaller(),
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
    assert.equal(lines[0]!.id, 'r1');
    assert.ok(!Number.isNaN(Date.parse(String(lines[0]!.time))));
  });

  it('refuses an existing log others can read, and leaves its mode alone', () => {
    const path = join(dir, 'loose.jsonl');
    writeFileSync(path, '');
    chmodSync(path, 0o644);
    assert.throws(
      () => AuditLog.open(path),
      /refusing the audit log .*others can read or write it \(mode 0644\)/,
    );
    assert.equal(statSync(path).mode & 0o777, 0o644, 'an existing file is never chmod-ed');
    chmodSync(path, 0o600);
    AuditLog.open(path).close();
  });

  it('does not follow a symlink at the audit log path', () => {
    const target = join(dir, 'target.jsonl');
    writeFileSync(target, '', { mode: 0o600 });
    const link = join(dir, 'link.jsonl');
    symlinkSync(target, link);
    assert.throws(() => AuditLog.open(link), /cannot write the audit log/);
  });

  it('throws AuditUnavailable when a record cannot be written (a full disk), instead of losing it', () => {
    const log = AuditLog.open(join(dir, 'closed.jsonl'));
    log.close();
    assert.throws(
      () =>
        log.record({
          id: 'x',
          caller: null,
          source: 'live',
          method: 'GET',
          path: '/version',
          decision: 'allowed',
        }),
      AuditUnavailable,
    );
  });

  it('refuses to run without a writable audit log', () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    assert.throws(() => AuditLog.open(join(file, 'audit.jsonl')), /cannot write the audit log/);
  });
});
