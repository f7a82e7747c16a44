// A missing pod, Service or claim names the close names that exist in its namespace, as kubectl users
// expect (and as a missing node points to the list): read through the same fenced, audited reader.

import assert from 'node:assert/strict';
import type { ControlPlane } from '../cluster/index.js';
import { livePlane } from './setup.js';
import { diag, mcpInMemory } from './tool.js';

// The names are the ones real clusters have: pods named by the ReplicaSet controller (random suffix)
// and by the StatefulSet controller (db-0), the claim made from the StatefulSet's volumeClaimTemplate
// (data-db-0), all made by the live plane's kube-controller-manager.
describe('close names for a missing pod, Service or claim (live plane)', function () {
  this.timeout(90_000);
  let cp: ControlPlane;
  let ns: string;
  let web: string[];
  const run = (args: string[]) => diag(args, { kubeconfig: cp.viewerKubeconfig });

  before(async () => {
    cp = livePlane();
    ns = await cp.scenario.namespace('close');
    await cp.scenario.node();
    await cp.scenario.deployment(ns, 'web', { replicas: 2 });
    await cp.scenario.service(ns, 'frontend', { app: 'web' });
    await cp.seed.create({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: ns },
      spec: {
        serviceName: 'db',
        replicas: 1,
        selector: { matchLabels: { app: 'db' } },
        template: {
          metadata: { labels: { app: 'db' } },
          spec: { containers: [{ name: 'db', image: 'registry.example/db:16' }] },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: 'data' },
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
          },
        ],
      },
    });
    await cp.scenario.waitForDeploymentReady(ns, 'web');
    await cp.scenario.waitFor('db-0 and data-db-0 from the statefulset controller', async () => {
      const pods = await cp.scenario.pods(ns, 'app=db');
      const claim = await cp.seed.get({
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        namespace: ns,
        name: 'data-db-0',
      });
      return pods.length === 1 && claim ? true : undefined;
    });
    web = (await cp.scenario.pods(ns, 'app=web')).map((p) => p.metadata!.name!).sort();
    assert.equal(web.length, 2);
  });

  it('suggests the pod a typo was meant for, in one line with exit code 6', async () => {
    const typo = web[0]!.slice(0, -1);
    const { stderr, error } = await run(['pods', typo, '-n', ns]);
    assert.equal(error?.oclif?.exit, 6);
    assert.equal(
      stderr.trim(),
      `error: Pod "${typo}" not found in namespace "${ns}". Did you mean "${web[0]}"? \`kubectl diag pods -n ${ns}\` lists all 3 pods.`,
    );
  });

  it('suggests every name that starts with what was typed', async () => {
    const { stderr } = await run(['pods', 'web', '-n', ns]);
    assert.ok(stderr.includes(`Did you mean "${web[0]}" or "${web[1]}"?`), stderr);
  });

  it('suggests the Service and the claim', async () => {
    assert.match(
      (await run(['endpoints', 'fronted', '-n', ns])).stderr,
      /Service "fronted" not found.*Did you mean "frontend"\?/,
    );
    assert.match(
      (await run(['storage', 'data-db0', '-n', ns])).stderr,
      /PersistentVolumeClaim "data-db0" not found.*Did you mean "data-db-0"\?/,
    );
  });

  it('says when nothing is close, and counts what is there', async () => {
    const { stderr } = await run(['pods', 'zzzzzzzz', '-n', ns]);
    assert.match(
      stderr,
      new RegExp(
        `None of the 3 pods in namespace ${ns} has a close name; \`kubectl diag pods -n ${ns}\` lists them\\.`,
      ),
    );
  });

  it('gives the MCP tool the same hint as an isError result', async () => {
    const mcp = await mcpInMemory({ kubeconfig: cp.viewerKubeconfig });
    try {
      const answer = await mcp.call('describe_pod', { namespace: ns, pod: 'db-1' });
      assert.equal(answer.isError, true);
      assert.match(answer.text, /Did you mean "db-0"\?/);
    } finally {
      await mcp.close();
    }
  });

  it('never looks outside the fence: a namespace outside it is refused before any name is read', async () => {
    const other = await cp.scenario.namespace('other');
    const { stderr, error, audit } = await run([
      'pods',
      web[0]!.slice(0, -1),
      '-n',
      ns,
      '--allowed-namespaces',
      other,
    ]);
    assert.notEqual(error, undefined);
    assert.ok(!stderr.includes(web[0]!), stderr);
    assert.ok(
      audit.every((r) => r.decision !== 'allowed' || !r.path.includes(`/namespaces/${ns}/`)),
      JSON.stringify(audit),
    );
  });
});
