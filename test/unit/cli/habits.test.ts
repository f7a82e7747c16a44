// kubectl habits through oclif's runCommand on the built-in demo snapshot (no cluster needed): aliases,
// -h, flags before the subcommand, version, help, and one-line errors with the closest match.

import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCommand } from '@oclif/test';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const audit = join(mkdtempSync(join(tmpdir(), 'habits-test-')), 'audit.jsonl');

async function cli(args: string[]) {
  const result = await runCommand(args, { root: ROOT });
  return { ...result, exit: (result.error as { oclif?: { exit?: number } } | undefined)?.oclif?.exit };
}

const demo = ['--demo', '--audit-log', audit];

describe('kubectl habits (CLI, demo snapshot)', () => {
  const aliases: Array<[string, RegExp]> = [
    ['pod', /^api-5f6b8-m9d2c\s+0\/1\s+CrashLoopBackOff/m],
    ['po', /^api-5f6b8-m9d2c\s+0\/1\s+CrashLoopBackOff/m],
    ['svc', /^frontend\s.*SelectorMatchesNoPods/m],
    ['service', /^frontend\s.*SelectorMatchesNoPods/m],
    ['ep', /^frontend\s.*SelectorMatchesNoPods/m],
    ['no', /^node-3\s+NotReady/m],
    ['node', /^node-3\s+NotReady/m],
    ['pvc', /PersistentVolumeClaims|CLAIM|NAME/],
    ['pv', /PersistentVolumeClaims|CLAIM|NAME/],
  ];
  for (const [alias, expected] of aliases) {
    it(`answers to kubectl's short name "${alias}"`, async () => {
      const args = alias === 'no' || alias === 'node' ? [alias, ...demo] : [alias, '-n', 'shop', ...demo];
      const { stdout, error } = await cli(args);
      assert.equal(error, undefined, error?.message);
      assert.match(stdout, expected);
    });
  }

  it('the alias shows the same as the command', async () => {
    const a = await cli(['svc', '-n', 'shop', ...demo]);
    const b = await cli(['endpoints', '-n', 'shop', ...demo]);
    assert.equal(a.stdout, b.stdout);
  });

  it('takes flags before the subcommand: kubectl diag -n shop pods', async () => {
    const before = await cli(['-n', 'shop', '--demo', '--audit-log', audit, 'pods']);
    const after = await cli(['pods', '-n', 'shop', ...demo]);
    assert.equal(before.error, undefined, before.error?.message);
    assert.equal(before.stdout, after.stdout);
    assert.match(before.stdout, /^api-5f6b8-m9d2c\s/m);
  });

  it('takes flags before a two-word command and before one pod name', async () => {
    const one = await cli(['-n', 'shop', ...demo, 'pods', 'api-5f6b8-m9d2c']);
    assert.equal(one.error, undefined, one.error?.message);
    assert.match(one.stdout, /^Name:\s+api-5f6b8-m9d2c\nNamespace:\s+shop$/m);
    const help = await cli(['-n', 'shop', 'snapshot', 'save', '-h']);
    assert.match(help.stdout, /USAGE\n\s+\$ kubectl diag snapshot save PATH/);
  });

  it('-h is help, for the root and for a command', async () => {
    const root = await cli(['-h']);
    assert.match(root.stdout, /COMMANDS/);
    assert.match(root.stdout, /pods\s+Pods and what is wrong with them/);
    const pods = await cli(['pods', '-h']);
    assert.match(pods.stdout, /USAGE\n\s+\$ kubectl diag pods \[POD\]/);
    assert.match(pods.stdout, /ALIASES\n\s+\$ kubectl diag pod/);
  });

  it('help pods and help po explain pods; help of an unknown command suggests one', async () => {
    const help = await cli(['help', 'pods']);
    const flag = await cli(['pods', '--help']);
    assert.equal(help.stdout, flag.stdout);
    assert.match((await cli(['help', 'po'])).stdout, /Pods and what is wrong with them/);
    const typo = await cli(['help', 'pdos']);
    assert.equal(typo.exit, 2);
    assert.equal(typo.stderr, 'error: unknown command "pdos" for "kubectl diag"; did you mean "pods"?\n');
  });

  it('version prints the version, also as JSON', async () => {
    const { stdout } = await cli(['version']);
    assert.match(stdout, /^kubectl-diag version: v\d+\.\d+\.\d+ \(Node\.js v\d+/);
    const json = JSON.parse((await cli(['version', '-o', 'json'])).stdout) as {
      clientVersion: { version: string };
    };
    assert.match(json.clientVersion.version, /^v\d+\.\d+\.\d+/);
  });

  it('an unknown command is one line with the closest command, exit 2', async () => {
    const { stdout, stderr, exit } = await cli(['pdos', '-n', 'shop']);
    assert.equal(stdout, '');
    assert.equal(
      stderr,
      'error: unknown command "pdos" for "kubectl diag"; did you mean "pods"? (\'kubectl diag help\' lists the commands)\n',
    );
    assert.equal(exit, 2);
    const topic = await cli(['snapshot', 'sav', 'x.json']);
    assert.match(topic.stderr, /^error: unknown command "snapshot sav" .*did you mean "snapshot save"\?/);
    const none = await cli(['xyzzy']);
    assert.doesNotMatch(none.stderr, /did you mean/);
  });

  it('an unknown flag is one line with the closest flag, no usage dump', async () => {
    const { stderr, exit } = await cli(['pods', '--namspace', 'shop', ...demo]);
    assert.equal(
      stderr,
      'error: unknown flag: --namspace; did you mean "--namespace"? (see \'kubectl diag pods --help\')\n',
    );
    assert.equal(exit, 2);
    const alias = await cli(['po', '--tial', '5', ...demo]);
    assert.match(
      alias.stderr,
      /^error: unknown flag: --tial; did you mean "--tail"\? \(see 'kubectl diag pods --help'\)\n$/,
    );
  });

  it('any other usage error is one line too', async () => {
    const extra = await cli(['pods', 'a', 'b', ...demo]);
    assert.equal(extra.stderr, "error: unexpected argument: b (see 'kubectl diag pods --help')\n");
    const bad = await cli(['pods', '-o', 'xml', ...demo]);
    assert.equal(bad.stderr.split('\n').length, 2, bad.stderr);
    assert.match(bad.stderr, /^error: Expected --output=xml to be one of: table, wide/);
  });

  it('doctor --demo says a snapshot has nothing to check, without naming an MCP tool', async () => {
    const { stderr, exit } = await cli(['doctor', ...demo]);
    assert.equal(exit, 2);
    assert.match(stderr, /^error: doctor checks a live cluster .*--demo reads a saved one/);
    assert.doesNotMatch(stderr, /check_access|MCP|tool/);
  });
});
