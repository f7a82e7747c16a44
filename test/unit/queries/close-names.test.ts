// A missing object's error names the close names of its namespace, read through the reader (demo snapshot).

import assert from 'node:assert/strict';
import { describePod } from '../../../src/areas/pods/queries.js';
import { NotFound } from '../../../src/cluster/errors.js';
import { fenceOf, NO_FENCE } from '../../../src/cluster/policy.js';
import { SnapshotCluster } from '../../../src/cluster/snapshot.js';
import { loadSnapshotPath } from '../../../src/cluster/snapshot-files.js';
import { DEMO_SNAPSHOT } from '../../../src/cluster/session.js';
import { executeQuery } from '../../../src/queries/query.js';
import { MemoryAudit } from '../support/memory-audit.js';

function demo(fence = NO_FENCE) {
  return new SnapshotCluster(loadSnapshotPath(DEMO_SNAPSHOT), fence, new MemoryAudit());
}

async function missing(cluster: SnapshotCluster, pod: string, namespace = 'shop'): Promise<NotFound> {
  try {
    await executeQuery(describePod, { namespace, pod }, { cluster }, 'test');
  } catch (error) {
    assert.ok(error instanceof NotFound, String(error));
    return error;
  }
  throw new Error(`pod ${pod} was found`);
}

describe('close names for a missing object', () => {
  it('names the pod one character away', async () => {
    const error = await missing(demo(), 'api-5f6b8-m9d2');
    assert.equal(
      error.explain(),
      'Pod "api-5f6b8-m9d2" not found in namespace "shop"\nDid you mean "api-5f6b8-m9d2c"? `kubectl diag pods -n shop` lists all 8 pods.',
    );
  });

  it('names the pods that start with what was typed, at most three', async () => {
    const error = await missing(demo(), 'web');
    assert.match(error.hint ?? '', /^Did you mean "web-7d9c5-q8w1z" or "web-7d9c5-x2k4p"\?/);
  });

  it('says so when no name is close', async () => {
    const error = await missing(demo(), 'zzzzzzzzzzzz');
    assert.match(error.hint ?? '', /^None of the 8 pods in namespace shop has a close name/);
  });

  it('reads the names of that namespace only, as the fence shows them', async () => {
    const audit = new MemoryAudit();
    const cluster = new SnapshotCluster(loadSnapshotPath(DEMO_SNAPSHOT), fenceOf(['shop']), audit);
    // Nothing of namespace payments is offered, even with its pod one character away.
    const error = await missing(cluster, 'checkout-84d5c-7hfp');
    assert.doesNotMatch(error.hint ?? '', /checkout-84d5c-7hfp2/);
    assert.ok(audit.records.every((r) => !r.path.includes('/namespaces/payments/')));
  });
});
