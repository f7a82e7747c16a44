import assert from 'node:assert/strict';
import {
  matchesSelector,
  parseSelector,
  selectorFromMap,
  SelectorSyntaxError,
} from '../../../src/kube/labels.js';

describe('label selectors', () => {
  it('parses equality, inequality, set and existence terms', () => {
    assert.deepEqual(parseSelector('app=web, tier!=db,env in (prod, staging),!legacy,track'), [
      { key: 'app', operator: '=', values: ['web'] },
      { key: 'tier', operator: '!=', values: ['db'] },
      { key: 'env', operator: 'in', values: ['prod', 'staging'] },
      { key: 'legacy', operator: '!', values: [] },
      { key: 'track', operator: 'exists', values: [] },
    ]);
    assert.deepEqual(parseSelector('app.kubernetes.io/name==web'), [
      { key: 'app.kubernetes.io/name', operator: '=', values: ['web'] },
    ]);
    assert.deepEqual(parseSelector(''), []);
  });

  it('matches labels the way the apiserver does', () => {
    const labels = { app: 'web', env: 'prod' };
    assert.equal(matchesSelector(labels, parseSelector('app=web')), true);
    assert.equal(matchesSelector(labels, parseSelector('app=web,env notin (prod)')), false);
    assert.equal(matchesSelector(labels, parseSelector('tier!=db')), true);
    assert.equal(matchesSelector(labels, parseSelector('!app')), false);
    assert.equal(matchesSelector(undefined, parseSelector('app')), false);
    assert.equal(matchesSelector({}, []), true);
  });

  for (const bad of [
    'app=!',
    'app==web=',
    'a b',
    'app in (web',
    'app)',
    ',app=web',
    'app=web,',
    'bad key=1',
    'app=web/x',
    'app in ()',
    '=web',
  ]) {
    it(`refuses the malformed selector "${bad}"`, () => {
      assert.throws(() => parseSelector(bad), SelectorSyntaxError);
    });
  }

  it('names the selector and the problem in the error', () => {
    assert.throws(
      () => parseSelector('app=web,,tier=db'),
      /invalid label selector "app=web,,tier=db": empty term/,
    );
  });

  it('builds a stable selector string from a map', () => {
    assert.equal(selectorFromMap({ tier: 'web', app: 'shop' }), 'app=shop,tier=web');
  });
});
