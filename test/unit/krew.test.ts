import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');

interface KrewPlugin {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: {
    version: string;
    shortDescription: string;
    platforms: {
      selector: { matchLabels: Record<string, string> };
      uri: string;
      sha256: string;
      bin: string;
    }[];
  };
}

describe('krew.yaml', () => {
  const manifest = parse(read('krew.yaml')) as KrewPlugin;
  const pkg = JSON.parse(read('package.json')) as { version: string; bin: Record<string, string> };

  it('is a krew plugin named diag, so kubectl finds it as `kubectl diag`', () => {
    assert.equal(manifest.apiVersion, 'krew.googlecontainertools.github.com/v1alpha2');
    assert.equal(manifest.kind, 'Plugin');
    assert.equal(manifest.metadata.name, 'diag');
    assert.ok(Object.keys(pkg.bin).includes('kubectl-diag'));
  });

  it('matches the package version and names a checksummed archive per platform', () => {
    assert.equal(manifest.spec.version, `v${pkg.version}`);
    assert.deepEqual(
      manifest.spec.platforms.map((p) => `${p.selector.matchLabels.os}/${p.selector.matchLabels.arch}`),
      ['linux/amd64', 'linux/arm64', 'darwin/amd64', 'darwin/arm64'],
    );
    for (const platform of manifest.spec.platforms) {
      assert.match(platform.sha256, /^[0-9a-f]{64}$/);
      assert.ok(
        platform.uri.endsWith(`/releases/download/v${pkg.version}/kubectl-diag-v${pkg.version}.tar.gz`),
      );
      assert.equal(platform.bin, 'kubectl-diag');
    }
  });
});
