import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const read = (path: string) => readFileSync(new URL(`../../../../${path}`, import.meta.url), 'utf8');

interface KrewPlugin {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: {
    version: string;
    shortDescription: string;
    caveats?: string;
    platforms: {
      selector: { matchLabels: Record<string, string> };
      uri: string;
      sha256: string;
      files: { from: string; to: string }[];
      bin: string;
    }[];
  };
}

// The archives and their sha256 are checked against a real build in test/e2e/krew.test.ts.
describe('krew manifests (krew.yaml and the index copy plugins/diag.yaml)', () => {
  const manifest = parse(read('krew.yaml')) as KrewPlugin;
  const pkg = JSON.parse(read('package.json')) as { version: string; bin: Record<string, string> };

  it('are the same file, a plugin named diag so kubectl finds it as `kubectl diag`', () => {
    assert.equal(read('plugins/diag.yaml'), read('krew.yaml'));
    assert.equal(manifest.apiVersion, 'krew.googlecontainertools.github.com/v1alpha2');
    assert.equal(manifest.kind, 'Plugin');
    assert.equal(manifest.metadata.name, 'diag');
  });

  it('keep the short description under 50 characters, as krew-index asks', () => {
    assert.ok(manifest.spec.shortDescription.length < 50, manifest.spec.shortDescription);
  });

  it('name one checksummed archive per platform, with the executable and LICENSE', () => {
    assert.equal(manifest.spec.version, `v${pkg.version}`);
    assert.deepEqual(
      manifest.spec.platforms.map((p) => `${p.selector.matchLabels.os}/${p.selector.matchLabels.arch}`),
      ['linux/amd64', 'linux/arm64', 'darwin/amd64', 'darwin/arm64', 'windows/amd64'],
    );
    for (const p of manifest.spec.platforms) {
      const { os, arch } = p.selector.matchLabels;
      assert.match(p.sha256, /^[0-9a-f]{64}$/);
      const archive = `kubectl-diag-v${pkg.version}-${os}-${os === 'darwin' ? 'all' : arch}.tar.gz`;
      assert.ok(p.uri.endsWith(`/releases/download/v${pkg.version}/${archive}`), p.uri);
      assert.equal(p.bin, os === 'windows' ? 'kubectl-diag.exe' : 'kubectl-diag');
      assert.ok(p.files.some((f) => f.from === 'LICENSE'));
      assert.ok(p.files.some((f) => f.from === p.bin));
    }
  });

  it('say in the caveats what macOS needs, since only there Node.js must be on PATH', () => {
    assert.match(manifest.spec.caveats ?? '', /macOS.*Node\.js 22\.19 or newer/s);
  });
});
