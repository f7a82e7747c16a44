// The safety suite (issue 11): each break a red-team pass found against the real control plane, with the
// viewer AND the admin identity, reproduced and shown closed. The apiserver's own audit log is the witness:
// it records what actually arrived, whatever kubectl-diag believes it sent.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { AuditEvent, ControlPlane, KubeObject } from '../cluster/index.js';
import {
  containerStatus,
  coreEvent,
  nodeConditions,
  podStatus,
  service,
  persistentVolume,
  persistentVolumeClaim,
  storageStatus,
  volumeAttachment,
} from '../cluster/index.js';
import { HIDDEN_MESSAGE } from '../../src/cluster/fence.js';
import { controlPlane } from './setup.js';
import { diag, mcpInMemory, readAudit, ROOT, type McpSession } from './tool.js';
import { fromTool } from './witness.js';

/** A copy of a kubeconfig of the test control plane with its server URL replaced. */
function kubeconfigWithServer(from: string, server: string, dir: string, name: string): string {
  const config = parse(readFileSync(from, 'utf8')) as { clusters: { cluster: { server: string } }[] };
  for (const cluster of config.clusters) cluster.cluster.server = server;
  const file = join(dir, `${name}.kubeconfig`);
  writeFileSync(file, stringify(config), { mode: 0o600 });
  return file;
}

/** Events kubectl-diag caused at the apiserver since `since`, after a marker request has arrived. */
async function toolEventsSince(cp: ControlPlane, since: Date): Promise<AuditEvent[]> {
  // The harness's kubectl is not kubectl-diag; its request only tells us the log has caught up.
  await cp.kubectl(['get', '--raw', '/api/v1/namespaces/kube-system/pods?limit=1']);
  await cp.waitForAuditEvents({ uriIncludes: '/api/v1/namespaces/kube-system/pods?limit=1', since });
  return fromTool(await cp.auditEvents({ since }));
}

