import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Credentials } from '../../../src/cluster/credentials.js';
import { ConfigError } from '../../../src/cluster/errors.js';
import type { ResolvedKubeconfig, UserEntry } from '../../../src/cluster/kubeconfig.js';

function config(
  user: UserEntry,
  cluster: Partial<ResolvedKubeconfig['clusterEntry']> = {},
): ResolvedKubeconfig {
  return {
    clusterEntry: { server: 'https://k8s.example:6443', ...cluster },
    userEntry: user,
    files: [],
    inCluster: false,
    context: 'c',
    cluster: 'k',
    server: 'https://k8s.example:6443',
    user: 'u',
    authKind: 'none',
    namespace: 'default',
  };
}

describe('credentials from a kubeconfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'credentials-test-'));

  it('sends a bearer token, and impersonation headers when the user asks for them', async () => {
    const { headers } = await new Credentials(
      config({ token: 'abc', as: 'jane', 'as-groups': ['sre', 'oncall'] }),
    ).get();
    assert.deepEqual(headers, {
      authorization: 'Bearer abc',
      'impersonate-user': 'jane',
      'impersonate-group': 'sre, oncall',
    });
  });

  it('uses client certificates and the cluster CA from inline data', async () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    const creds = new Credentials(
      config(
        { 'client-certificate-data': b64('CERT'), 'client-key-data': b64('KEY') },
        { 'certificate-authority-data': b64('CA'), 'tls-server-name': 'kubernetes' },
      ),
    );
    const { tls, headers } = await creds.get();
    assert.equal(String(tls.cert), 'CERT');
    assert.equal(String(tls.key), 'KEY');
    assert.equal(String(tls.ca), 'CA');
    assert.equal(tls.servername, 'kubernetes');
    assert.deepEqual(headers, {});
  });

  it('turns off verification only when the kubeconfig says insecure-skip-tls-verify', async () => {
    assert.equal(
      (await new Credentials(config({}, { 'insecure-skip-tls-verify': true })).get()).tls.rejectUnauthorized,
      false,
    );
    assert.equal((await new Credentials(config({})).get()).tls.rejectUnauthorized, undefined);
  });

  it('names a missing certificate file', () => {
    assert.throws(
      () => new Credentials(config({ 'client-certificate': join(dir, 'nope.crt') })),
      /cannot read the client-certificate file .*nope\.crt/,
    );
  });

  it('runs an exec credential plugin and uses the token it prints', async () => {
    const plugin = join(dir, 'plugin.sh');
    writeFileSync(
      plugin,
      '#!/bin/sh\necho \'{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"from-plugin"}}\'\n',
    );
    chmodSync(plugin, 0o755);
    const creds = new Credentials(
      config({ exec: { command: plugin, apiVersion: 'client.authentication.k8s.io/v1' } }),
    );
    assert.equal(await creds.bearerToken(), 'from-plugin');
  });

  it('explains a failing exec plugin with what it printed', async () => {
    const plugin = join(dir, 'failing.sh');
    writeFileSync(plugin, '#!/bin/sh\necho "error: login expired, run: cloud auth login" >&2\nexit 1\n');
    chmodSync(plugin, 0o755);
    await assert.rejects(
      new Credentials(config({ exec: { command: plugin } })).get(),
      (e: unknown) =>
        e instanceof ConfigError &&
        /exec credential plugin ".*failing\.sh" failed: error: login expired/.test(e.message),
    );
  });

  it('sends the id-token of an oidc auth provider while it is valid', async function () {
    // Unbundled, client-node's oidc module loads its whole API client first (seconds on a busy machine).
    this.timeout(60_000);
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const idToken = `${part({ alg: 'RS256' })}.${part({ exp: Math.floor(Date.now() / 1000) + 3600 })}.sig`;
    const { headers } = await new Credentials(
      config({ 'auth-provider': { name: 'oidc', config: { 'id-token': idToken, 'client-id': 'k' } } }),
    ).get();
    assert.deepEqual(headers, { authorization: `Bearer ${idToken}` });
  });

  it('names an auth provider it does not know, and what to use instead', async () => {
    await assert.rejects(
      new Credentials(config({ 'auth-provider': { name: 'openstack', config: {} } })).get(),
      (e: unknown) =>
        e instanceof ConfigError &&
        /auth provider "openstack" of user "u" is not supported/.test(e.message) &&
        /exec credential plugin/.test(e.hint ?? ''),
    );
  });
});
