// The npm package as a user installs it: `npm pack` of this checkout, `npm i -g` into a temporary
// prefix (the package has no dependencies: everything it runs is in the bundle), then the MCP server
// started as `kubectl-diag mcp` and as `npx kubectl-diag mcp`, each answering a real call against the
// control plane as the viewer.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { containerStatus, podStatus } from '../cluster/index.js';
import { controlPlane } from './setup.js';
import { readAudit, ROOT } from './tool.js';

const execFileAsync = promisify(execFile);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

describe('the npm package (npm pack → npm i -g)', function () {
  this.timeout(5 * 60_000);
  let work: string;
  let prefix: string;
  let ns: string;

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'kubectl-diag-npm-'));
    prefix = join(work, 'prefix');
    const packDir = join(work, 'pack');
    mkdirSync(packDir);
    const { stdout } = await execFileAsync('npm', ['pack', '--silent', '--pack-destination', packDir], {
      cwd: ROOT,
    });
    // --offline: nothing may come from a registry; the package must install from its tarball alone.
    await execFileAsync('npm', [
      'i',
      '-g',
      '--offline',
      '--no-audit',
      '--no-fund',
      '--prefix',
      prefix,
      join(packDir, stdout.trim()),
    ]);
    const cp = controlPlane();
    ns = await cp.seed.namespace(cp.seed.uniqueName('npm'));
    await cp.seed.pod(ns, 'api', {
      status: podStatus({
        containerStatuses: [containerStatus.crashLoopBackOff('app', { restartCount: 4 })],
      }),
    });
  });

  after(() => rmSync(work, { recursive: true, force: true }));

  it('installs the bundle and nothing else, well under 30 MB', () => {
    const installed = join(prefix, 'lib', 'node_modules', 'kubectl-diag');
    const all = files(installed).map((f) => relative(installed, f));
    assert.deepEqual(
      all.sort(),
      [
        'LICENSE',
        'README.md',
        'bin/kubectl_complete-diag.js',
        'bin/run.js',
        'demo/cluster.json',
        'dist/bundle/boot.cjs',
        'dist/bundle/kubectl-diag.cjs',
        'package.json',
        ...readdirSync(join(ROOT, 'schemas')).map((f) => `schemas/${f}`),
      ].sort(),
    );
    const bytes = files(installed).reduce((sum, f) => sum + statSync(f).size, 0);
    assert.ok(bytes < 30e6, `${bytes} bytes installed`);
  });

  // Node 24 first on PATH (the system one may be older), the installed bin next to it.
  const env = (auditLog: string) => ({
    PATH: [join(prefix, 'bin'), dirname(process.execPath), process.env['PATH'] ?? ''].join(delimiter),
    HOME: work,
    KUBECONFIG: controlPlane().viewerKubeconfig,
    READ_ONLY: 'true',
    KUBECTL_DIAG_AUDIT_LOG: auditLog,
    npm_config_prefix: prefix,
    npm_config_offline: 'true',
    npm_config_update_notifier: 'false',
  });

  for (const [how, command, args] of [
    ['kubectl-diag mcp', 'kubectl-diag', ['mcp']],
    ['npx kubectl-diag mcp', 'npx', ['--no-install', 'kubectl-diag', 'mcp']],
  ] as const) {
    it(`serves MCP as \`${how}\` and answers diagnose_pods from the control plane`, async () => {
      const auditLog = join(work, `${command}-audit.jsonl`);
      const transport = new StdioClientTransport({
        command,
        args: [...args],
        env: env(auditLog),
        cwd: work,
        stderr: 'pipe',
      });
      let stderr = '';
      transport.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
      const client = new Client({ name: 'npm-e2e', version: '1.0.0' });
      try {
        await client.connect(transport);
        const result = (await client.callTool({
          name: 'diagnose_pods',
          arguments: { namespace: ns },
        })) as CallToolResult;
        assert.equal(result.isError ?? false, false, JSON.stringify(result.content));
        const text = result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
        assert.match(text, /CrashLoopBackOff/);
        assert.ok(readAudit(auditLog).some((r) => r.path?.includes(`/namespaces/${ns}/pods`)));
      } catch (error) {
        throw new Error(`${(error as Error).message}\nstderr: ${stderr}`);
      } finally {
        await client.close();
      }
    });
  }

  // kubectl finds the plugin and its completion executable on PATH, both as npm installed them.
  it('installs kubectl_complete-diag, which kubectl runs for `kubectl diag pods -n NS <TAB>`', async () => {
    const auditLog = join(work, 'complete-audit.jsonl');
    const { stdout } = await execFileAsync(
      join(controlPlane().binDir, 'kubectl'),
      ['__complete', 'diag', 'pods', '-n', ns, ''],
      { env: env(auditLog) },
    );
    assert.deepEqual(stdout.trim().split('\n'), ['api', ':4']);
    assert.ok(readAudit(auditLog).some((r) => r.caller?.name === 'completion:names'));
  });
});
