import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AREAS } from '../../../src/areas/registry.js';
import { SEVERITIES } from '../../../src/diagnose/finding.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The unit tests of every area, without comments: a reason named only in a comment is not tested. */
function testSources(): string {
  const dir = join(ROOT, 'test', 'unit', 'areas');
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.ts') && !file.endsWith('reasons.test.ts'))
    .map((file) =>
      readFileSync(join(dir, file), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, ''),
    )
    .join('\n');
}

describe('reason codes', () => {
  const areas = AREAS.filter((a) => a.reasons);
  const tests = testSources();

  it('are unique across areas', () => {
    const codes = areas.flatMap((a) => Object.keys(a.reasons!));
    assert.deepEqual(codes, [...new Set(codes)]);
  });

  for (const area of areas) {
    for (const [code, spec] of Object.entries(area.reasons!)) {
      it(`${code} has a severity, a meaning, a hint and Kubernetes docs, and is in the README findings table`, () => {
        assert.ok(SEVERITIES.includes(spec.severity));
        assert.ok(spec.title.endsWith('.'), spec.title);
        assert.ok(typeof spec.hint === 'function' || spec.hint.length > 20, 'hint');
        assert.match(spec.docs, /^https:\/\/kubernetes\.io\//);
        assert.ok(README.includes(`| \`${code}\` | ${spec.title} |`), `README row for ${code}`);
      });

      it(`${code} is expected by at least one unit test`, () => {
        assert.ok(
          tests.includes(`'${code}'`) || tests.includes(`"${code}"`),
          `no unit test under test/unit/areas names '${code}'`,
        );
      });
    }
  }
});