describe('safety (issue 11, e2e with viewer and admin, apiserver audit as witness)', function () {
  this.timeout(120_000);
  let cp: ControlPlane;
  let dir: string;

  /** Cluster-scoped and `default` objects this suite makes, removed after it so later suites do not see them. */
  const shared: KubeObject[] = [];
  const keep = async (made: Promise<KubeObject>): Promise<KubeObject> => {
    const object = await made;
    shared.push(object);
    return object;
  };

  before(function () {
    cp = controlPlane();
    dir = mkdtempSync(join(tmpdir(), 'kubectl-diag-safety-'));
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    for (const object of shared.reverse()) await cp.seed.delete(object);
  });

  describe('kubeconfig server path tricks', function () {
    const tricks: [string, string][] = [
      ['a Secret list as prefix', '/api/v1/namespaces/kube-system/secrets'],
      ['a Secret read as prefix', '/api/v1/namespaces/kube-system/secrets/version'],
      ['a pod proxy as prefix', '/api/v1/namespaces/kube-system/pods/victim:8080/proxy'],
      ['a node proxy as prefix', '/api/v1/nodes/node-a/proxy'],
      ['an API group as prefix', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings'],
      ['a walk up behind a plain prefix', '/k8s/clusters/c-1/../../api/v1/namespaces/kube-system/secrets'],
      ['an escaped API segment', '/%61pi/v1/namespaces/kube-system/secrets'],
      ['escaped dots', '/k8s/%2e%2e/api/v1/namespaces/kube-system/secrets'],
      ['a query', '/k8s?x=/api/v1/namespaces/kube-system/secrets'],
      ['a tab inside "api"', '/a\tpi/v1/namespaces/kube-system/secrets'],
    ];
    for (const identity of ['viewer', 'admin'] as const) {
      for (const [what, prefix] of tricks) {
        it(`refuses ${what} at load time, as ${identity}, and nothing reaches the apiserver`, async function () {
          const since = new Date();
          const source = identity === 'admin' ? cp.adminKubeconfig : cp.viewerKubeconfig;
          const file = kubeconfigWithServer(source, `${cp.server}${prefix}`, dir, `${identity}-trick`);
          const refused = new RegExp(
            `kubeconfig ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: the server URL of cluster "[^"]+" is refused`,
          );
          for (const args of [['doctor'], ['pods', '-A'], ['nodes']]) {
            const result = await diag(args, { kubeconfig: file });
            // doctor reports the refusal as its failed configuration check; the others exit 2 with it.
            assert.equal(
              result.error?.oclif?.exit,
              args[0] === 'doctor' ? 1 : 2,
              `${args.join(' ')}: ${result.stdout}`,
            );
            assert.match(`${result.stdout}${result.error?.message ?? ''}`, refused);
            assert.deepEqual(
              result.audit.filter((r) => r.decision === 'allowed'),
              [],
              'no request allowed',
            );
          }
          const arrived = await toolEventsSince(cp, since);
          assert.deepEqual(
            arrived.map((e) => `${e.verb} ${e.requestURI}`),
            [],
            'the apiserver saw requests from kubectl-diag',
          );
        });
      }
    }

    it('keeps a plain prefix working: requests go to PREFIX/api/… and the policy decides the rest', async function () {
      const since = new Date();
      const file = kubeconfigWithServer(
        cp.viewerKubeconfig,
        `${cp.server}/k8s/clusters/c-m-abc`,
        dir,
        'plain',
      );
      const result = await diag(['pods', '-n', 'default'], { kubeconfig: file });
      // The test apiserver serves no prefix, so it answers 404; what matters is what it received.
      assert.ok(result.error, 'the apiserver does not serve the prefix');
      const arrived = await toolEventsSince(cp, since);
      assert.ok(arrived.length > 0);
      assert.ok(
        arrived.every((e) => e.requestURI.startsWith('/k8s/clusters/c-m-abc/api')),
        arrived.map((e) => e.requestURI).join('\n'),
      );
    });
  });

  describe('audit attribution under 120 concurrent MCP calls', function () {
    let mcp: McpSession;
    let ns: string;
    const nodes = Array.from({ length: 10 }, (_, i) => `safety-node-${i}`);
    const pods = Array.from({ length: 30 }, (_, i) => `p-${i}`);

    before(async function () {
      ns = await cp.seed.namespace(cp.seed.uniqueName('attr'));
      await Promise.all(nodes.map((n) => keep(cp.seed.node(n))));
      await Promise.all(pods.map((p, i) => cp.seed.pod(ns, p, { node: nodes[i % nodes.length] })));
      mcp = await mcpInMemory();
    });
    after(async () => mcp?.close());

    function calls(): [string, Record<string, unknown>][] {
      return [
        ...pods.map((pod): [string, Record<string, unknown>] => ['get_pod_status', { namespace: ns, pod }]),
        ...pods.map((pod): [string, Record<string, unknown>] => ['get_pod_events', { namespace: ns, pod }]),
        ...pods
          .slice(0, 20)
          .map((pod): [string, Record<string, unknown>] => ['describe_pod', { namespace: ns, pod }]),
        ...nodes.map((node): [string, Record<string, unknown>] => ['describe_node', { node }]),
        ...nodes.map((node): [string, Record<string, unknown>] => ['get_node_conditions', { node }]),
        ...nodes.map((node): [string, Record<string, unknown>] => [
          'list_pods_on_node',
          { node, namespace: ns },
        ]),
        ...pods
          .slice(0, 10)
          .map((pod): [string, Record<string, unknown>] => ['get_service', { namespace: ns, service: pod }]),
        ['check_access', {}],
      ];
    }
    const key = (name: string, args: unknown) => `mcp:${name} ${JSON.stringify(args)}`;
    // Page sizes adapt to the server's pace (src/cluster/paging.ts): 120 concurrent calls may halve them,
    // so the calls are compared by what they read, not by the page size they asked for.
    const request = (r: { method: string; path: string }) =>
      `${r.method} ${r.path.replace(/([?&]limit=)\d+/, '$1N')}`;

    it('names exactly the caller of every request, and each record precedes the request the apiserver saw', async function () {
      const all = calls();
      assert.ok(all.length >= 120, `${all.length} calls`);
      // Baseline: each call alone, so we know which requests each one makes.
      const expected = new Map<string, string[]>();
      for (const [name, args] of all) {
        const before = readAudit(mcp.auditLog).length;
        await mcp.call(name, args);
        const records = readAudit(mcp.auditLog)
          .slice(before)
          .filter((r) => r.decision !== undefined);
        expected.set(key(name, args), records.map(request).sort());
      }
      const since = new Date();
      const before = readAudit(mcp.auditLog).length;
      const answers = await Promise.all(all.map(([name, args]) => mcp.call(name, args)));
      assert.ok(answers.length === all.length);
      const records = readAudit(mcp.auditLog).slice(before);
      const actual = new Map<string, string[]>();
      for (const r of records.filter((r) => r.decision !== undefined)) {
        assert.ok(r.caller, `a record without a caller: ${JSON.stringify(r)}`);
        const k = `${r.caller.name} ${JSON.stringify(r.caller.args)}`;
        actual.set(k, [...(actual.get(k) ?? []), request(r)]);
      }
      for (const [k, paths] of expected) assert.deepEqual((actual.get(k) ?? []).sort(), paths, k);
      assert.equal(actual.size, expected.size);
      // Every record carries the server, context and user name, and never a credential.
      const viewerToken = parse(readFileSync(cp.viewerKubeconfig, 'utf8')).users[0].user.token as string;
      for (const r of records) {
        assert.equal(r.server, cp.server);
        assert.ok(r.context && r.user && r.id, JSON.stringify(r));
        assert.ok(!JSON.stringify(r).includes(viewerToken.slice(-20)));
      }
      // The apiserver logged each request under the id of its prior record, with the same path.
      const ours = new Map(
        records.filter((r) => r.decision === 'allowed').map((r) => [r.id, `${r.path}`] as const),
      );
      const arrived = await toolEventsSince(cp, since);
      assert.equal(arrived.length, ours.size, 'one apiserver event per allowed record');
      for (const event of arrived) {
        assert.equal(ours.get(event.auditID), event.requestURI, `apiserver event ${event.auditID}`);
      }
    });
  });

  describe('audit log on a full disk', function () {
    const mount = join(tmpdir(), `kubectl-diag-fulldisk-${process.pid}`);
    let mounted = false;

    before(function () {
      mkdirSync(mount, { recursive: true });
      try {
        // A real full disk: a 32 KiB tmpfs. Needs root (CAP_SYS_ADMIN), which the test machines have.
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=32k,mode=0700', 'tmpfs', mount], { stdio: 'pipe' });
        mounted = true;
      } catch (error) {
        throw new Error(
          `the full-disk test mounts a 32 KiB tmpfs and needs root: ${(error as Error).message}`,
        );
      }
    });
    after(function () {
      if (mounted) execFileSync('umount', [mount]);
      rmSync(mount, { recursive: true, force: true });
    });

    it('sends no request without a prior record, and says why the rest were not sent', async function () {
      const auditLog = join(mount, 'audit.jsonl');
      const mcp = await mcpInMemory({ auditLog });
      const since = new Date();
      const answers: Awaited<ReturnType<McpSession['call']>>[] = [];
      try {
        // A few calls alone while there is room, then many at once until the disk is full.
        for (let i = 0; i < 3; i++)
          answers.push(await mcp.call('diagnose_pods', { namespace: 'kube-system' }));
        for (let round = 0; round < 8; round++) {
          answers.push(
            ...(await Promise.all(
              Array.from({ length: 10 }, () => mcp.call('diagnose_pods', { namespace: 'kube-system' })),
            )),
          );
        }
      } finally {
        await mcp.close();
      }
      const refused = answers.filter((a) => a.isError);
      assert.ok(refused.length > 0, 'the disk never filled');
      assert.ok(
        answers.some((a) => !a.isError),
        'some calls ran before it filled',
      );
      for (const a of refused) {
        assert.match(
          a.text,
          /cannot write the audit log .*no space left on device.*the request was not sent/,
        );
      }
      const text = readFileSync(auditLog, 'utf8');
      const ids = new Set(
        text
          .split('\n')
          .filter((line) => line.endsWith('}'))
          .map((line) => {
            try {
              return JSON.parse(line) as { id: string; decision?: string };
            } catch {
              return { id: '' };
            }
          })
          .filter((r) => r.decision === 'allowed')
          .map((r) => r.id),
      );
      const arrived = await toolEventsSince(cp, since);
      assert.ok(arrived.length > 0);
      const unrecorded = arrived.filter((e) => !ids.has(e.auditID));
      assert.deepEqual(
        unrecorded.map((e) => `${e.verb} ${e.requestURI}`),
        [],
        'requests reached the apiserver without a complete prior audit record',
      );
    });
  });

  describe('snapshot save under a fence', function () {
    let a: string;
    let b: string;
    let file: string;
    const node = `fence-node-${Date.now().toString(36)}`;

    before(async function () {
      a = await cp.seed.namespace(cp.seed.uniqueName('fence-a'));
      b = await cp.seed.namespace(cp.seed.uniqueName('fence-b'));
      await keep(cp.seed.node(node));
      await cp.seed.patchStatus(
        { apiVersion: 'v1', kind: 'Node', name: node },
        {
          images: [{ names: [`registry.example/${b}/secret-app:1`], sizeBytes: 1000 }],
          volumesInUse: [
            `kubernetes.io/csi/csi.example.com^vol-pv-${b}`,
            `kubernetes.io/csi/csi.example.com^vol-pv-${a}`,
          ],
          volumesAttached: [{ name: `kubernetes.io/csi/csi.example.com^vol-pv-${b}`, devicePath: '' }],
        },
      );
      for (const ns of [a, b]) {
        await cp.seed.pod(ns, `app-${ns}`, { node });
        await cp.seed.create(persistentVolumeClaim(ns, `data-${ns}`, { volumeName: `pv-${ns}` }));
        await keep(
          cp.seed.create(persistentVolume(`pv-${ns}`, { claim: { namespace: ns, name: `data-${ns}` } })),
        );
        const attachment = await keep(
          cp.seed.create(volumeAttachment(`va-${ns}`, { persistentVolume: `pv-${ns}`, node })),
        );
        await cp.seed.patchStatus(attachment, storageStatus.attachError(`attach of ${ns}/data-${ns} failed`));
      }
      // What a kubelet records in "default" about its node, naming a pod of another namespace.
      await keep(
        cp.seed.create(
          coreEvent('default', {
            involvedObject: { kind: 'Node', name: node, namespace: '' },
            reason: 'Evicted',
            message: `Evicting pod ${b}/app-${b} to reclaim memory`,
          }),
        ),
      );
      file = join(dir, 'fenced.json');
    });

    it('writes no byte of a fenced-out namespace, records the fence, and reading it never shows more', async function () {
      const saved = await diag(['snapshot', 'save', file, '-A', '--allowed-namespaces', `${a},default`]);
      assert.equal(saved.error, undefined, saved.stderr);
      const bytes = readFileSync(file, 'utf8');
      assert.ok(bytes.includes(`pv-${a}`) && bytes.includes(`va-${a}`), 'the allowed namespace is captured');
      assert.equal(bytes.includes(b), false, `the file names ${b}`);
      assert.ok(bytes.includes(HIDDEN_MESSAGE), 'the node event text naming the other namespace is hidden');
      assert.deepEqual((JSON.parse(bytes) as { fence: string[] }).fence, [a, 'default'].sort());
      assert.match(saved.stdout, /Inside the namespace fence: .*recorded in the file/);
      // Read back without any fence: the recorded one holds.
      const other = await diag(['pods', '-n', b, '--snapshot', file]);
      assert.equal(other.error?.oclif?.exit, 5, other.stdout);
      const all = await diag(['pods', '-A', '--snapshot', file, '-o', 'json']);
      assert.equal(all.stdout.includes(b), false);
    });

    it('refuses -l rather than ignoring it', async function () {
      const result = await diag(['snapshot', 'save', join(dir, 'sel.json'), '-A', '-l', 'app=x']);
      assert.equal(result.error?.oclif?.exit, 2);
      assert.match(result.error!.message, /drop -l\/--selector/);
    });
  });

  describe('terminal escape injection (CVE-2021-25743 class) in every text view', function () {
    // Set the window title, clear the screen, move the cursor up, return and overwrite, a C1 CSI.
    const PAYLOAD = 'X\u001b]0;PWNED\u0007\u001b[2J\u001b[1A\rFAKE\u009b31mZ';
    let ns: string;
    const node = `esc-node-${Date.now().toString(36)}`;
    let views: string[][];

    before(async function () {
      ns = await cp.seed.namespace(cp.seed.uniqueName('esc'));
      const conditions = nodeConditions({ ready: false }).map((c) =>
        c['type'] === 'Ready' ? { ...c, message: `runtime down ${PAYLOAD}` } : c,
      );
      await keep(cp.seed.node(node, { conditions }));
      const crashing = containerStatus.crashLoopBackOff('app', { message: `oom ${PAYLOAD}` });
      (crashing['state'] as { waiting: { message: string } }).waiting.message = `back-off ${PAYLOAD}`;
      await cp.seed.pod(ns, 'victim', {
        node,
        labels: { app: 'victim' },
        status: podStatus({ containerStatuses: [crashing] }),
      });
      await cp.seed.setLogs(ns, 'victim', 'app', [`log ${PAYLOAD}`], { previous: true });
      await cp.seed.create(service(ns, 'web', { selector: { app: 'victim' } }));
      await cp.seed.create(persistentVolumeClaim(ns, 'data', { volumeName: `pv-esc-${ns}` }));
      await keep(
        cp.seed.create(persistentVolume(`pv-esc-${ns}`, { claim: { namespace: ns, name: 'data' } })),
      );
      const attachment = await keep(
        cp.seed.create(volumeAttachment(`va-esc-${ns}`, { persistentVolume: `pv-esc-${ns}`, node })),
      );
      await cp.seed.patchStatus(attachment, storageStatus.attachError(`attach failed ${PAYLOAD}`));
      for (const [kind, name] of [
        ['Pod', 'victim'],
        ['Service', 'web'],
        ['PersistentVolumeClaim', 'data'],
      ] as const) {
        await cp.seed.create(
          coreEvent(ns, { involvedObject: { kind, name }, reason: 'Failed', message: `${kind} ${PAYLOAD}` }),
        );
      }
      views = [
        ['pods', '-n', ns],
        ['pods', '-n', ns, '-o', 'wide'],
        ['pods', 'victim', '-n', ns],
        ['nodes'],
        ['nodes', '-o', 'wide'],
        ['nodes', node],
        ['endpoints', '-n', ns],
        ['endpoints', 'web', '-n', ns],
        ['storage', '-n', ns],
        ['storage', '-n', ns, '-o', 'wide'],
        ['storage', 'data', '-n', ns],
      ];
    });

    const runPath = join(ROOT, 'bin', 'run.js');
    const env = () => ({
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      KUBECONFIG: cp.viewerKubeconfig,
      KUBECTL_DIAG_AUDIT_LOG: join(dir, `audit-${Math.random().toString(36).slice(2)}.jsonl`),
      TERM: 'xterm-256color',
    });
    /** Control bytes other than newline and tab, and C1 controls (UTF-8 C2 80-9F). */
    const rawControls = (text: string) =>
      [...text.matchAll(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g)].map((m) => m[0].charCodeAt(0));

    it('prints no raw control byte when piped, and shows the attempts as visible escapes', function () {
      let shown = 0;
      for (const args of views) {
        const out = execFileSync(process.execPath, [runPath, ...args], { env: env(), encoding: 'utf8' });
        assert.deepEqual(rawControls(out), [], `kubectl diag ${args.join(' ')} printed raw control bytes`);
        if (out.includes('^[]0;PWNED^G')) shown++;
      }
      assert.ok(shown >= 6, `only ${shown} views showed the hostile texts at all`);
    });

    it('prints no raw control byte under a terminal (pty) beyond its own colors', function () {
      for (const args of views) {
        const command = [process.execPath, runPath, ...args].map((a) => `'${a}'`).join(' ');
        const out = execFileSync('script', ['-q', '-e', '-c', command, '/dev/null'], {
          env: env(),
          encoding: 'utf8',
        });
        const ours = out.replace(/\u001b\[[0-9;]*m/g, '').replace(/\r\n/g, '\n');
        assert.deepEqual(rawControls(ours), [], `kubectl diag ${args.join(' ')} under a pty`);
      }
    });

    it('keeps json exact and neutralises MCP text while structuredContent stays exact', async function () {
      const json = await diag(['pods', 'victim', '-n', ns, '-o', 'json']);
      // json carries the cluster's strings as they are (JSON escapes control characters itself).
      assert.ok(JSON.stringify(JSON.parse(json.stdout)).includes('\\u001b]0;PWNED\\u0007'), 'json is exact');
      assert.equal(json.stdout.includes('^[]0;PWNED'), false);
      const mcp = await mcpInMemory();
      try {
        for (const [tool, args] of [
          ['describe_pod', { namespace: ns, pod: 'victim' }],
          ['get_pod_logs', { namespace: ns, pod: 'victim', previous: true }],
          ['describe_node', { node }],
          ['get_pvc', { namespace: ns, pvc: 'data' }],
          ['get_service', { namespace: ns, service: 'web' }],
        ] as const) {
          const answer = await mcp.call(tool, args);
          assert.deepEqual(rawControls(answer.text), [], `${tool} text`);
          if (tool === 'describe_pod')
            assert.ok(JSON.stringify(answer.structured).includes('\\u001b]0;PWNED'));
        }
      } finally {
        await mcp.close();
      }
    });
  });
});
