// The built kubectl-diag as a shell runs it (spawned, stdout and stderr pipes, COLUMNS=80), against the
// real control plane as diagnostic-viewer: kubectl habits and one-line errors that a pipe gets whole.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { containerStatus, podStatus } from '../cluster/index.js';
import { controlPlane, livePlane } from './setup.js';
import { assertWatchedPods, ROOT, tempAuditLog, watchBinary } from './tool.js';

interface Run {
  stdout: string;
  stderr: string;
  code: number;
}

/** bin/run.js ARGS in a child process, its output captured through pipes (not a terminal). */
export function runBinary(
  args: string[],
  env: Record<string, string> = {},
  clusterFlags = true,
  stdin?: string,
): Promise<Run> {
  const cluster = ['--kubeconfig', controlPlane().viewerKubeconfig, '--audit-log', tempAuditLog()];
  const full = clusterFlags ? [...args, ...cluster] : args;
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [join(ROOT, 'bin', 'run.js'), ...full],
      { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', COLUMNS: '80', ...env } },
      (error, stdout, stderr) => {
        const code = error ? ((error as { code?: number }).code ?? 1) : 0;
        resolve({ stdout, stderr, code: typeof code === 'number' ? code : 1 });
      },
    );
    if (stdin !== undefined) child.stdin?.end(stdin);
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

  it('takes a pod name from the command line only: text piped to stdin is not read as one', async function () {
    const run = await runBinary(['pods', '-n', ns], {}, true, 'web-1\n');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^NAME\s+READY\s+STATUS/m, 'the list, not web-1 in depth');
    assert.match(run.stdout, /^web-1\s+1\/1\s+Running\s/m);
  });

  it('answers to every kubectl short name through the built binary: pod po svc service ep no node pvc pv', async function () {
    this.timeout(120_000);
    const runs = await Promise.all(
      ['pod', 'po', 'svc', 'service', 'ep', 'no', 'node', 'pvc', 'pv'].map(async (alias) => {
        const args = alias === 'no' || alias === 'node' || alias === 'pv' ? [alias] : [alias, '-n', ns];
        return { alias, run: await runBinary(args) };
      }),
    );
    for (const { alias, run } of runs) {
      assert.equal(run.code, 0, `${alias}: ${run.stderr}`);
      assert.equal(run.stderr, '', alias);
    }
    const out = (alias: string) => runs.find((r) => r.alias === alias)!.run.stdout;
    assert.match(out('pod'), /^web-1\s+1\/1\s+Running\s/m);
    // The same list, read a moment apart: only the ages may differ.
    const sansAges = (text: string) => text.replace(/\b\d+(?:ms|s|m|h|d)\b/g, '');
    assert.equal(sansAges(out('po')), sansAges(out('pod')));
    assert.match(out('svc'), /Services?\b|No Services/i);
    assert.equal(sansAges(out('service')), sansAges(out('svc')));
    assert.equal(sansAges(out('ep')), sansAges(out('svc')));
    assert.match(out('pvc'), new RegExp(`^0 claims in namespace ${ns}`, 'm'));
    assert.match(out('pv'), /^\d+ claims? in /m);
    assert.match(out('no'), /^NAME\s+STATUS\s/m);
    assert.match(out('node'), /^NAME\s+STATUS\s/m);
  });

  it('-h and help are help (no usage error), exit 0; version prints the version', async function () {
    for (const args of [['-h'], ['pods', '-h'], ['-n', ns, 'pods', '-h'], ['help', 'pods'], ['help', 'po']]) {
      // help, like -h, reads no cluster: it takes no --kubeconfig.
      const run = await runBinary(args, {}, false);
      assert.equal(run.code, 0, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stdout, /USAGE/, args.join(' '));
      assert.doesNotMatch(run.stderr, /unknown|Nonexistent flag/i, args.join(' '));
    }
    assert.match((await runBinary(['pods', '-h'], {}, false)).stdout, /\$ kubectl diag pods/);
    const version = await runBinary(['version'], {}, false);
    assert.match(version.stdout, /^kubectl-diag version: v\d+\.\d+\.\d+/);
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
    const watch = watchPods(ns, cp.viewerKubeconfig, auditLog);
    try {
      await watch.until(/^api-1\s+1\/1\s+Running\s/m, 'first list');
      // The kubelet's words for a crash loop (pkg/kubelet/kuberuntime: "back-off … restarting failed container").
      await cp.seed.patchStatus(
        pod,
        podStatus({
          containerStatuses: [containerStatus.crashLoopBackOff('app', { restartCount: 3, exitCode: 1 })],
        }),
      );
      await watch.until(/^api-1\s+0\/1\s+CrashLoopBackOff\s+3\s/m, 'list after the status change');
      const lists = watch.stdout().split(/\n\n(?=\d+ pods? in namespace)/).length;
      assert.ok(lists >= 2, 'the list was rendered again, below the first');
    } finally {
      await watch.stop();
    }
    assertWatchedPods(auditLog);
  });

  it('re-renders when real components change the pods: a rollout the controller-manager makes, kwok crash-loops', async function () {
    this.timeout(120_000);
    const cp = livePlane();
    const ns = await cp.scenario.namespace('watch');
    const node = await cp.scenario.node();
    await cp.scenario.deployment(ns, 'api', { nodeSelector: cp.scenario.onNode(node) });
    await cp.scenario.waitForDeploymentReady(ns, 'api');
    const watch = watchPods(ns, cp.viewerKubeconfig);
    try {
      await watch.until(/^api-\S+\s+1\/1\s+Running\s/m, 'first list');
      // A new revision whose pods crash (test/cluster/kwok/faults.yaml, fault-crash-loop: the kubelet's
      // words): the deployment controller makes a ReplicaSet, the scheduler places its pod, kwok runs it.
      await cp.seed.patch(
        { apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: 'api' },
        {
          spec: {
            template: { metadata: { annotations: { 'faults.kubectl-diag.test/kind': 'crash-loop' } } },
          },
        },
      );
      await watch.until(/^api-\S+\s+0\/1\s+CrashLoopBackOff\s/m, 'the new pod crash-looping', 60_000);
      assert.match(watch.stdout(), /^api-\S+\s+1\/1\s+Running\s/m, 'the old pod was listed first');
    } finally {
      await watch.stop();
    }
  });

  it('refuses -w on a snapshot, which does not change', async function () {
    const run = await runBinary(['pods', '-w', '--demo']);
    assert.equal(run.code, 2);
    assert.match(assertOneErrorLine(run), /--watch needs a live cluster/);
  });
});

/** `kubectl diag pods -n NS -w` as a child process, its stdout read as it comes, stopped with Ctrl-C. */
function watchPods(ns: string, kubeconfig: string, auditLog = tempAuditLog()) {
  return watchBinary(['pods', '-n', ns, '-w'], kubeconfig, auditLog);
}
