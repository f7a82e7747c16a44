// Shell completion the kubectl way, end to end: the real kubectl's `__complete` (what its bash, zsh and
// fish scripts call on <TAB>) finds kubectl-diag and kubectl_complete-diag on PATH as npm installs them
// (bin/run.js, bin/kubectl_complete-diag.js) and prints what the plugin offers, read from the control
// plane as the diagnostic-viewer: namespaces and object names through the guarded, fenced, audited layer.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { containerStatus, persistentVolumeClaim, podStatus, service } from '../cluster/index.js';
import { controlPlane } from './setup.js';
import { readAudit, ROOT } from './tool.js';

interface Completion {
  code: number | null;
  /** The candidates, without descriptions, and the directive kubectl printed last. */
  values: string[];
  directive: string;
  stdout: string;
  /** stderr without cobra's own lines (`[Debug] …`, "Completion ended with directive: …"), which its scripts drop. */
  stderr: string;
  ms: number;
}

describe('shell completion through kubectl (kubectl_complete-diag)', function () {
  let work: string;
  let pathDir: string;
  let ns: string;
  let other: string;
  let node: string;

  before(async () => {
    const cp = controlPlane();
    work = mkdtempSync(join(tmpdir(), 'kubectl-diag-complete-'));
    pathDir = join(work, 'path');
    mkdirSync(pathDir);
    symlinkSync(join(cp.binDir, 'kubectl'), join(pathDir, 'kubectl'));
    symlinkSync(join(ROOT, 'bin', 'run.js'), join(pathDir, 'kubectl-diag'));
    symlinkSync(join(ROOT, 'bin', 'kubectl_complete-diag.js'), join(pathDir, 'kubectl_complete-diag'));
    [ns, other] = await Promise.all([
      cp.seed.namespace(cp.seed.uniqueName('tab')),
      cp.seed.namespace(cp.seed.uniqueName('tabx')),
    ]);
    node = cp.seed.uniqueName('tab-node');
    const running = podStatus({ containerStatuses: [containerStatus.running('app')] });
    await Promise.all([
      cp.seed.node(node),
      cp.seed.pod(ns, 'web-1', { status: running }),
      cp.seed.pod(ns, 'web-2', { status: running }),
      cp.seed.pod(ns, 'db-0', { status: running }),
      cp.seed.pod(other, 'secret-payroll', { status: running }),
      cp.seed.create(service(ns, 'frontend', { selector: { app: 'web' } })),
      cp.seed.create(persistentVolumeClaim(ns, 'data-db-0')),
    ]);
  });

  after(() => rmSync(work, { recursive: true, force: true }));

  function env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      // Node 24 for the #! of the npm bins, kubectl and the plugin; no other kubectl plugin.
      PATH: [pathDir, dirname(process.execPath), '/usr/bin', '/bin'].join(delimiter),
      HOME: work,
      KUBECONFIG: controlPlane().viewerKubeconfig,
      KUBECTL_DIAG_AUDIT_LOG: join(work, 'audit.jsonl'),
      BASH_COMP_DEBUG_FILE: join(work, 'cobra-debug.log'),
      ...extra,
    };
  }

  /** `kubectl __complete diag WORDS…` — what kubectl's shell scripts run on <TAB>. */
  function complete(words: string[], extra: Record<string, string> = {}): Promise<Completion> {
    const started = process.hrtime.bigint();
    return new Promise((resolve, reject) => {
      const child = spawn(join(pathDir, 'kubectl'), ['__complete', 'diag', ...words], {
        env: env(extra),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('error', reject);
      child.on('close', (code) => {
        const lines = stdout.split('\n').filter(Boolean);
        const directive = lines.at(-1) ?? '';
        resolve({
          code,
          values: lines.slice(0, -1).map((l) => l.split('\t')[0]!),
          directive,
          stdout,
          stderr: stderr
            .split('\n')
            .filter((l) => l && !/^(Completion ended with directive:|\[Debug\] )/.test(l))
            .join('\n'),
          ms: Number(process.hrtime.bigint() - started) / 1e6,
        });
      });
    });
  }

  it('completes the subcommands of `kubectl diag <TAB>`, asking kubectl_complete-diag', async () => {
    const result = await complete(['']);
    assert.equal(result.code, 0, result.stderr);
    for (const command of ['completion', 'doctor', 'endpoints', 'nodes', 'pods', 'snapshot', 'storage'])
      assert.ok(result.values.includes(command), `${command} in ${result.values.join(' ')}`);
    assert.ok(!result.values.includes('po'), 'aliases are not offered when names match');
    assert.ok(!result.values.includes('__complete'));
    assert.equal(result.directive, ':4');
    assert.equal(result.stderr, '');
    // kubectl's own record of how it got the answer: it ran our executable.
    assert.match(
      readFileSync(join(work, 'cobra-debug.log'), 'utf8'),
      /About to call: \S+kubectl_complete-diag /,
    );
  });

  it('offers subcommands, aliases and topics by prefix (`po`, `svc`, `snapshot s`)', async () => {
    assert.deepEqual((await complete(['po'])).values, ['pods']);
    assert.deepEqual((await complete(['svc'])).values, ['svc']);
    assert.deepEqual((await complete(['snapshot', 's'])).values, ['save']);
    assert.deepEqual((await complete(['completion', ''])).values, ['bash', 'zsh', 'fish']);
  });

  it('completes flags with their descriptions, and the values of -o', async () => {
    const flags = await complete(['pods', '--na']);
    assert.deepEqual(flags.values, ['--namespace']);
    assert.match(flags.stdout, /^--namespace\tNamespace to look in/m);
    const output = await complete(['pods', '-o', '']);
    assert.deepEqual(output.values, ['table', 'wide', 'json', 'yaml', 'name']);
    const inline = await complete(['nodes', '--output=j']);
    assert.deepEqual(inline.values, ['--output=json']);
  });

  it('completes namespaces, then pod, Service, claim and node names from the control plane', async () => {
    const namespaces = await complete(['pods', '-n', '']);
    assert.ok(namespaces.values.includes(ns) && namespaces.values.includes(other), namespaces.stdout);
    assert.deepEqual((await complete(['pods', '-n', ns, ''])).values, ['db-0', 'web-1', 'web-2']);
    assert.deepEqual((await complete(['pods', '-n', ns, 'web'])).values, ['web-1', 'web-2']);
    assert.deepEqual((await complete(['po', `--namespace=${ns}`, ''])).values, ['db-0', 'web-1', 'web-2']);
    assert.deepEqual((await complete(['endpoints', '-n', ns, ''])).values, ['frontend']);
    assert.deepEqual((await complete(['pvc', '-n', ns, ''])).values, ['data-db-0']);
    assert.ok((await complete(['nodes', ''])).values.includes(node));
    // One name only: after it, nothing more to complete.
    assert.deepEqual((await complete(['pods', '-n', ns, 'web-1', ''])).values, []);
  });

  it('reads names with GET requests only, each audited under the completion', async () => {
    const auditLog = join(work, 'names-audit.jsonl');
    await complete(['pods', '-n', ns, ''], { KUBECTL_DIAG_AUDIT_LOG: auditLog });
    const records = readAudit(auditLog);
    assert.ok(records.length > 0);
    assert.ok(records.every((r) => r.method === 'GET' && r.caller?.name === 'completion:names'));
    assert.ok(
      records.some((r) => r.path === `/api/v1/namespaces/${ns}/pods?limit=500`),
      JSON.stringify(records),
    );
  });

  // The script of `kubectl diag completion bash`, for kubectl-diag run on its own, in a real bash.
  it('completes `kubectl-diag pods -n NS w<TAB>` in bash with the script of `completion bash`', async () => {
    const line = `kubectl-diag pods --namespace=${ns} w`;
    const script = [
      'source <(kubectl-diag completion bash)',
      `COMP_LINE='${line}'; COMP_POINT=${line.length}`,
      `COMP_WORDS=(kubectl-diag pods --namespace = ${ns} w); COMP_CWORD=5`,
      '_kubectl_diag_complete',
      'printf "%s\\n" "${COMPREPLY[@]}"',
    ].join('\n');
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn('bash', ['--norc', '-c', script], {
        env: env(),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(result.stdout.trim().split('\n'), ['web-1', 'web-2']);
  });

  describe('under a namespace fence', () => {
    it('offers only the allowed namespaces and only their pods', async () => {
      const fenced = { ALLOWED_NAMESPACES: ns };
      assert.deepEqual((await complete(['pods', '-n', ''], fenced)).values, [ns]);
      // No -n: the fence's namespace, as every command does.
      assert.deepEqual((await complete(['pods', ''], fenced)).values, ['db-0', 'web-1', 'web-2']);
      // The flag narrows the same way.
      assert.deepEqual((await complete(['pods', '--allowed-namespaces', ns, '-n', ''])).values, [ns]);
    });

    it('never offers names of a namespace outside it, and sends no request for them', async () => {
      const auditLog = join(work, 'fence-audit.jsonl');
      const since = new Date();
      const result = await complete(['pods', '-n', other, ''], {
        ALLOWED_NAMESPACES: ns,
        KUBECTL_DIAG_AUDIT_LOG: auditLog,
      });
      assert.equal(result.code, 0);
      assert.deepEqual(result.values, []);
      assert.equal(result.stderr, '', 'nothing reaches the shell');
      assert.ok(!result.stdout.includes('secret-payroll'));
      const denied = readAudit(auditLog).filter((r) => r.decision === 'denied');
      assert.ok(
        denied.some((r) => r.path.includes(`/namespaces/${other}/pods`)),
        JSON.stringify(readAudit(auditLog)),
      );
      const sent = await controlPlane().auditEvents({
        user: 'system:serviceaccount:kube-system:diagnostic-viewer',
        uriIncludes: `/namespaces/${other}/`,
        since,
      });
      assert.deepEqual(sent, []);
    });
  });

  describe('with a server that is slow or gone', () => {
    let server: Server;
    const sockets = new Set<Socket>();

    before(async () => {
      // Accepts connections and never answers (not even the TLS handshake).
      server = createServer((socket) => {
        sockets.add(socket);
        socket.on('error', () => undefined);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });

    after(() => {
      for (const socket of sockets) socket.destroy();
      server.close();
    });

    it('gives up within its 2 s deadline with no candidates and nothing on stderr (server never answers)', async () => {
      const port = (server.address() as AddressInfo).port;
      const kubeconfig = await controlPlane().writeKubeconfig(join(work, 'slow.kubeconfig'), {
        server: `https://127.0.0.1:${port}`,
      });
      const result = await complete(['pods', '-n', ns, ''], { KUBECONFIG: kubeconfig });
      assert.equal(result.code, 0);
      assert.deepEqual(result.values, []);
      assert.equal(result.directive, ':4');
      assert.equal(result.stderr, '');
      // 2 s deadline plus kubectl's and Node's start on a loaded 2-core machine; it never hangs.
      assert.ok(result.ms < 6000, `${result.ms} ms`);
      assert.ok(sockets.size > 0, 'the completion did try the server');
    });

    it('answers at once with no candidates when nothing listens', async () => {
      const gone = createServer();
      await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve));
      const port = (gone.address() as AddressInfo).port;
      await new Promise<void>((resolve) => gone.close(() => resolve()));
      const kubeconfig = await controlPlane().writeKubeconfig(join(work, 'gone.kubeconfig'), {
        server: `https://127.0.0.1:${port}`,
      });
      const result = await complete(['nodes', ''], { KUBECONFIG: kubeconfig });
      assert.equal(result.code, 0);
      assert.deepEqual(result.values, []);
      assert.equal(result.stderr, '');
      assert.ok(result.ms < 6000, `${result.ms} ms`);
    });
  });
});
