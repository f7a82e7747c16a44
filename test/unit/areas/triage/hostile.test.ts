// Triage shows cluster text, and cluster text is hostile (DESIGN rule 10): names and messages carrying terminal
// escapes (CSI, OSC 0 titles, OSC 8 hyperlinks, BEL), C1 controls, bidi overrides, line breaks and very long
// strings go through `kubectl diag triage` (table, wide, the one-line chain) from a snapshot file as the CLI
// reads it, and must reach the terminal inert, each chain line on one line. And `-o name`: the root objects
// as kubectl names them (`pod/api-1`), on the demo.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCommand } from '@oclif/test';
import { chainLine } from '../../../../src/areas/triage/chains.js';
import { oneLine } from '../../../../src/render/table.js';
import { triageQuery } from '../../../../src/areas/triage/queries.js';
import { rootNames, triageText, triageView } from '../../../../src/areas/triage/text.js';
import { names } from '../../../../src/cli/envelope.js';
import { triageNamesEnvelope } from '../../../../src/areas/triage/command.js';
import { DEMO_SNAPSHOT, openSession } from '../../../../src/cluster/session.js';
import { executeQuery } from '../../../../src/queries/query.js';
import { toTerminal } from '../../../../src/render/table.js';
import { finding } from '../../../../src/areas/pods/reasons.js';
import { finding as nodeFinding } from '../../../../src/areas/nodes/reasons.js';
import { makePod, minutesAgo, podEvent, runningStatus } from '../../builders/pods.js';

const ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));

/** Title, clear screen, cursor up, CR overwrite, a C1 CSI, an OSC 8 hyperlink, bidi overrides, line breaks. */
export const HOSTILE =
  'X\u001b]0;PWNED\u0007\u001b[2J\u001b[1A\rFAKE\u009b31mZ' +
  '\u001b]8;;https://evil.example/\u001b\\click\u001b]8;;\u001b\\ ' +
  '\u202eevil\u202c \u2066iso\u2069\u0085nel\n1. CRITICAL Forged  Pod shop/fake\u2028LS\u2029PS';

