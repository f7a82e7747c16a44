// A missing pod, Service or claim names the close names that exist in its namespace, as kubectl users
// expect (and as a missing node points to the list): read through the same fenced, audited reader.

import assert from 'node:assert/strict';
import { containerStatus, persistentVolumeClaim, podStatus, service } from '../cluster/index.js';
import { controlPlane } from './setup.js';
import { diag, mcpInMemory } from './tool.js';

describe('close names for a missing pod, Service or claim', () => {
  let ns: string;

  before(async () => {
    const cp = controlPlane();
    ns = await cp.seed.namespace();
    const running = podStatus({ containerStatuses: [containerStatus.running('app')] });
    await Promise.all([
      cp.seed.pod(ns, 'web-7d9c5-x2k4p', { status: running }),
      cp.seed.pod(ns, 'web-7d9c5-q8w1z', { status: running }),
      cp.seed.pod(ns, 'db-0', { status: running }),
      cp.seed.create(service(ns, 'frontend', { selector: { app: 'web' } })),
      cp.seed.create(persistentVolumeClaim(ns, 'data-db-0')),
    ]);
  });

  it('suggests the pod a typo was meant for, in one line with exit code 6', async () => {
    const { stderr, error } = await diag(['pods', 'web-7d9c5-x2k4', '-n', ns]);
    assert.equal(error?.oclif?.exit, 6);
    assert.equal(
      stderr.trim(),
      `error: Pod "web-7d9c5-x2k4" not found in namespace "${ns}". Did you mean "web-7d9c5-x2k4p"? \`kubectl diag pods -n ${ns}\` lists all 3 pods.`,
    );
  });

  it('suggests every name that starts with what was typed', async () => {
    const { stderr } = await diag(['pods', 'web', '-n', ns]);
    assert.match(stderr, /Did you mean "web-7d9c5-q8w1z" or "web-7d9c5-x2k4p"\?/);
  });

  it('suggests the Service and the claim', async () => {
    assert.match(
      (await diag(['endpoints', 'fronted', '-n', ns])).stderr,
      /Service "fronted" not found.*Did you mean "frontend"\?/,
    );
    assert.match(
      (await diag(['storage', 'data-db0', '-n', ns])).stderr,
      /PersistentVolumeClaim "data-db0" not found.*Did you mean "data-db-0"\?/,
    );
  });

  it('says when nothing is close, and counts what is there', async () => {
    const { stderr } = await diag(['pods', 'zzzzzzzz', '-n', ns]);
    assert.match(
      stderr,
      new RegExp(
        `None of the 3 pods in namespace ${ns} has a close name; \`kubectl diag pods -n ${ns}\` lists them\\.`,
      ),
    );
  });

  it('gives the MCP tool the same hint as an isError result', async () => {
    const mcp = await mcpInMemory();
    try {
      const answer = await mcp.call('describe_pod', { namespace: ns, pod: 'db-1' });
      assert.equal(answer.isError, true);
      assert.match(answer.text, /Did you mean "db-0"\?/);
    } finally {
      await mcp.close();
    }
  });

  it('never looks outside the fence: a namespace outside it is refused before any name is read', async () => {
    const other = await controlPlane().seed.namespace();
    const { stderr, error, audit } = await diag([
      'pods',
      'web-7d9c5-x2k4',
      '-n',
      ns,
      '--allowed-namespaces',
      other,
    ]);
    assert.notEqual(error, undefined);
    assert.doesNotMatch(stderr, /web-7d9c5-x2k4p/);
    assert.ok(
      audit.every((r) => r.decision !== 'allowed' || !r.path.includes(`/namespaces/${ns}/`)),
      JSON.stringify(audit),
    );
  });
});
