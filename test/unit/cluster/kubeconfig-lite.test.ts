import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { parseKubeconfigLite } from '../../../src/cluster/kubeconfig-lite.js';
import { resolveKubeconfig } from '../../../src/cluster/kubeconfig.js';
import { writeKubeconfigFile } from '../../cluster/kubeconfig.js';
import { SHAPES } from './kubeconfig-shapes.js';

function yamlValue(text: string): unknown {
  return parseDocument(text).toJS() as unknown;
}

describe('kubeconfig fast path: real shapes', () => {
  for (const [name, text] of Object.entries(SHAPES)) {
    it(`reads ${name} exactly as yaml does`, () => {
      const fast = parseKubeconfigLite(text);
      assert.notEqual(fast, undefined, 'the fast path declined a shape it is for');
      assert.deepStrictEqual(fast, yamlValue(text));
    });
  }

  it('reads every kubeconfig the test harness writes exactly as yaml does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kcfast-'));
    const pem = join(dir, 'ca.crt');
    writeFileSync(pem, '-----BEGIN CERTIFICATE-----\nMIIBfTCCASSgAwIBAgIQ\n-----END CERTIFICATE-----\n');
    const specs = [
      { server: 'https://127.0.0.1:6443', caFile: pem, token: 'eyJhbGciOiJSUzI1NiJ9.e30.sig' },
      {
        server: 'https://127.0.0.1:6443',
        caFile: pem,
        clientCertFile: pem,
        clientKeyFile: pem,
        context: 'kube-scheduler',
      },
      {
        server: 'https://[::1]:40001',
        caFile: pem,
        token: 'abc',
        context: 'diagnostic-viewer@kubectl-diag-test',
        user: 'diagnostic-viewer',
        namespace: 'shop',
      },
    ];
    for (const [n, spec] of specs.entries()) {
      const text = readFileSync(await writeKubeconfigFile(join(dir, `${n}.kubeconfig`), spec), 'utf8');
      const fast = parseKubeconfigLite(text);
      assert.notEqual(fast, undefined, `declined harness kubeconfig ${n}`);
      assert.deepStrictEqual(fast, yamlValue(text));
    }
  });

  it('declines what is outside its subset, and the yaml path still names file:line:col', () => {
    const outside = [
      'a: {b: c}\n',
      'a: &x b\nc: *x\n',
      'a: !!str 1\n',
      'a: |\n  text\n',
      'a: 1\n',
      'a: 0x1F\n',
      'a: .inf\n',
      'a: b # comment\n',
      'a: "\\n"\n',
      'a: b\na: c\n',
      'a:\tb\n',
      '---\na: b\n',
      '__proto__: x\n',
      'a: b\r\n',
      '- a\n',
      '  a: b\n',
    ];
    for (const text of outside) assert.equal(parseKubeconfigLite(text), undefined, JSON.stringify(text));
    const dir = mkdtempSync(join(tmpdir(), 'kcfast-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'apiVersion: v1\nclusters:\n- name: a\n  cluster: {server: x\n');
    assert.throws(() => resolveKubeconfig({ kubeconfig: file, env: {} }), /bad\.yaml:\d+:\d+: /);
  });

  it('types null and booleans as the core schema does', () => {
    const text = 'a: ~\nb: Null\nc: NULL\nd: True\ne: FALSE\nf: yes\ng: "true"\nh:\n';
    assert.deepStrictEqual(parseKubeconfigLite(text), yamlValue(text));
    assert.deepStrictEqual(parseKubeconfigLite(text), {
      a: null,
      b: null,
      c: null,
      d: true,
      e: false,
      f: 'yes',
      g: 'true',
      h: null,
    });
  });
});
