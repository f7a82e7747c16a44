// No hint tells the user to run the command they just ran (issue 17, part 8): every view of the demo
// snapshot, lists and single objects, with each `kubectl diag …` a hint names compared to the command
// that printed it.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCommand } from '@oclif/test';
import { DEMO_SNAPSHOT } from '../../../src/cluster/session.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const audit = join(mkdtempSync(join(tmpdir(), 'hints-test-')), 'audit.jsonl');

type Meta = { name: string; namespace?: string };
const resources = (
  JSON.parse(readFileSync(DEMO_SNAPSHOT, 'utf8')) as { resources: Record<string, { metadata: Meta }[]> }
).resources;
const names = (resource: string) => (resources[resource] ?? []).map((o) => o.metadata);

/** What a command shows: its command word, the one object (or a placeholder for it) and the scope. */
interface Shown {
  command: string;
  object?: string;
  scope: string;
}

const PLACEHOLDERS = new Set(['NAME', 'POD', 'NODE', 'SERVICE', 'CLAIM']);

const VALUED = new Set(['-n', '--namespace', '-l', '--selector', '-o', '--output', '--sort-by']);

/** The command in `words`, up to the first word of prose after it ("shows its tail"). */
function shownBy(words: string[]): Shown {
  const [command, ...rest] = words;
  let scope = '';
  let object: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const w = rest[i]!;
    if (w === '-n' || w === '--namespace') scope += ` ns:${rest[++i]}`;
    else if (w === '-A' || w === '--all-namespaces') scope += ' all';
    else if (VALUED.has(w))
      scope += ` ${w} ${rest[++i]}`; // another view of the same objects
    else if (w.startsWith('-')) scope += ` ${w}`;
    else if (i === 0) object = w;
    else break;
  }
  return { command: command!, object, scope: scope.trim() };
}

/** The `kubectl diag …` commands named in the hints ("→" lines) of a view. */
function hintedCommands(view: string): string[][] {
  const hints = view.split('\n').filter((l) => l.trimStart().startsWith('→'));
  return hints.flatMap((h) =>
    [...h.matchAll(/kubectl diag ([a-z][^`().;:]*)/g)].map((m) => m[1]!.trim().split(/\s+/)),
  );
}

const views: string[][] = [
  ['pods', '-A'],
  ['pods', '-n', 'shop'],
  ['endpoints', '-A'],
  ['storage', '-A'],
  ['nodes'],
  ['workloads', '-A'],
  ...names('pods').map((p) => ['pods', p.name, '-n', p.namespace!]),
  ...names('services').map((s) => ['endpoints', s.name, '-n', s.namespace!]),
  ...names('persistentvolumeclaims').map((c) => ['storage', c.name, '-n', c.namespace!]),
  ...names('nodes').map((n) => ['nodes', n.name]),
];

describe('no hint tells the user to run the command they just ran (demo snapshot)', () => {
  it('finds the commands hints name, and tells a placeholder from another object', () => {
    const view =
      '  CRITICAL X: y\n      → Read the log (kubectl diag pods NAME shows its tail); see `kubectl diag nodes`.';
    assert.deepEqual(hintedCommands(view), [['pods', 'NAME', 'shows', 'its', 'tail'], ['nodes']]);
  });

  for (const args of views) {
    it(`kubectl diag ${args.join(' ')}`, async () => {
      const { stdout, error } = await runCommand([...args, '--demo', '--audit-log', audit], { root: ROOT });
      assert.equal(error, undefined, error?.message);
      const ran = shownBy(args);
      for (const words of hintedCommands(stdout)) {
        const hinted = shownBy(words);
        const sameObject =
          hinted.object === ran.object || (ran.object !== undefined && PLACEHOLDERS.has(hinted.object ?? ''));
        const same =
          hinted.command === ran.command && sameObject && (hinted.scope === ran.scope || hinted.scope === '');
        assert.ok(
          !same,
          `a hint of \`kubectl diag ${args.join(' ')}\` says to run \`kubectl diag ${words.join(' ')}\``,
        );
      }
    });
  }
});
