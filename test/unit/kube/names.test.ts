import assert from 'node:assert/strict';
import { compareNames } from '../../../src/kube/names.js';

describe('compareNames', () => {
  it('orders Kubernetes names exactly as localeCompare does', () => {
    const names = [
      'web-10',
      'web-2',
      'web',
      'web.a',
      'web-a',
      'a-b',
      'ab',
      'a0',
      'node-1.example',
      'node-1',
      'node-10',
      '0-db',
      'snapshot:save',
      'snapshot',
      'zz',
    ];
    const byLocale = [...names].sort((a, b) => a.localeCompare(b));
    assert.deepEqual([...names].sort(compareNames), byLocale);
  });

  it('answers 0 only for equal names', () => {
    assert.equal(compareNames('web-1', 'web-1'), 0);
    assert.equal(compareNames('web-1', 'web-2'), -1);
    assert.equal(compareNames('web-2', 'web-1'), 1);
  });
});
