// kubectl diag doctor / rbac and the check_access tool against the real control plane: the viewer, an
// admin, an identity without a role, an expired token, a wrong server, and the identity `rbac` makes.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  containerStatus,
  persistentVolume,
  persistentVolumeClaim,
  podStatus,
  service,
  storageStatus,
} from '../cluster/index.js';
import type { ControlPlane } from '../cluster/index.js';
import { QUERIES } from '../../src/areas/registry.js';
import { controlPlane } from './setup.js';
import { diag, mcpInMemory } from './tool.js';

interface Check {
  name: string;
  status: string;
  summary: string;
  details: string[];
  fix?: string;
}

function checks(stdout: string): Record<string, Check> {
  const report = JSON.parse(stdout) as { kind: string; items: Check[] };
  assert.equal(report.kind, 'AccessReport');
  return Object.fromEntries(report.items.map((c) => [c.name, c]));
}

describe('kubectl diag doctor and rbac (e2e)', function () {
  let cp: ControlPlane;
  let ns: string;
  let pv: string;
  let node: string;
  const dir = mkdtempSync(join(tmpdir(), 'doctor-e2e-'));

  before(async function () {
    cp = controlPlane();
    ns = await cp.seed.namespace(cp.seed.uniqueName('access'));
    node = cp.seed.uniqueName('node');
    await cp.seed.node(node);
    await cp.seed.pod(ns, 'api', {
      node,
      labels: { app: 'api' },
      status: podStatus({ containerStatuses: [containerStatus.crashLoopBackOff('app')] }),
    });
    await cp.seed.create(service(ns, 'api', { selector: { app: 'api' } }));
    pv = cp.seed.uniqueName('pv');
    await cp.seed.create({
      ...persistentVolumeClaim(ns, 'data', { volumeName: pv }),
      status: storageStatus.pvcBound(),
    });
    await cp.seed.create({
      ...persistentVolume(pv, { claim: { namespace: ns, name: 'data' } }),
      status: storageStatus.pvBound(),
    });
  });

  it('reports all ok for the diagnostic-viewer identity', async function () {
    const { stdout, error } = await diag(['doctor']);
    assert.equal(error, undefined, `${error?.message}\n${stdout}`);
    assert.match(stdout, /^OK {3}kubeconfig: context "diagnostic-viewer@kubectl-diag-test"/m);
    assert.match(
      stdout,
      /^OK {3}reachability: https:\/\/127\.0\.0\.1:\d+ answered in \d+ ms \(Kubernetes v1\.36\.3\)/m,
    );
    assert.match(
      stdout,
      /^OK {3}authentication: authenticated as service account kube-system\/diagnostic-viewer; the token expires in/m,
    );
    assert.match(stdout, /^OK {3}permissions: all \d+ reads kubectl-diag needs are allowed/m);
    assert.match(stdout, /^OK {3}separation of concerns: the identity can read but not change anything/m);
    assert.match(stdout, /^OK {3}metrics: metrics.k8s.io is served/m);
    assert.match(stdout, /All checks passed\./);
  });

  it('warns that an admin identity could also write and read Secrets', async function () {
    const { stdout, error } = await diag(['doctor', '-o', 'json', '--kubeconfig', cp.adminKubeconfig]);
    assert.equal(error, undefined, 'warnings do not fail the run');
    const c = checks(stdout);
    assert.equal(c['separation of concerns']?.status, 'warn');
    assert.match(
      c['separation of concerns']!.summary,
      /^this identity can also create pods, delete pods, create pods\/exec: \d+ permissions beyond reading, all listed below$/,
    );
    assert.ok(c['separation of concerns']!.details.includes('can get secrets'));
    assert.match(
      c['separation of concerns']!.fix ?? '',
      /dedicated read-only identity for diagnostics: `kubectl diag rbac` prints one/,
    );
    assert.equal(c.authentication?.status, 'ok');
  });

  it('lists the missing permissions of a service account without a role, with rbac as the fix', async function () {
    await cp.seed.serviceAccount(ns, 'nobody');
    const kubeconfig = await cp.writeKubeconfig(join(dir, 'nobody.kubeconfig'), {
      token: await cp.mintToken('nobody', ns),
    });
    const { stdout, error } = await diag(['doctor', '-o', 'json', '--kubeconfig', kubeconfig]);
    assert.equal(error?.oclif?.exit, 1);
    const perms = checks(stdout).permissions!;
    assert.equal(perms.status, 'fail');
    assert.ok(perms.details.includes('missing: list pods in all namespaces'), perms.details.join('\n'));
    assert.ok(perms.details.includes('missing: get pods/log in all namespaces'));
    assert.ok(perms.details.includes('missing: list nodes (cluster-scoped)'));
    assert.match(perms.fix ?? '', /kubectl diag rbac \| kubectl apply -f -/);
  });

  it('names the verb and resource a 403 refused, and points to kubectl diag rbac', async function () {
    await cp.seed.serviceAccount(ns, 'nobody');
    const kubeconfig = await cp.writeKubeconfig(join(dir, 'nobody-403.kubeconfig'), {
      token: await cp.mintToken('nobody', ns),
    });
    const { error } = await diag(['pods', '-n', ns, '--kubeconfig', kubeconfig]);
    assert.equal(error?.oclif?.exit, 4);
    assert.match(
      error?.message ?? '',
      new RegExp(
        `permission denied \\(403\\): system:serviceaccount:${ns}:nobody may not (list pods|list events) in namespace "${ns}"`,
      ),
    );
    assert.match(error?.message ?? '', /`kubectl diag rbac` prints it/);
  });

  it('explains a 401 on any command with how to mint a new token', async function () {
    const kubeconfig = await cp.writeKubeconfig(join(dir, 'expired-401.kubeconfig'), {
      token: cp.forgeExpiredToken('diagnostic-viewer', 'kube-system'),
    });
    const { error } = await diag(['pods', '-n', ns, '--kubeconfig', kubeconfig]);
    assert.equal(error?.oclif?.exit, 4);
    assert.match(
      error?.message ?? '',
      /did not accept the credentials \(401 Unauthorized\)[^]*kubectl create token diagnostic-viewer -n kube-system --duration=8h/,
    );
  });

  it('explains an expired token as expired', async function () {
    const kubeconfig = await cp.writeKubeconfig(join(dir, 'expired.kubeconfig'), {
      token: cp.forgeExpiredToken('diagnostic-viewer', 'kube-system'),
    });
    const { stdout, error } = await diag(['doctor', '--kubeconfig', kubeconfig]);
    assert.equal(error?.oclif?.exit, 1);
    assert.match(
      stdout,
      /^FAIL authentication: 401 Unauthorized: the token of service account kube-system\/diagnostic-viewer expired \S+ ago/m,
    );
    assert.match(
      stdout,
      /fix: Mint a time-limited token: `kubectl create token diagnostic-viewer -n kube-system --duration=8h`/,
    );
    assert.match(stdout, /^SKIP permissions: not checked: authentication failed/m);
  });

  it('names the server URL it cannot reach', async function () {
    const kubeconfig = await cp.writeKubeconfig(join(dir, 'wrong.kubeconfig'), {
      server: 'https://127.0.0.1:9',
    });
    const { stdout, error } = await diag(['doctor', '--kubeconfig', kubeconfig]);
    assert.equal(error?.oclif?.exit, 1);
    assert.match(
      stdout,
      /^FAIL reachability: cannot reach the Kubernetes API server at https:\/\/127\.0\.0\.1:9: connection refused/m,
    );
    assert.match(stdout, /^SKIP authentication: not checked: the API server is not reachable/m);
  });

  it('names the file and line of a broken kubeconfig', async function () {
    const broken = join(dir, 'broken.kubeconfig');
    writeFileSync(broken, 'apiVersion: v1\nclusters:\n- name: x\n  cluster: {server: "https://x\n');
    const { stdout, error } = await diag(['doctor', '--kubeconfig', broken]);
    assert.equal(error?.oclif?.exit, 1);
    assert.match(
      stdout,
      new RegExp(`^FAIL configuration: kubeconfig ${broken.replace(/\./g, '\\.')}:\\d+:\\d+: `, 'm'),
    );
  });

  it('fails when an allowed namespace does not exist', async function () {
    const { stdout, error } = await diag(['doctor', '--allowed-namespaces', `${ns},no-such-ns`]);
    assert.equal(error?.oclif?.exit, 1);
    assert.match(stdout, /^FAIL allowed namespaces: allowed namespaces that do not exist: no-such-ns/m);
  });

  it('gives the same checks as the check_access MCP tool', async function () {
    const mcp = await mcpInMemory();
    try {
      const answer = await mcp.call('check_access', {});
      assert.equal(answer.isError, false, answer.text);
      assert.equal((answer.structured as { ok: boolean }).ok, true);
      assert.match(answer.text, /^access ok \(0 warnings\)\n\[ok\] kubeconfig:/);
    } finally {
      await mcp.close();
    }
  });

  describe('the identity kubectl diag rbac prints', function () {
    let kubeconfig: string;
    before(async function () {
      const sa = cp.seed.uniqueName('diag');
      const { stdout, error } = await diag(['rbac', '--name', sa, '--service-account-namespace', ns]);
      assert.equal(error, undefined);
      const applied = await cp.kubectl(['apply', '-f', '-'], { input: stdout });
      assert.equal(applied.code, 0, applied.stderr);
      kubeconfig = await cp.writeKubeconfig(join(dir, 'rbac.kubeconfig'), {
        token: await cp.mintToken(sa, ns, 8 * 3600),
      });
      // What the workload tools read: a Deployment and its autoscaler (no controller here: no status).
      await cp.seed.create({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'api', namespace: ns },
        spec: {
          selector: { matchLabels: { app: 'api' } },
          template: {
            metadata: { labels: { app: 'api' } },
            spec: { containers: [{ name: 'app', image: 'api:1' }] },
          },
        },
      });
      await cp.seed.create({
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'api', namespace: ns },
        spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' }, maxReplicas: 2 },
      });
    });

    it('is reported all ok by doctor', async function () {
      const { stdout, error } = await diag(['doctor', '--kubeconfig', kubeconfig]);
      assert.equal(error, undefined, stdout);
      assert.doesNotMatch(stdout, /^(WARN|FAIL)/m);
      assert.match(stdout, /All checks passed\./);
    });

    it('runs every command', async function () {
      for (const args of [
        ['pods', '-A'],
        ['pods', 'api', '-n', ns],
        ['endpoints', '-A'],
        ['endpoints', 'api', '-n', ns],
        ['storage', '-A'],
        ['nodes'],
        ['nodes', node],
        ['storage', 'data', '-n', ns],
        ['workloads', '-A'],
        ['doctor'],
      ]) {
        const { error } = await diag([...args, '--kubeconfig', kubeconfig]);
        assert.equal(error, undefined, `${args.join(' ')}: ${error?.message}`);
      }
    });

    it('answers every MCP tool', async function () {
      const samples: Record<string, Record<string, unknown>> = {
        triage: { namespace: ns },
        diagnose_pods: { namespace: ns },
        list_pods_by_selector: { namespace: ns, selector: 'app!=none' },
        get_pod_status: { namespace: ns, pod: 'api' },
        get_pod_events: { namespace: ns, pod: 'api' },
        get_pod_logs: { namespace: ns, pod: 'api' },
        describe_pod: { namespace: ns, pod: 'api' },
        check_access: {},
        diagnose_services: { namespace: ns },
        get_service: { namespace: ns, service: 'api' },
        get_endpoints: { namespace: ns, service: 'api' },
        list_nodes: {},
        diagnose_nodes: {},
        get_node_conditions: { node },
        get_node_metrics: { node },
        list_pods_on_node: { node },
        describe_node: { node },
        diagnose_storage: { namespace: ns },
        diagnose_workloads: { namespace: ns },
        describe_workload: { namespace: ns, kind: 'Deployment', name: 'api' },
        get_rollout_status: { namespace: ns, kind: 'Deployment', name: 'api' },
        list_jobs: { allNamespaces: true },
        get_hpa_status: { namespace: ns, name: 'api' },
        get_pvc: { namespace: ns, pvc: 'data' },
        get_pv: { pv: pv },
        list_storage_classes: {},
        get_volume_attachments: {},
      };
      const mcp = await mcpInMemory({ kubeconfig });
      try {
        for (const query of QUERIES) {
          const args = samples[query.name];
          assert.ok(args, `no sample call for the tool ${query.name}: add one here`);
          const answer = await mcp.call(query.name, args);
          assert.equal(answer.isError, false, `${query.name}: ${answer.text}`);
        }
      } finally {
        await mcp.close();
      }
    });
  });

  it('makes namespaced Roles that doctor accepts for a fenced identity', async function () {
    const sa = cp.seed.uniqueName('fenced');
    const other = await cp.seed.namespace(cp.seed.uniqueName('access-b'));
    const { stdout } = await diag([
      'rbac',
      '--name',
      sa,
      '--service-account-namespace',
      ns,
      '-n',
      `${ns},${other}`,
    ]);
    assert.equal((await cp.kubectl(['apply', '-f', '-'], { input: stdout })).code, 0);
    const kubeconfig = await cp.writeKubeconfig(join(dir, 'fenced.kubeconfig'), {
      token: await cp.mintToken(sa, ns, 8 * 3600),
    });
    const fenced = await diag([
      'doctor',
      '--kubeconfig',
      kubeconfig,
      '--allowed-namespaces',
      `${ns},${other}`,
    ]);
    assert.equal(fenced.error, undefined, fenced.stdout);
    const unfenced = await diag(['doctor', '--kubeconfig', kubeconfig, '-o', 'json']);
    assert.match(
      checks(unfenced.stdout).permissions!.details.join('\n'),
      /missing: list pods in all namespaces/,
    );
    const pods = await diag([
      'pods',
      '-A',
      '--kubeconfig',
      kubeconfig,
      '--allowed-namespaces',
      `${ns},${other}`,
    ]);
    assert.equal(pods.error, undefined, pods.error?.message);
    assert.match(pods.stdout, new RegExp(`^${ns}\\s+api\\s`, 'm'));
  });
});
