import assert from 'node:assert/strict';
import { AREAS, QUERIES, findQuery } from '../../../src/areas/registry.js';
import { instructionsFor } from '../../../src/mcp/instructions.js';

describe('area registry', () => {
  it('gives every tool name to exactly one query', () => {
    const names = QUERIES.map((q) => q.name);
    assert.deepEqual(names, [...new Set(names)]);
    for (const name of names) assert.equal(findQuery(name)?.name, name);
  });

  it('names in the MCP instructions only tools some area registers, and every survey tool', () => {
    const text = instructionsFor(AREAS);
    const named = text.match(/\b[a-z]+(?:_[a-z]+)+\b/g) ?? [];
    for (const name of named) assert.ok(findQuery(name), `${name} is a registered tool`);
    for (const area of AREAS)
      for (const q of area.guide.survey ?? []) assert.ok(text.includes(q.name), `${q.name} is named`);
  });

  it('leaves the instructions sentence about refused calls out when no area explains them', () => {
    const text = instructionsFor(AREAS.filter((a) => !a.guide.whenDenied));
    assert.doesNotMatch(text, /401/);
    assert.match(text, /what to do\.$/);
  });

  it('registers a command line and help for every area, and reasons or checks', () => {
    for (const area of AREAS) {
      assert.match(area.command.line, /^kubectl diag [a-z]+$/, area.title);
      assert.ok(area.command.help.summary.endsWith('.'), area.title);
      assert.ok(area.command.help.examples.length > 0, area.title);
      assert.ok(Object.keys({ ...area.reasons, ...area.checks }).length > 0, area.title);
    }
  });
});
