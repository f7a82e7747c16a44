// Snapshots against the real control plane: the demo scenario is seeded live, captured with
// `kubectl diag snapshot save` and with `kubectl cluster-info dump` (plus `kubectl get -o yaml` for what the
// dump leaves out), and every command must give the same findings from all three.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDemoScenario, type DemoScenario } from '../cluster/demo-scenario.js';
import type { ControlPlane } from '../cluster/index.js';
import { controlPlane } from './setup.js';
import { diag, mcpStdio } from './tool.js';

/** The commands whose findings must agree; each prints JSON with findings somewhere inside. */
const COMMANDS: string[][] = [['pods', '-A'], ['endpoints', '-A'], ['storage', '-A'], ['nodes']];

interface FindingLike {
  severity: string;
  reason: string;
  object: { kind: string; namespace?: string; name: string };
}

function findingsIn(value: unknown, into: FindingLike[] = []): FindingLike[] {
  if (Array.isArray(value)) value.forEach((v) => findingsIn(v, into));
  else if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (
      typeof v.reason === 'string' &&
      typeof v.severity === 'string' &&
      v.object &&
      typeof v.object === 'object'
    )
      into.push(v as unknown as FindingLike);
    else Object.values(v).forEach((child) => findingsIn(child, into));
  }
  return into;
}

describe('snapshots: the same answers offline (e2e)', function () {
  let cp: ControlPlane;
  let demo: DemoScenario;
  let fence: string;
  const dir = mkdtempSync(join(tmpdir(), 'snapshot-e2e-'));
  const saved = join(dir, 'snapshot.json.gz');
  const dump = join(dir, 'dump');

  function ours(f: FindingLike): boolean {
    const { namespace, name } = f.object;
    return namespace
      ? demo.namespaces.includes(namespace)
      : demo.nodes.includes(name) || demo.persistentVolumes.includes(name);
  }

  async function findings(args: string[]): Promise<string[]> {
    const { stdout, error } = await diag([...args, '-o', 'json', '--allowed-namespaces', fence]);
    assert.equal(error, undefined, `${args.join(' ')}: ${error?.message}`);
    const all = findingsIn(JSON.parse(stdout)).filter(ours);
    return [
      ...new Set(
        all.map(
          (f) => `${f.severity} ${f.reason} ${f.object.kind}/${f.object.namespace ?? ''}/${f.object.name}`,
        ),
      ),
    ].sort();
  }

  before(async function () {
    this.timeout(120_000);
    cp = controlPlane();
    demo = await seedDemoScenario(cp, cp.seed.uniqueName('d').slice(0, 12));
    fence = demo.namespaces.join(',');
    const save = await diag([
      'snapshot',
      'save',
      saved,
      '-A',
      '--allowed-namespaces',
      fence,
      '--logs',
      'all',
    ]);
    assert.equal(save.error, undefined, save.error?.message);
    // A support bundle as people make them: cluster-info dump, plus what it does not cover.
    const dumped = await cp.kubectl([
      'cluster-info',
      'dump',
      '--output-directory',
      dump,
      '--namespaces',
      `${fence},default`,
    ]);
    assert.equal(dumped.code, 0, dumped.stderr);
    for (const ns of demo.namespaces) {
      const extra = await cp.kubectl([
        'get',
        'endpointslices,persistentvolumeclaims',
        '-n',
        ns,
        '-o',
        'yaml',
      ]);
      mkdirSync(join(dump, ns), { recursive: true });
      writeFileSync(join(dump, ns, 'extra.yaml'), extra.stdout);
    }
    writeFileSync(
      join(dump, 'cluster-scoped.yaml'),
      (await cp.kubectl(['get', 'persistentvolumes,storageclasses,volumeattachments', '-o', 'yaml'])).stdout,
    );
  });

  for (const command of COMMANDS) {
    it(`kubectl diag ${command.join(' ')} finds the same live, from snapshot save and from cluster-info dump`, async function () {
      const live = await findings(command);
      assert.ok(live.length > 0, 'the demo scenario has findings here');
      assert.deepEqual(await findings([...command, '--snapshot', saved]), live, 'snapshot save');
      assert.deepEqual(await findings([...command, '--snapshot', dump]), live, 'cluster-info dump');
    });
  }

  it('says in every output that it comes from a snapshot, and when that was taken', async function () {
    const { stdout } = await diag(['pods', '-A', '--snapshot', dump, '--allowed-namespaces', fence]);
    assert.match(
      stdout,
      new RegExp(
        `^source: snapshot ${dump.replace(/[.]/g, '\\.')} \\(kubectl cluster-info dump, taken about \\S+ \\(its newest timestamp\\)\\)`,
        'm',
      ),
    );
    const json = JSON.parse((await diag(['pods', '-A', '-o', 'json', '--snapshot', saved])).stdout) as {
      source: { kind: string; takenAt: string };
    };
    assert.equal(json.source.kind, 'snapshot');
    assert.ok(Date.parse(json.source.takenAt) <= Date.now());
  });

  it('reads the previous log of a crash-looping pod from snapshot save, and says a dump never captured it', async function () {
    const [shop] = demo.namespaces;
    const fromSave = await diag(['pods', 'api-5f6b8-m9d2c', '-n', shop!, '--snapshot', saved]);
    assert.match(
      fromSave.stdout,
      /Log \(previous instance of app, last 50 lines\):\n {2}starting api v2\.3\.1\n[^]*panic: runtime error/,
    );
    const fromDump = await diag(['pods', 'api-5f6b8-m9d2c', '-n', shop!, '--snapshot', dump]);
    assert.match(
      fromDump.stdout,
      /unavailable: no log for container "app" of pod .*: the previous instance's log was not captured in the snapshot/,
    );
  });

  it('refuses to save into a folder that does not exist, before reading anything', async function () {
    const { error, audit } = await diag(['snapshot', 'save', join(dir, 'missing', 'x.json'), '-A']);
    assert.match(error?.message ?? '', /cannot write .*x\.json: the folder .*missing does not exist/);
    assert.equal(error?.oclif?.exit, 2);
    assert.deepEqual(audit, []);
  });

  it('keeps the namespace fence on a snapshot', async function () {
    const [shop, payments] = demo.namespaces;
    const fenced = await diag([
      'pods',
      '-A',
      '-o',
      'json',
      '--snapshot',
      saved,
      '--allowed-namespaces',
      payments!,
    ]);
    const namespaces = new Set(
      (JSON.parse(fenced.stdout) as { items: { namespace: string }[] }).items.map((p) => p.namespace),
    );
    assert.deepEqual([...namespaces], [payments]);
    const refused = await diag(['pods', '-n', shop!, '--snapshot', saved, '--allowed-namespaces', payments!]);
    assert.match(refused.error?.message ?? '', /outside the allowed namespaces/);
  });

  it('serves a snapshot over MCP, and says check_access needs a live cluster', async function () {
    const mcp = await mcpStdio({}, ['--snapshot', saved]);
    try {
      const answer = await mcp.call('diagnose_pods', { allNamespaces: true });
      assert.equal(answer.isError, false, answer.text);
      assert.match(answer.text, /source: snapshot .*snapshot\.json\.gz \(kubectl-diag snapshot, taken /);
      assert.match(answer.text, /\[critical\] OOMKilled/);
      const access = await mcp.call('check_access', {});
      assert.equal(access.isError, true);
      assert.match(access.text, /needs a live cluster/);
    } finally {
      await mcp.close();
    }
  });
});