/** Raw control bytes (C0 but newline, DEL, C1) and bidi overrides/isolates: none may reach a terminal. */
export function rawControls(text: string): string[] {
  return [...text.matchAll(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g)].map(
    (m) => `U+${m[0].charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

const LONG = 'L'.repeat(200_000);

/** A pod of the shop crash-looping, the container's termination message (and its waiting message) `message`. */
function crashing(name: string, message: string) {
  return makePod(name, {
    metadata: { labels: { app: 'api' } },
    status: {
      conditions: [
        { type: 'Ready', status: 'False', reason: 'ContainersNotReady' },
        { type: 'PodScheduled', status: 'True' },
      ],
      containerStatuses: [
        runningStatus('app', {
          ready: false,
          restartCount: 5,
          state: { waiting: { reason: 'CrashLoopBackOff', message: `back-off ${message}` } },
          lastState: { terminated: { exitCode: 1, reason: 'Error', message, finishedAt: minutesAgo(1) } },
        }),
      ],
    },
  });
}

/** A `kubectl get -o json` List as a snapshot: pods whose names and messages carry the payload, their events. */
function hostileSnapshot(dir: string): string {
  const pods = [crashing('api-1', `${HOSTILE} ${LONG}`), crashing(`api-${HOSTILE}`, HOSTILE)];
  const items = [
    ...pods,
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'api', namespace: 'shop' },
      spec: { selector: { app: 'api' }, ports: [{ port: 80 }] },
    },
    ...pods.map((p) => ({
      apiVersion: 'v1',
      kind: 'Event',
      ...podEvent(p, 'Unhealthy', `Readiness probe failed: ${HOSTILE}`),
    })),
  ];
  const file = join(dir, 'hostile.json');
  writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
  return file;
}

describe('triage and hostile cluster text', function () {
  this.timeout(60_000);
  const dir = mkdtempSync(join(tmpdir(), 'triage-hostile-'));
  let snapshot: string;
  before(() => (snapshot = hostileSnapshot(dir)));
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const output of ['table', 'wide'] as const)
    it(`prints no raw control byte in -o ${output}, and no cluster text starts a line of its own`, async () => {
      const { stdout, error } = await runCommand(
        ['triage', '-n', 'shop', '--snapshot', snapshot, '-o', output, '--audit-log', join(dir, 'a.jsonl')],
        { root: ROOT },
      );
      assert.equal(error, undefined, error?.message);
      assert.deepEqual(rawControls(stdout), []);
      assert.match(stdout, /X\^\[\]0;PWNED\^G\^\[\[2J/, 'the attempt is shown, made visible');
      assert.match(
        stdout,
        /\^\[\]8;;https:\/\/evil\.example\/\^\[\\click/,
        'an OSC 8 link is text, not a link',
      );
      assert.match(
        stdout,
        /\\u202eevil\\u202c \\u2066iso\\u2069\\u0085nel/,
        'bidi and C1 controls are visible',
      );
      const lines = stdout.split('\n');
      // Every line is ours: the source, a summary, a numbered root, or indented under one.
      assert.deepEqual(
        lines.filter(
          (l) => l !== '' && !/^(source: |not in the snapshot: |\d+ root causes? in |\d+\. | {3})/.test(l),
        ),
        [],
      );
      const roots = lines.filter((l) => /^\d+\. /.test(l));
      assert.ok(roots.length >= 2, stdout.slice(0, 2000));
      assert.ok(
        roots.every((l) => !/Forged/.test(l) || /Pod shop\/api-X/.test(l)),
        'the forged root line is part of a name, not a line of its own',
      );
      const chains = lines.filter((l) => l.startsWith('   chain: '));
      assert.ok(chains.length >= 2);
      // The forged line inside a pod's name stays inside the chain that names the pod.
      assert.ok(
        chains.some((l) =>
          /Pod shop\/api-X\^\[.*1\. CRITICAL Forged {2}Pod shop\/fake LS PS CrashLoopBackOff ← /.test(l),
        ),
        chains.join('\n'),
      );
      if (output === 'wide') {
        // Evidence that spans lines (the termination message) stays indented under its finding.
        assert.ok(lines.some((l) => l === '       1. CRITICAL Forged  Pod shop/fake'));
        assert.ok(stdout.includes(LONG), 'a long message is shown whole, as kubectl does');
      }
    });

  it('keeps the one-line chain on one line, with the root message whole and inert once rendered', async () => {
    const session = openSession({ snapshot, auditLog: join(dir, 'b.jsonl') });
    try {
      const report = await executeQuery(triageQuery, { namespace: 'shop' }, session, 'test');
      assert.ok(report.chains.length >= 2);
      for (const chain of report.chains) {
        assert.doesNotMatch(chain.line, /[\n\u2028\u2029]/);
        assert.equal(rawControls(toTerminal(chain.line)).length, 0);
      }
      // The model's text has the same shape; the MCP server makes it inert (src/mcp/server.ts) as the CLI does.
      const text = triageText(report);
      assert.ok(text.split('\n').every((l) => !l.startsWith('1. CRITICAL Forged')));
      // Our own colors are the only escapes (their placeholder holds a nonce no cluster string can know).
      const colored = toTerminal(triageView(report, true, { color: true }));
      assert.match(colored, /\u001b\[1mCrashLoopBackOff\u001b\[0m/);
      assert.deepEqual(rawControls(colored.replace(/\u001b\[[0-9;]*m/g, '')), []);
    } finally {
      await session.close();
    }
  });

  it('folds line breaks with the blanks around them into one space, leaving a lone CR to the renderer', () => {
    assert.equal(oneLine('a \n b\r\nc\u2028d\u2029e'), 'a b c d e');
    assert.equal(oneLine('a\rb'), 'a\rb');
    assert.equal(toTerminal(oneLine('a\rb')), 'a\\rb');
    const root = finding(
      'Evicted',
      { kind: 'Pod', namespace: 'shop', name: 'p\nq' },
      { message: 'one\ntwo', evidence: [] },
    );
    assert.equal(chainLine({ root, symptoms: [] }, ['Pod/shop/p\nq']), 'Pod shop/p q Evicted ← one two');
  });
});

describe('triage -o name', function () {
  this.timeout(60_000);

  it('names the root object of every chain as kubectl does, most severe first, each once', async () => {
    const session = openSession({
      snapshot: DEMO_SNAPSHOT,
      auditLog: join(mkdtempSync(join(tmpdir(), 'triage-names-')), 'audit.jsonl'),
    });
    try {
      const report = await executeQuery(triageQuery, { allNamespaces: true }, session, 'test');
      const lines = names(triageNamesEnvelope(report)).split('\n');
      const expected = [...new Set(report.chains.flatMap((c) => c.objects))].map((o) => {
        const parts = o.split('/');
        return `${parts[0]!.toLowerCase()}/${parts.at(-1)}`;
      });
      assert.deepEqual(lines, expected);
      assert.ok(lines.length >= 5);
      for (const line of lines)
        assert.match(line, /^(pod|node|service|persistentvolumeclaim|[a-z]+)\/[a-z0-9.-]+$/);
      assert.ok(lines.includes('node/node-3') && lines.some((l) => /^pod\/api-/.test(l)), lines.join('\n'));
      assert.match(lines[0]!, /^pod\//, 'a critical root first');
      // The envelope -o name prints keeps the summary, so --exit-code still sees the critical roots.
      assert.equal(triageNamesEnvelope(report).summary.findings.critical, report.counts.critical);
    } finally {
      await session.close();
    }
  });

  it('names every pod of a folded chain, and a name from a snapshot file as it is (-o name makes it inert: hostile-lists.test.ts)', () => {
    const root = finding(
      'Evicted',
      { kind: 'Pod', namespace: 'shop', name: 'api-1' },
      { message: 'evicted', evidence: [] },
    );
    const node = nodeFinding('Cordoned', { kind: 'Node', name: 'n1' }, { message: 'cordoned', evidence: [] });
    const report = {
      chains: [
        {
          root,
          symptoms: [],
          line: '',
          objects: ['Pod/shop/api-1', 'Pod/shop/api-2', 'Pod/shop/a/b\u001b[2J'],
        },
        { root: node, symptoms: [], line: '', objects: ['Node/n1'] },
        { root, symptoms: [], line: '', objects: ['Pod/shop/api-1'] },
      ],
    } as unknown as Parameters<typeof rootNames>[0];
    assert.deepEqual(
      rootNames(report).map((r) => `${r.kind.toLowerCase()}/${r.name}`),
      ['pod/api-1', 'pod/api-2', 'pod/a/b\u001b[2J', 'node/n1'],
    );
  });
});
