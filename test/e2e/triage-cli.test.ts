// `kubectl diag triage` as a shell runs it, against the real control planes, as diagnostic-viewer:
// - `-w`: a rollout the real controller-manager makes and kwok crash-loops appears as a new root cause in the
//   watch output, which then ends cleanly on Ctrl-C, having read through watches only (our audit log);
// - `-o name`: the root objects as kubectl names them, from the live answer;
// - hostile text: an event message written by the admin with terminal escapes and a forged line reaches the
//   terminal inert, each chain on its own line; -o json stays exact; the MCP text carries no raw control;
// - help and version take the global flags (--kubeconfig, --context, -n, --request-timeout …) and ignore them.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { containerStatus, coreEvent, podStatus } from '../cluster/index.js';
import { controlPlane, livePlane } from './setup.js';
import {
  assertWatchedPods,
  diag,
  mcpInMemory,
  parseEnvelope,
  readAudit,
  ROOT,
  runProcess,
  tempAuditLog,
  watchBinary,
} from './tool.js';

/** Raw control bytes (C0 but newline, DEL, C1) and bidi overrides/isolates. */
const rawControls = (text: string) =>
  [...text.matchAll(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g)].map((m) =>
    m[0].charCodeAt(0).toString(16),
  );

/** bin/run.js ARGS in a pipe. */
function run(args: string[]) {
  return runProcess(process.execPath, [join(ROOT, 'bin', 'run.js'), ...args], {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
  });
}

describe('kubectl diag triage -w on the live plane (e2e)', function () {
  this.timeout(180_000);

  it('shows the new root cause when a rollout the controller-manager makes crash-loops under kwok, then ends on Ctrl-C', async function () {
    const cp = livePlane();
    const ns = await cp.scenario.namespace('triagew');
    const node = await cp.scenario.node();
    await cp.scenario.deployment(ns, 'api', { nodeSelector: cp.scenario.onNode(node) });
    await cp.scenario.waitForDeploymentReady(ns, 'api');
    const auditLog = tempAuditLog();
    const watch = watchBinary(['triage', '-n', ns, '-w'], cp.viewerKubeconfig, auditLog);
    try {
      await watch.until(new RegExp(`^No root cause found in namespace ${ns}; `, 'm'), 'the first answer');
      // A new revision whose pods crash (test/cluster/kwok/faults.yaml, fault-crash-loop): the deployment
      // controller makes a ReplicaSet, the scheduler places its pod, kwok reports the kubelet's crash loop.
      await cp.seed.patch(
        { apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: 'api' },
        {
          spec: {
            template: { metadata: { annotations: { 'faults.kubectl-diag.test/kind': 'crash-loop' } } },
          },
        },
      );
      const root = new RegExp(`^\\d+\\. CRITICAL CrashLoopBackOff {2}Pod ${ns}/api-\\S+$`, 'm');
      await watch.until(root, 'the crash loop as a root cause', 90_000);
      const answers = watch.stdout().split(/\n\n(?=source: )/);
      assert.ok(answers.length >= 2, 'the answer was printed again, below the first');
      assert.match(answers[0]!, /^No root cause found/m, 'the healthy namespace was shown first');
      assert.doesNotMatch(answers[0]!, root);
    } finally {
      await watch.stop();
    }
    assertWatchedPods(auditLog);

    // -o name through the shipped binary: the root objects as kubectl names them (the list a user pipes on),
    // in the order of the chains `-o json` gives for the same namespace.
    const named = await diag(['triage', '-n', ns, '-o', 'name'], { kubeconfig: cp.viewerKubeconfig });
    assert.equal(named.error, undefined, named.stderr);
    const lines = named.stdout.trimEnd().split('\n');
    const report = parseEnvelope<{ items: { root: { reason: string; object: { name: string } } }[] }>(
      await diag(['triage', '-n', ns, '-o', 'json'], { kubeconfig: cp.viewerKubeconfig }),
    );
    const crashing = report.items.find((c) => c.root.reason === 'CrashLoopBackOff');
    assert.ok(crashing, JSON.stringify(report.items.map((c) => c.root)));
    assert.equal(lines[0], `pod/${crashing.root.object.name}`);
    for (const line of lines) assert.match(line, /^[a-z]+\/[a-z0-9.-]+$/);
  });
});

