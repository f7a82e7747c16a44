// The built kubectl-diag as a shell runs it (spawned, stdout and stderr pipes, COLUMNS=80), against the
// real control plane as diagnostic-viewer: kubectl habits and one-line errors that a pipe gets whole.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { containerStatus, podStatus } from '../cluster/index.js';
import { controlPlane } from './setup.js';
import { ROOT, tempAuditLog } from './tool.js';

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
