// scripts/commands.ts: a registered area with a command.ts gets a command file named after its command
// line; an unregistered folder gets none; a hand-written command of the same name is a build error.
// An area's -o json|yaml envelope is what it registers too: its kinds join the schemas, -o json finds them.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { writeAreaCommands } from '../../../scripts/commands.js';
import { defineArea } from '../../../src/areas/area.js';
import { AREAS } from '../../../src/areas/registry.js';
import { API_VERSION, documented, type Envelope } from '../../../src/cli/envelope.js';
import { ENVELOPES, envelopesOf } from '../../../src/cli/envelopes/all.js';
import { envelope, kinded } from '../../../src/cli/envelopes/common.js';

/** A compiled tree like dist/src: two area folders with a command, one of them registered. */
function tree(): string {
  const dist = mkdtempSync(join(tmpdir(), 'kubectl-diag-commands-'));
  mkdirSync(join(dist, 'commands'));
  writeFileSync(join(dist, 'package.json'), '{"type":"module"}\n');
  for (const [folder, line] of [
    ['alpha', 'kubectl diag alpha-things'],
    ['beta', 'kubectl diag beta'],
  ] as const) {
    mkdirSync(join(dist, 'areas', folder), { recursive: true });
    writeFileSync(
      join(dist, 'areas', folder, 'index.js'),
      `export const ${folder}Area = { title: '${folder}', command: { line: '${line}' } };\n`,
    );
    writeFileSync(join(dist, 'areas', folder, 'command.js'), 'export default class X {}\n');
  }
  writeFileSync(
    join(dist, 'areas', 'registry.js'),
    "import { alphaArea } from './alpha/index.js';\nexport const AREAS = [alphaArea];\n",
  );
  return dist;
}

describe('scripts/commands: area commands from the registry', () => {
  it('writes a command file for each registered area with a command.ts, and none for the others', async () => {
    const dist = tree();
    const files = await writeAreaCommands(dist);
    assert.deepEqual(
      files.map((f) => [f.id, f.folder]),
      [['alpha-things', 'alpha']],
    );
    const text = readFileSync(join(dist, 'commands', 'alpha-things.js'), 'utf8');
    assert.match(text, /export \{ default \} from '\.\.\/areas\/alpha\/command\.js';/);
    assert.equal(existsSync(join(dist, 'commands', 'beta.js')), false);
    // Rewriting its own file is fine (a second build).
    await writeAreaCommands(dist);
  });

  it('refuses a hand-written command of the same name', async () => {
    const dist = tree();
    writeFileSync(join(dist, 'commands', 'alpha-things.js'), 'export default class Y {}\n');
    await assert.rejects(writeAreaCommands(dist), /both define "kubectl diag alpha-things"/);
  });
});

describe('area envelopes from the registry', () => {
  let loads = 0;
  const ExampleReport = envelope('ExampleReport', kinded('Thing', z.object({ name: z.string() })));
  const example = defineArea({
    title: 'Example',
    command: { line: 'kubectl diag example', help: { summary: 'S.', description: 'S.', examples: [] } },
    queries: [],
    envelope: async () => {
      loads++;
      return { ENVELOPES: { ExampleReport } };
    },
    checks: { thing: 'a thing' },
    guide: {},
  });
  const report = {
    apiVersion: API_VERSION,
    kind: 'ExampleReport',
    source: { kind: 'snapshot', description: 'test', observedAt: '2026-12-02T00:00:00Z' },
    scope: {},
    summary: { items: 1, itemsWithFindings: 0, findings: { critical: 0, warning: 0, info: 0 } },
    items: [{ kind: 'Thing', name: 'a', undocumented: true }],
  } as unknown as Envelope;

  it("gathers every registered area's kinds, a new area's with them, and refuses a kind registered twice", async () => {
    const all = await envelopesOf([...AREAS, example]);
    assert.deepEqual(Object.keys(all), [...Object.keys(ENVELOPES), 'ExampleReport']);
    assert.ok(Object.keys(ENVELOPES).includes('PodList'));
    await assert.rejects(
      envelopesOf([example, example]),
      /two areas register the envelope kind ExampleReport/,
    );
  });

  it("-o json finds the kind in the loaded area's envelope, loaded on demand, and drops what it does not name", async () => {
    const before = loads;
    const shown = (await documented(report)) as Envelope;
    assert.equal(loads, before + 1);
    assert.deepEqual(shown.items, [{ kind: 'Thing', name: 'a' }]);
  });

  it('prints an envelope of a kind no area registers as it is', async () => {
    const unknown = { ...report, kind: 'NoSuchKind' } as unknown as Envelope;
    assert.equal(await documented(unknown), unknown);
  });
});
