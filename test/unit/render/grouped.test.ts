import assert from 'node:assert/strict';
import { namesByNamespace } from '../../../src/render/grouped.js';

describe('names by namespace', () => {
  it('writes each namespace once, before its objects, in the order given', () => {
    assert.equal(
      namesByNamespace(['shop/web-1', 'shop/web-2', 'db/pg-0', 'shop/web-3']),
      'shop: web-1, web-2, web-3; db: pg-0',
    );
  });

  it('writes cluster-scoped names as they are', () => {
    assert.equal(namesByNamespace(['node-a', 'node-b']), 'node-a, node-b');
    assert.equal(namesByNamespace([]), '');
  });
});