describe('triage with hostile cluster text on the static plane (e2e)', function () {
  this.timeout(120_000);
  // Set the window title, clear the screen, a C1 CSI, an OSC 8 hyperlink, a bidi override, a forged root line.
  const PAYLOAD =
    'X\u001b]0;PWNED\u0007\u001b[2J\u009b31mZ\u001b]8;;https://evil.example/\u001b\\click\u001b]8;;\u001b\\ ' +
    '\u202eevil\u202c\n1. CRITICAL Forged  Pod default/fake';
  let ns: string;

  before(async function () {
    const cp = controlPlane();
    ns = await cp.seed.namespace(cp.seed.uniqueName('esc'));
    const node = cp.seed.uniqueName('node');
    await cp.seed.node(node);
    await cp.seed.pod(ns, 'victim', {
      node,
      labels: { app: 'victim' },
      status: podStatus({ containerStatuses: [containerStatus.crashLoopBackOff('app', { exitCode: 2 })] }),
    });
    // The admin writes an event with an arbitrary message: the apiserver accepts any text.
    await cp.seed.create(
      coreEvent(ns, {
        involvedObject: { kind: 'Pod', name: 'victim' },
        reason: 'Unhealthy',
        type: 'Warning',
        message: `Readiness probe failed: ${PAYLOAD}`,
      }),
    );
  });

  it('prints the attempt inert in table and wide, the forged line inside its finding, json exact', async function () {
    const cp = controlPlane();
    const flags = ['--kubeconfig', cp.viewerKubeconfig, '--audit-log', tempAuditLog()];
    for (const output of ['table', 'wide']) {
      const { code, stdout, stderr } = await run(['triage', '-n', ns, '-o', output, ...flags]);
      assert.equal(code, 0, stderr);
      assert.deepEqual(rawControls(stdout), [], `-o ${output}`);
      assert.match(stdout, /^\d+\. WARNING ReadinessProbeFailed {2}Pod \S+\/victim$/m, stdout);
      assert.ok(
        stdout.split('\n').every((l) => !/^\d+\. CRITICAL Forged/.test(l)),
        'the forged line is no root',
      );
      if (output === 'wide') {
        assert.ok(stdout.includes('Readiness probe failed: X^[]0;PWNED^G^[[2J\\u009b31mZ^[]8;;https://evil'));
        assert.match(
          stdout,
          /^ {7}1\. CRITICAL Forged {2}Pod default\/fake$/m,
          'indented under its evidence',
        );
      }
    }
    const json = await run(['triage', '-n', ns, '-o', 'json', ...flags]);
    assert.equal(json.code, 0, json.stderr);
    assert.ok(JSON.stringify(JSON.parse(json.stdout)).includes('\\u001b]0;PWNED\\u0007'), 'json is exact');
  });

  it('gives a model the triage text without a raw control, its structured content exact', async function () {
    const mcp = await mcpInMemory({ kubeconfig: controlPlane().viewerKubeconfig });
    try {
      const answer = await mcp.call('triage', { namespace: ns });
      assert.equal(answer.isError, false, answer.text);
      assert.match(answer.text, /ReadinessProbeFailed/);
      assert.deepEqual(rawControls(answer.text), []);
      assert.ok(answer.text.split('\n').every((l) => !/^\d+\. CRITICAL Forged/.test(l)));
      assert.ok(JSON.stringify(answer.structured).includes('\\u001b]0;PWNED'), 'structuredContent is exact');
    } finally {
      await mcp.close();
    }
  });
});

describe('help and version with the global flags, through the built binary (e2e)', function () {
  this.timeout(60_000);

  it('take --kubeconfig, --context, -n, -A, --request-timeout … before or after, read nothing, and exit 0', async function () {
    const auditLog = tempAuditLog();
    const global = [
      '--kubeconfig',
      controlPlane().viewerKubeconfig,
      '--context',
      'no-such-context',
      '-n',
      'shop',
      '-A',
      '--request-timeout=5s',
      '--audit-log',
      auditLog,
      '--allowed-namespaces',
      'shop',
      '--qps',
      '5',
    ];
    const cases: [string[], RegExp][] = [
      [['help', ...global], /^COMMANDS$/m],
      [['help', 'pods', ...global], /^ {2}\$ kubectl diag pods /m],
      [['-n', 'shop', 'help', 'pods'], /^ {2}\$ kubectl diag pods /m],
      [['help', '-n', 'shop', 'triage'], /^ {2}\$ kubectl diag triage /m],
      [['--kubeconfig', '/nonexistent/config', 'help'], /^COMMANDS$/m],
      [['version', ...global], /^kubectl-diag version: v\d+\.\d+\.\d+ /],
      [['--context', 'x', 'version', '-o', 'json'], /"clientVersion"/],
      [['-n', 'shop', 'version'], /^kubectl-diag version: /],
    ];
    const runs = await Promise.all(cases.map(([args]) => run(args)));
    runs.forEach((r, i) => {
      const [args, expected] = cases[i]!;
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stderr, '', args.join(' '));
      assert.match(r.stdout, expected, args.join(' '));
    });
    assert.deepEqual(readAudit(auditLog), [], 'no request was made');
    // Hidden: help does not list flags that do nothing.
    assert.doesNotMatch(runs[5]!.stdout + (await run(['help', 'version'])).stdout, /--kubeconfig|--context/);
  });

  it('still refuse a flag no command has, in one line', async function () {
    for (const command of ['help', 'version']) {
      const r = await run([command, '--no-such-flag']);
      assert.equal(r.code, 2);
      assert.equal(r.stderr, `error: unknown flag: --no-such-flag (see 'kubectl diag ${command} --help')\n`);
    }
  });
});
