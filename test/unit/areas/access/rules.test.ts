import assert from 'node:assert/strict';
import {
  metricsCheck,
  namespacesCheck,
  permissionsCheck,
  separationCheck,
  tokenCheck,
} from '../../../../src/areas/access/rules.js';
import { readTokenClaims } from '../../../../src/kube/jwt.js';

const NOW = new Date('2026-11-25T12:00:00Z');

function jwt(claims: Record<string, unknown>): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'RS256' })}.${part(claims)}.signature`;
}

const at = (offsetSeconds: number) => Math.floor(NOW.getTime() / 1000) + offsetSeconds;

describe('access checks', () => {
  it('reads service-account claims from a JWT without trusting it', () => {
    const claims = readTokenClaims(
      jwt({
        sub: 'system:serviceaccount:kube-system:viewer',
        exp: at(3600),
        iat: at(0),
        'kubernetes.io': { namespace: 'kube-system', serviceaccount: { name: 'viewer' } },
      }),
    );
    assert.equal(claims?.serviceAccount, 'kube-system/viewer');
    assert.equal(claims?.expiresAt?.toISOString(), '2026-11-25T13:00:00.000Z');
    assert.equal(readTokenClaims('opaque-static-token'), undefined);
    assert.equal(readTokenClaims('a.!!!.c'), undefined);
  });

  it('fails an expired token and says how long ago it expired', () => {
    const check = tokenCheck(
      readTokenClaims(jwt({ sub: 'jane', exp: at(-7200), iat: at(-10800) })),
      'token',
      NOW,
    );
    assert.equal(check.status, 'fail');
    assert.equal(check.summary, 'the token of jane expired 120m ago');
    assert.match(check.fix ?? '', /kubectl create token .* --duration=8h/);
  });

  it('warns when a token is about to expire, or never expires, or lives for weeks', () => {
    assert.equal(
      tokenCheck(readTokenClaims(jwt({ sub: 'jane', exp: at(300), iat: at(-3300) })), 'token', NOW).status,
      'warn',
    );
    assert.match(tokenCheck(readTokenClaims(jwt({ sub: 'jane' })), 'token', NOW).summary, /never expires/);
    assert.match(
      tokenCheck(
        readTokenClaims(jwt({ sub: 'jane', exp: at(300 * 86400), iat: at(-65 * 86400) })),
        'token',
        NOW,
      ).summary,
      /valid for 365d/,
    );
  });

  it('accepts a one-hour token like kubectl create token makes by default', () => {
    const check = tokenCheck(readTokenClaims(jwt({ sub: 'x', exp: at(3000), iat: at(-600) })), 'token', NOW);
    assert.deepEqual([check.status, check.summary], ['ok', 'authenticated as x; the token expires in 50m']);
  });

  it('lists exactly the missing permissions', () => {
    const check = permissionsCheck([
      { label: 'list pods in all namespaces', allowed: true },
      { label: 'get pods/log in all namespaces', allowed: false },
      { label: 'list nodes (cluster-scoped)', allowed: false },
    ]);
    assert.equal(check.status, 'fail');
    assert.equal(check.summary, '2 of 3 reads kubectl-diag needs are not allowed');
    assert.deepEqual(check.details, [
      'missing: get pods/log in all namespaces',
      'missing: list nodes (cluster-scoped)',
    ]);
  });

  it('warns about write and Secret permissions, and is ok without them', () => {
    const risky = separationCheck([
      { label: 'create pods', allowed: true },
      { label: 'get secrets', allowed: true },
      { label: 'delete namespaces', allowed: false },
    ]);
    assert.equal(risky.status, 'warn');
    // No "WARNING:" after a WARN status, and two permissions said once, not repeated below.
    assert.equal(risky.summary, 'this identity can also create pods, get secrets');
    assert.deepEqual(risky.details, []);
    const many = separationCheck(
      ['create pods', 'delete pods', 'get secrets', 'list secrets', 'patch deployments'].map((label) => ({
        label,
        allowed: true,
      })),
    );
    // Not "… and 2 more" followed by all five: a count, then every one of them below.
    assert.equal(
      many.summary,
      'this identity can also create pods, delete pods, get secrets: 5 permissions beyond reading, all listed below',
    );
    assert.equal(many.details.length, 5);
    assert.equal(separationCheck([{ label: 'create pods', allowed: false }]).status, 'ok');
  });

  it('treats missing metrics as a warning and missing allowed namespaces as a failure', () => {
    assert.equal(metricsCheck('not-served').status, 'warn');
    assert.equal(metricsCheck('served').status, 'ok');
    assert.equal(namespacesCheck(['shop', 'shpo'], ['shpo']).status, 'fail');
    assert.equal(namespacesCheck(null, []).status, 'ok');
  });
});
