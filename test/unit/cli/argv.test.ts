import assert from 'node:assert/strict';
import { closestMatches, didYouMean, editDistance, hoistCommand } from '../../../src/cli/argv.js';

const VALUE_FLAGS = new Set(['-n', '--namespace', '-o', '--output', '-l', '--context']);
const takesValue = (flag: string) => VALUE_FLAGS.has(flag);
const isCommand = (id: string) => ['pods', 'snapshot:save', 'nodes'].includes(id);

describe('kubectl command-line habits (pure)', () => {
  it('finds the subcommand after flags with values, as kubectl -n shop get pods does', () => {
    assert.deepEqual(hoistCommand(['-n', 'shop', 'pods', 'web'], takesValue, isCommand), {
      words: ['pods'],
      rest: ['-n', 'shop', 'web'],
    });
  });

  it('does not take a flag value for the command: -o wide, --namespace=pods, -npods', () => {
    assert.deepEqual(hoistCommand(['-o', 'wide', '-A', 'nodes'], takesValue, isCommand)?.words, ['nodes']);
    assert.deepEqual(hoistCommand(['--namespace=pods', 'nodes'], takesValue, isCommand)?.words, ['nodes']);
    assert.deepEqual(hoistCommand(['-npods', 'nodes', '-A'], takesValue, isCommand), {
      words: ['nodes'],
      rest: ['-npods', '-A'],
    });
  });

  it('recognises a two-word command (snapshot save) after flags', () => {
    assert.deepEqual(hoistCommand(['-A', 'snapshot', 'save', 'x.json'], takesValue, isCommand), {
      words: ['snapshot', 'save'],
      rest: ['-A', 'x.json'],
    });
  });

  it('returns nothing when only flags were given, or everything follows --', () => {
    assert.equal(hoistCommand(['-n', 'shop'], takesValue, isCommand), undefined);
    assert.equal(hoistCommand(['-A', '--', 'pods'], takesValue, isCommand), undefined);
  });

  it('counts a swap of neighbours as one edit, like a typing slip', () => {
    assert.equal(editDistance('pdos', 'pods'), 1);
    assert.equal(editDistance('nodes', 'nodes'), 0);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('kitten', 'sitting'), 3);
  });

  it('suggests the closest names, best first, and nothing for a word unlike any', () => {
    const commands = ['pods', 'nodes', 'endpoints', 'storage', 'doctor', 'snapshot save'];
    assert.deepEqual(closestMatches('pdos', commands), ['pods']);
    assert.deepEqual(closestMatches('nods', commands), ['nodes', 'pods']);
    assert.deepEqual(closestMatches('snap', commands), ['snapshot save']);
    assert.deepEqual(closestMatches('xyz', commands), []);
    assert.deepEqual(closestMatches('--namspace', ['--namespace', '--node', '--tail']), ['--namespace']);
  });

  it('phrases one, two or three suggestions as a question', () => {
    assert.equal(didYouMean([]), '');
    assert.equal(didYouMean(['pods']), 'did you mean "pods"?');
    assert.equal(didYouMean(['nodes', 'pods']), 'did you mean "nodes" or "pods"?');
    assert.equal(didYouMean(['a', 'b', 'c']), 'did you mean "a", "b" or "c"?');
  });
});
