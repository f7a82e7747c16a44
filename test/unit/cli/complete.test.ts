// Shell completion without a cluster: what the word under the cursor can be, planned from the real
// oclif.manifest.json, and names read from the demo snapshot through the same session as every command.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { candidatesOf } from '../../../src/cli/complete-run.js';
import {
  DIRECTIVE,
  formatCandidates,
  planCompletion,
  type CompletableCommand,
  type CompletionPlan,
} from '../../../src/cli/complete.js';
import { completionScript, SHELLS } from '../../../src/cli/completion-scripts.js';
import { DEMO_SNAPSHOT } from '../../../src/cluster/session.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const manifest = JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8')) as {
  commands: Record<string, Omit<CompletableCommand, 'id'>>;
};
const COMMANDS: CompletableCommand[] = Object.entries(manifest.commands).map(([id, c]) => ({ ...c, id }));

function plan(line: string[]): CompletionPlan {
  return planCompletion(COMMANDS, line.slice(0, -1), line.at(-1)!).plan;
}

function values(p: CompletionPlan): string[] {
  assert.equal(p.kind, 'candidates', JSON.stringify(p));
  return p.kind === 'candidates' ? p.candidates.map((c) => c.value) : [];
}

describe('completion plan', () => {
  it('offers the commands, each once, with no hidden command and no alias', () => {
    const commands = values(plan(['']));
    assert.ok(commands.includes('pods') && commands.includes('snapshot') && commands.includes('completion'));
    assert.equal(new Set(commands).size, commands.length);
    assert.ok(!commands.includes('po') && !commands.includes('snapshot:save'));
  });

  it('offers the aliases a kubectl user types when no command name starts so', () => {
    assert.deepEqual(values(plan(['po'])), ['pods']);
    assert.deepEqual(values(plan(['pv'])), ['pv', 'pvc']);
    assert.deepEqual(values(plan(['zz'])), []);
  });

  it('offers the commands of a topic, and topics and commands after help', () => {
    assert.deepEqual(values(plan(['snapshot', ''])), ['save']);
    assert.ok(values(plan(['help', ''])).includes('pods'));
    assert.deepEqual(values(plan(['help', 'snapshot', ''])), ['save']);
  });

  it('offers flags by prefix, the one-letter forms after a lone dash, and not a flag already given', () => {
    assert.deepEqual(values(plan(['pods', '--no'])), ['--no-headers']);
    const dash = values(plan(['pods', '-']));
    assert.ok(dash.includes('-n') && dash.includes('--namespace') && dash.includes('-A'));
    assert.ok(!values(plan(['pods', '--watch', '--'])).includes('--watch'));
    // Before any command: the flags every cluster command shares (kubectl diag -n shop pods).
    const shared = values(plan(['--']));
    assert.ok(shared.includes('--namespace') && !shared.includes('--tail'));
  });

  it('completes flag values: options, namespaces, contexts, files', () => {
    assert.deepEqual(values(plan(['pods', '-o', 'j'])), ['json']);
    assert.deepEqual(values(plan(['pods', '--output=y'])), ['--output=yaml']);
    assert.deepEqual(plan(['pods', '-n', 'sh']), { kind: 'namespaces', prefix: 'sh' });
    assert.deepEqual(plan(['doctor', '--context', '']), { kind: 'contexts', prefix: '' });
    assert.deepEqual(plan(['pods', '--kubeconfig', '']), { kind: 'files' });
    assert.deepEqual(plan(['snapshot', 'save', '']), { kind: 'files' });
    assert.deepEqual(values(plan(['pods', '--tail', ''])), []);
  });

  it('plans object names for the one positional argument, in the namespace typed', () => {
    assert.deepEqual(plan(['pods', '-n', 'shop', 'we']), {
      kind: 'names',
      resource: 'pods',
      namespace: 'shop',
      prefix: 'we',
    });
    assert.deepEqual(plan(['-nshop', 'svc', '']), {
      kind: 'names',
      resource: 'services',
      namespace: 'shop',
      prefix: '',
    });
    assert.equal(
      (plan(['storage', '--namespace=db', '']) as { resource: string }).resource,
      'persistentvolumeclaims',
    );
    assert.deepEqual(plan(['no', '']), {
      kind: 'names',
      resource: 'nodes',
      namespace: undefined,
      prefix: '',
    });
    assert.deepEqual(values(plan(['pods', 'web-1', ''])), []);
    assert.deepEqual(values(plan(['unknown', ''])), []);
  });

  it('keeps the settings that choose the cluster and the fence', () => {
    const { settings } = planCompletion(
      COMMANDS,
      ['pods', '--context', 'prod', '--allowed-namespaces=shop', '--kubeconfig', '/k', '--demo'],
      '',
    );
    assert.deepEqual(settings, { context: 'prod', allowedNamespaces: 'shop', kubeconfig: '/k', demo: true });
  });

  it("prints cobra's protocol: a candidate a line, a tab before its description, the directive last", () => {
    assert.equal(
      formatCandidates(
        [{ value: 'pods', description: 'Diagnose pods' }, { value: 'po' }],
        DIRECTIVE.noFileComp,
      ),
      'pods\tDiagnose pods\npo\n:4\n',
    );
  });
});

describe('completion candidates (demo snapshot, through the session)', () => {
  const env = {
    KUBECTL_DIAG_AUDIT_LOG: join(mkdtempSync(join(tmpdir(), 'complete-test-')), 'audit.jsonl'),
  };
  const demo = { snapshot: DEMO_SNAPSHOT };

  it('offers the pods of a namespace of the snapshot', async () => {
    const { candidates } = await candidatesOf(
      { kind: 'names', resource: 'pods', namespace: 'shop', prefix: 'api' },
      demo,
      env,
    );
    assert.ok(candidates.length > 0 && candidates.every((c) => c.value.startsWith('api')));
  });

  it('offers only the fence when there is one, and no pod of another namespace', async () => {
    const fenced = { ...demo, allowedNamespaces: 'shop' };
    const namespaces = await candidatesOf({ kind: 'namespaces', prefix: '' }, fenced, env);
    assert.deepEqual(
      namespaces.candidates.map((c) => c.value),
      ['shop'],
    );
    await assert.rejects(
      candidatesOf({ kind: 'names', resource: 'pods', namespace: 'kube-system', prefix: '' }, fenced, env),
      /refused|fence|allowed/i,
    );
  });
});

describe('completion scripts', () => {
  for (const shell of SHELLS) {
    it(`${shell}: asks \`kubectl-diag __complete\` and registers for kubectl-diag`, () => {
      const script = completionScript(shell);
      assert.match(script, /__complete/);
      assert.match(script, /kubectl-diag/);
      assert.ok(!script.includes("${'$'}"), 'no template escape left in the script');
    });
  }
});
