// The built kubectl-diag as a shell runs it (spawned, stdout and stderr pipes, COLUMNS=80), against the
// real control plane as diagnostic-viewer: kubectl habits and one-line errors that a pipe gets whole.

import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { containerStatus, podStatus } from '../cluster/index.js';
import { controlPlane } from './setup.js';
import { readAudit, ROOT, tempAuditLog } from './tool.js';

interface Run {
  stdout: string;
  stderr: string;
  code: number;
}

/** bin/run.js ARGS in a child process, its output captured through pipes (not a terminal). */
export function runBinary(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const full = [...args, '--kubeconfig', controlPlane().viewerKubeconfig, '--audit-log', tempAuditLog()];
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, 'bin', 'run.js'), ...full],
      { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', COLUMNS: '80', ...env } },
      (error, stdout, stderr) => {
        const code = error ? ((error as { code?: number }).code ?? 1) : 0;
        resolve({ stdout, stderr, code: typeof code === 'number' ? code : 1 });
      },
    );
  });
}

function assertOneErrorLine(run: Run): string {
  const lines = run.stderr.split('\n');
  assert.equal(lines.length, 2, `one line and its newline, got:\n${run.stderr}`);
  assert.equal(lines[1], '');
  assert.match(lines[0]!, /^error: /);
  assert.doesNotMatch(run.stderr, /›|Error:|USAGE|See more help/);
  return lines[0]!;
}

describe('the command line in a pipe (built binary, real control plane)', function () {
  let ns: string;

  before(async function () {
    const cp = controlPlane();
    ns = await cp.seed.namespace();
    const node = cp.seed.uniqueName('node');
    await cp.seed.node(node);
    await cp.seed.pod(ns, 'web-1', {
      node,
      status: podStatus({ containerStatuses: [containerStatus.running('app')] }),
    });
  });

  it('takes flags before the subcommand and an alias: kubectl diag -n NS po', async function () {
    const run = await runBinary(['-n', ns, 'po']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^web-1\s+1\/1\s+Running\s/m);
  });

  it('a fence refusal is one unwrapped line that names the namespace fence, exit 5', async function () {
    const run = await runBinary(['pods', '-n', ns, '--allowed-namespaces', 'default']);
    assert.equal(run.code, 5);
    const line = assertOneErrorLine(run);
    assert.ok(line.length > 80, 'long enough that a wrap at 80 columns would show');
    assert.match(line, new RegExp(`namespace "${ns}" is outside the allowed namespaces`));
    assert.match(line, /refused by the namespace fence/i);
    assert.doesNotMatch(line, /read-only by design/);
  });

  it('a missing object is one line, exit 6', async function () {
    const run = await runBinary(['pods', 'nope', '-n', ns]);
    assert.equal(run.code, 6);
    assert.match(assertOneErrorLine(run), new RegExp(`Pod "nope" not found in namespace "${ns}"`));
  });

  it('an unknown flag or command is one line with the closest match, exit 2', async function () {
    const flag = await runBinary(['pods', '-n', ns, '--all-namespace']);
    assert.equal(flag.code, 2);
    assert.match(
      assertOneErrorLine(flag),
      /unknown flag: --all-namespace; did you mean "--all-namespaces"\?/,
    );
    const command = await runBinary(['-n', ns, 'ndoes']);
    assert.equal(command.code, 2);
    assert.match(assertOneErrorLine(command), /unknown command "ndoes" .*did you mean "nodes"\?/);
  });
});

describe('kubectl diag pods -w (built binary, real control plane)', function () {
  it('re-renders the list after a status change on the API server, from its watch, until Ctrl-C', async function () {
    this.timeout(90_000);
    const cp = controlPlane();
    const ns = await cp.seed.namespace();
    const node = cp.seed.uniqueName('node');
    await cp.seed.node(node);
    const pod = await cp.seed.pod(ns, 'api-1', {
      node,
      status: podStatus({ containerStatuses: [containerStatus.running('app')] }),
    });
    const auditLog = tempAuditLog();
    const child = spawn(
      process.execPath,
      [
        join(ROOT, 'bin', 'run.js'),
        'pods',
        '-n',
        ns,
        '-w',
        '--kubeconfig',
        cp.viewerKubeconfig,
        '--audit-log',
        auditLog,
      ],
      {
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const until = async (pattern: RegExp, what: string) => {
      const deadline = Date.now() + 30_000;
      while (!pattern.test(stdout)) {
        if (child.exitCode !== null) assert.fail(`exited ${child.exitCode} before ${what}: ${stderr}`);
        if (Date.now() > deadline) assert.fail(`no ${what} within 30 s:\n${stdout}\n${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    try {
      await until(/^api-1\s+1\/1\s+Running\s/m, 'first list');
      // The kubelet's words for a crash loop (pkg/kubelet/kuberuntime: "back-off … restarting failed container").
      await cp.seed.patchStatus(
        pod,
        podStatus({
          containerStatuses: [containerStatus.crashLoopBackOff('app', { restartCount: 3, exitCode: 1 })],
        }),
      );
      await until(/^api-1\s+0\/1\s+CrashLoopBackOff\s+3\s/m, 'list after the status change');
      const lists = stdout.split(/\n\n(?=\d+ pods? in namespace)/).length;
      assert.ok(lists >= 2, 'the list was rendered again, below the first');
    } finally {
      child.kill('SIGINT');
    }
    assert.equal(await exited, 0, stderr);
    const records = readAudit(auditLog);
    assert.ok(
      records.some(
        (r) => r.decision === 'allowed' && /\/namespaces\/[^/]+\/pods\?.*watch=(true|1)/.test(r.path),
      ),
      'the change came from a watch of the pods, through the guard and the audit log',
    );
    assert.ok(
      records.every((r) => r.method === 'GET'),
      'reads only',
    );
  });

  it('refuses -w on a snapshot, which does not change', async function () {
    const run = await runBinary(['pods', '-w', '--demo']);
    assert.equal(run.code, 2);
    assert.match(assertOneErrorLine(run), /--watch needs a live cluster/);
  });
});
