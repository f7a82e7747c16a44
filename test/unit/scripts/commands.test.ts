// scripts/commands.ts: a registered area with a command.ts gets a command file named after its command
// line; an unregistered folder gets none; a hand-written command of the same name is a build error.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeAreaCommands } from '../../../scripts/commands.js';

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
