import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../../src/cluster/errors.js';
import { Credentials } from '../../../src/cluster/credentials.js';
import { resolveKubeconfig } from '../../../src/cluster/kubeconfig.js';

function kubeconfig(
  cluster: string,
  user: string,
  context: string,
  extra: { current?: string; namespace?: string; ca?: string; tokenFile?: string } = {},
): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${cluster}`,
    '  cluster:',
    `    server: https://${cluster}.example:6443`,
    ...(extra.ca ? [`    certificate-authority: ${extra.ca}`] : []),
    'users:',
    `- name: ${user}`,
    '  user:',
    ...(extra.tokenFile
      ? [`    tokenFile: ignored`, `    token-file: ${extra.tokenFile}`]
      : ['    token: abc']),
    'contexts:',
    `- name: ${context}`,
    '  context:',
    `    cluster: ${cluster}`,
    `    user: ${user}`,
    ...(extra.namespace ? [`    namespace: ${extra.namespace}`] : []),
    ...(extra.current ? [`current-context: ${extra.current}`] : []),
    '',
  ].join('\n');
}

describe('kubeconfig resolution', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kubeconfig-test-'));
  const first = join(dir, 'first.yaml');
  const second = join(dir, 'second.yaml');
  writeFileSync(first, kubeconfig('alpha', 'alice', 'a', { current: 'a', namespace: 'shop', ca: 'ca.crt' }));
  writeFileSync(
    second,
    kubeconfig('alpha', 'bob', 'b', { current: 'b' }).replace('alpha.example', 'impostor.example'),
  );

  it('uses --kubeconfig alone, ignoring KUBECONFIG', () => {
    const resolved = resolveKubeconfig({ kubeconfig: second, env: { KUBECONFIG: first } });
    assert.deepEqual(resolved.files, [second]);
    assert.equal(resolved.context, 'b');
  });

  it('merges KUBECONFIG files with the first file winning names and current-context', () => {
    const resolved = resolveKubeconfig({ env: { KUBECONFIG: `${first}:${second}` } });
    assert.equal(resolved.context, 'a');
    assert.equal(
      resolved.server,
      'https://alpha.example:6443',
      'the first definition of cluster "alpha" wins',
    );
    assert.equal(resolved.namespace, 'shop');
    assert.equal(resolved.authKind, 'token');
    const other = resolveKubeconfig({ context: 'b', env: { KUBECONFIG: `${first}:${second}` } });
    assert.equal(other.user, 'bob');
    assert.equal(other.namespace, 'default');
  });

  it('resolves relative file references against the kubeconfig folder', () => {
    const resolved = resolveKubeconfig({ kubeconfig: first, env: {} });
    assert.equal(resolved.clusterEntry['certificate-authority'], join(dir, 'ca.crt'));
  });

  it('reads a token file and trims its newline', async () => {
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, 'secret-token\n');
    const file = join(dir, 'tokenfile.yaml');
    writeFileSync(file, kubeconfig('c', 'u', 'x', { current: 'x', tokenFile: 'token' }));
    const credentials = new Credentials(resolveKubeconfig({ kubeconfig: file, env: {} }));
    assert.equal((await credentials.get()).headers.authorization, 'Bearer secret-token');
  });

  it('names the file and line of a YAML error', () => {
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'apiVersion: v1\nclusters:\n  - name: x\n   cluster: {\n');
    assert.throws(
      () => resolveKubeconfig({ kubeconfig: broken, env: {} }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, new RegExp(`${broken.replace(/[.]/g, '\\.')}:\\d+:\\d+`));
        return true;
      },
    );
  });

  it('lists the available contexts when the one asked for does not exist', () => {
    assert.throws(
      () => resolveKubeconfig({ kubeconfig: first, context: 'nope', env: {} }),
      (error: unknown) =>
        error instanceof ConfigError &&
        /context "nope" not found[^]*Available contexts: a\./.test(error.explain()),
    );
  });

  it('says so when there is no kubeconfig at all', () => {
    assert.throws(() => resolveKubeconfig({ env: { HOME: dir } }), /no kubeconfig found/);
    assert.throws(() => resolveKubeconfig({ kubeconfig: join(dir, 'missing'), env: {} }), /does not exist/);
  });
});
