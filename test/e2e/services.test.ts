// kubectl diag endpoints and the service MCP tools, against the real control plane as diagnostic-viewer:
// one seeded Service per finding (there is no endpoint controller: the test writes every EndpointSlice),
// then the command and every tool read them back.

import assert from 'node:assert/strict';
import {
  containerStatus,
  coreEvent,
  endpoints,
  endpointSlice,
  podStatus,
  service,
  viewerUsername,
} from '../cluster/index.js';
import type { ContainerSpec, ControlPlane, EndpointAddressSpec, KubeObject } from '../cluster/index.js';
import { controlPlane } from './setup.js';
import { diag, mcpInMemory, readAudit, type CliResult, mcpForBlock } from './tool.js';

/** Service name → the finding reasons kubectl-diag must report for it. */
const EXPECTED: Record<string, string[]> = {
  'web-ok': [],
  'shop-web': ['SelectorMatchesNoPods'],
  api: ['NoReadyEndpoints'],
  cart: ['SomeEndpointsNotReady'],
  search: ['TargetPortMismatch'],
  orders: ['ReadyPodsNotInEndpoints'],
  'legacy-db': ['ServiceWithoutSelector'],
  'external-api': [],
  payments: ['ExternalNameService'],
  db: ['HeadlessService'],
  'frontend-lb': ['LoadBalancerPending'],
  checkout: ['ServiceWarningEvent'],
};

interface Summary {
  name: string;
  namespace: string;
  selector: string;
  endpoints: { source: string; ready: number; notReady: number; total: number };
  pods: { matching: number; ready: number };
  findings: { reason: string; severity: string; message: string; evidence: string[]; hint: string }[];
}

let nextIp = 10;
/** A pod of the stand-in node with its own 10.x IP (the apiserver refuses loopback in endpoints). */
async function backend(
  cp: ControlPlane,
  ns: string,
  name: string,
  node: string,
  opts: {
    labels: Record<string, string>;
    ready?: boolean;
    crashing?: boolean;
    ports?: ContainerSpec['ports'];
  },
): Promise<EndpointAddressSpec> {
  const ip = `10.244.1.${nextIp++}`;
  const app = opts.crashing
    ? containerStatus.crashLoopBackOff('app', { restartCount: 6 })
    : containerStatus.running('app', { ready: opts.ready ?? true });
  await cp.seed.pod(ns, name, {
    node,
    labels: opts.labels,
    containers: [{ name: 'app', ...(opts.ports ? { ports: opts.ports } : {}) }],
    status: podStatus({ podIP: ip, containerStatuses: [app] }),
  });
  return { ip, pod: name, ready: (opts.ready ?? true) && !opts.crashing, nodeName: node };
}

function slice(
  ns: string,
  svc: string,
  eps: EndpointAddressSpec[],
  ports?: { name?: string; port: number }[],
) {
  return endpointSlice(ns, `${svc}-abcde`, { service: svc, endpoints: eps, ...(ports ? { ports } : {}) });
}

function withSpec(obj: KubeObject, spec: Record<string, unknown>): KubeObject {
  return { ...obj, spec: { ...(obj['spec'] as object), ...spec } };
}

async function seedServiceScenarios(cp: ControlPlane, ns: string, node: string): Promise<void> {
  const s = cp.seed;
  const ok = await Promise.all([
    backend(cp, ns, 'ok-1', node, { labels: { app: 'ok' } }),
    backend(cp, ns, 'ok-2', node, { labels: { app: 'ok' } }),
  ]);
  const [api1, cart1, cart2, search1, db0] = await Promise.all([
    backend(cp, ns, 'api-1', node, { labels: { app: 'api' }, crashing: true }),
    backend(cp, ns, 'cart-1', node, { labels: { app: 'cart' } }),
    backend(cp, ns, 'cart-2', node, { labels: { app: 'cart' }, ready: false }),
    backend(cp, ns, 'search-1', node, {
      labels: { app: 'search' },
      ports: [{ name: 'web', containerPort: 8080 }],
    }),
    backend(cp, ns, 'db-0', node, { labels: { app: 'db' } }),
    backend(cp, ns, 'web-v2-a', node, { labels: { app: 'web-v2' } }),
    backend(cp, ns, 'web-v2-b', node, { labels: { app: 'web-v2' } }),
    backend(cp, ns, 'orders-1', node, { labels: { app: 'orders' } }),
  ]);
  const frontend = { tier: 'frontend' };
  await s.createMany([
    service(ns, 'web-ok', { selector: { app: 'ok' }, labels: frontend }),
    slice(ns, 'web-ok', ok),
    service(ns, 'shop-web', { selector: { app: 'web' } }),
    slice(ns, 'shop-web', []),
    service(ns, 'api', { selector: { app: 'api' } }),
    slice(ns, 'api', [api1!]),
    service(ns, 'cart', { selector: { app: 'cart' } }),
    slice(ns, 'cart', [cart1!, cart2!]),
    service(ns, 'search', {
      selector: { app: 'search' },
      ports: [{ name: 'http', port: 80, targetPort: 'http' }],
    }),
    slice(ns, 'search', [search1!], []),
    service(ns, 'orders', { selector: { app: 'orders' } }),
    service(ns, 'legacy-db', {}),
    service(ns, 'external-api', { ports: [{ name: 'https', port: 443, targetPort: 443 }] }),
    endpoints(ns, 'external-api', { ready: [{ ip: '10.1.2.3' }], ports: [{ name: 'https', port: 443 }] }),
    withSpec(service(ns, 'payments', { type: 'ExternalName' }), { externalName: 'payments.example.com' }),
    service(ns, 'db', { selector: { app: 'db' }, clusterIP: 'None' }),
    slice(ns, 'db', [db0!]),
    service(ns, 'frontend-lb', { selector: { app: 'ok' }, type: 'LoadBalancer', labels: frontend }),
    slice(ns, 'frontend-lb', ok),
    service(ns, 'checkout', { selector: { app: 'ok' } }),
    slice(ns, 'checkout', ok),
    coreEvent(ns, {
      involvedObject: { kind: 'Service', name: 'checkout' },
      reason: 'FailedToUpdateEndpointSlices',
      message: 'Error updating Endpoint Slices for Service checkout: node "gone" not found',
      component: 'endpoint-slice-controller',
      count: 3,
    }),
    withInvolvedFieldPath(
      coreEvent(ns, {
        involvedObject: { kind: 'Pod', name: 'cart-2' },
        reason: 'Unhealthy',
        message: 'Readiness probe failed: HTTP probe failed with statuscode: 503',
        count: 9,
      }),
    ),
  ]);
}

function withInvolvedFieldPath(event: KubeObject): KubeObject {
  return {
    ...event,
    involvedObject: { ...(event['involvedObject'] as object), fieldPath: 'spec.containers{app}' },
  };
}

function reasonsOf(findings: { reason: string }[]): string[] {
  return findings.map((f) => f.reason).sort();
}

function allowedPaths(result: CliResult): string[] {
  return result.audit
    .filter((a) => a.decision === 'allowed')
    .map((a) => a.path.split('?')[0]!)
    .sort();
}

describe('kubectl diag endpoints (e2e, as diagnostic-viewer)', function () {
  let cp: ControlPlane;
  let ns: string;
  let other: string;
  let node: string;

  before(async function () {
    cp = controlPlane();
    ns = await cp.seed.namespace(cp.seed.uniqueName('svc'));
    other = await cp.seed.namespace(cp.seed.uniqueName('svc-other'));
    node = cp.seed.uniqueName('node');
    await cp.seed.node(node);
    await seedServiceScenarios(cp, ns, node);
    const x = await backend(cp, other, 'other-1', node, { labels: { app: 'other' } });
    await cp.seed.createMany([
      service(other, 'other-web', { selector: { app: 'other' } }),
      slice(other, 'other-web', [x]),
    ]);
  });

  describe('the command', function () {
    it('finds every seeded problem, with the right reason codes', async function () {
      const { stdout, error } = await diag(['endpoints', '-n', ns, '-o', 'json']);
      assert.equal(error, undefined, error?.message);
      const report = JSON.parse(stdout) as { kind: string; items: Summary[]; summary: { items: number } };
      assert.equal(report.kind, 'ServiceList');
      // The apiserver adds nothing to a namespace: exactly the seeded Services are listed.
      assert.equal(report.summary.items, Object.keys(EXPECTED).length);
      for (const [name, reasons] of Object.entries(EXPECTED)) {
        const summary = report.items.find((s) => s.name === name);
        assert.ok(summary, `service ${name} listed`);
        assert.deepEqual(reasonsOf(summary.findings), [...reasons].sort(), `findings of ${name}`);
      }
    });

    it('shows type, selector, ports, READY / NOT-READY counts, matching pods and the top finding', async function () {
      const { stdout, error } = await diag(['endpoints', '-n', ns]);
      assert.equal(error, undefined, error?.message);
      assert.match(stdout, /^NAME\s+TYPE\s+SELECTOR\s+PORTS\s+READY\s+NOT-READY\s+PODS\s+FINDING$/m);
      assert.match(stdout, /^web-ok\s+ClusterIP\s+app=ok\s+80→8080\/TCP\s+2\s+0\s+2\/2\s*$/m);
      assert.match(
        stdout,
        /^cart\s+ClusterIP\s+app=cart\s+80→8080\/TCP\s+1\s+1\s+1\/2\s+SomeEndpointsNotReady: 1 of 2/m,
      );
      assert.match(
        stdout,
        /^shop-web\s+ClusterIP\s+app=web\s+80→8080\/TCP\s+0\s+0\s+0\/0\s+SelectorMatchesNoPods: Selector app=web matches no pods: label app did not match; nearby 2 pods have app=web-v2 instead of app=web$/m,
      );
      assert.match(
        stdout,
        /^api\s+ClusterIP\s+app=api\s+80→8080\/TCP\s+0\s+1\s+0\/1\s+NoReadyEndpoints: 1 pod matches/m,
      );
      assert.match(
        stdout,
        /^payments\s+ExternalName\s+<none>\s+80→8080\/TCP\s+-\s+-\s+-\s+ExternalNameService:/m,
      );
      assert.match(stdout, /^external-api\s+ClusterIP\s+<none>\s+443→443\/TCP\s+1\s+0\s+-\s*$/m);
      assert.match(
        stdout,
        /^12 services in namespace \S+, 10 with findings \(10 findings: 4 critical, 3 warning, 3 info\)\.$/m,
      );
    });

    it('adds cluster IP, external address and age with -o wide', async function () {
      const { stdout } = await diag(['endpoints', '-n', ns, '-o', 'wide']);
      assert.match(stdout, /CLUSTER-IP\s+EXTERNAL\s+AGE\s+FINDING/);
      assert.match(
        stdout,
        /^frontend-lb\s+LoadBalancer\s.*\s10\.\d+\.\d+\.\d+\s+<pending>\s+\S+\s+LoadBalancerPending/m,
      );
      assert.match(stdout, /^db\s+ClusterIP\s.*\sNone\s+<none>\s+\S+\s+HeadlessService/m);
      assert.match(stdout, /^payments\s+ExternalName\s.*\s<none>\s+payments\.example\.com\s/m);
    });

    it('says which label did not match and which pods almost match', async function () {
      const { stdout } = await diag(['endpoints', 'shop-web', '-n', ns]);
      assert.match(
        stdout,
        /CRITICAL SelectorMatchesNoPods: Selector app=web matches no pods: label app did not match; nearby 2 pods have app=web-v2 instead of app=web/,
      );
      assert.match(stdout, /pods web-v2-a, web-v2-b almost match: app=web-v2 instead of app=web/);
      assert.match(
        stdout,
        new RegExp(`→ .*set the selector to app=web-v2.*kubectl diag pods -n ${ns} -l app=web-v2`),
      );
    });

    it('describes one Service with its ports, endpoints, matched pods and their own findings', async function () {
      const { stdout, error } = await diag(['endpoints', 'api', '-n', ns]);
      assert.equal(error, undefined, error?.message);
      assert.match(stdout, new RegExp(`Service:\\s+${ns}/api`));
      assert.match(
        stdout,
        /Ports:\n\s+NAME\s+PORT\s+PROTOCOL\s+TARGET PORT\s+NODE PORT\n\s+http\s+80\s+TCP\s+8080/,
      );
      assert.match(stdout, /Endpoints: 0 ready, 1 not ready, 0 terminating \(EndpointSlice\)/);
      assert.match(
        stdout,
        /api-abcde\s+10\.244\.1\.\d+\s+false\s+false\s+false\s+api-1\s+\S+\s+http:8080\/TCP/,
      );
      assert.match(stdout, /Pods matching app=api: 1 \(0 ready\)/);
      assert.match(
        stdout,
        /api-1\s+false\s+CrashLoopBackOff\s+10\.244\.1\.\d+\s+\S+\s+true\s+CrashLoopBackOff: Container "app"/,
      );
      assert.match(stdout, /CRITICAL NoReadyEndpoints: 1 pod matches but none is ready/);
      assert.match(
        stdout,
        /pod api-1 \(CrashLoopBackOff\): CrashLoopBackOff: Container "app" keeps crashing: last exit Error \(exit code 1\), 6 restarts/,
      );
    });

    it('links a not-ready endpoint to its pod’s failing readiness probe', async function () {
      const { stdout } = await diag(['endpoints', 'cart', '-n', ns]);
      assert.match(
        stdout,
        /10\.244\.1\.\d+: pod cart-2 \(Running\): ReadinessProbeFailed: Readiness probe of container "app" is failing \(9 times/,
      );
    });

    it('reads legacy Endpoints only for a Service that has no EndpointSlice', async function () {
      const { stdout } = await diag(['endpoints', 'external-api', '-n', ns, '-o', 'json']);
      const result = (
        JSON.parse(stdout) as {
          items: [
            { service: Summary; endpointSets: { kind: string; endpoints: { addresses: string[] }[] }[] },
          ];
        }
      ).items[0];
      assert.deepEqual(result.service.endpoints, {
        source: 'Endpoints',
        total: 1,
        ready: 1,
        notReady: 0,
        terminating: 0,
      });
      assert.deepEqual(result.endpointSets[0]!.endpoints[0]!.addresses, ['10.1.2.3']);
    });

    it('reports each finding for one Service as the list does', async function () {
      for (const [name, reasons] of Object.entries(EXPECTED)) {
        const { stdout, error } = await diag(['endpoints', name, '-n', ns, '-o', 'json']);
        assert.equal(error, undefined, `${name}: ${error?.message}`);
        const { service: summary } = (JSON.parse(stdout) as { items: [{ service: Summary }] }).items[0];
        assert.deepEqual(reasonsOf(summary.findings), [...reasons].sort(), `findings of ${name}`);
      }
    });

    it('filters Services by their own labels with -l and lists all namespaces with -A', async function () {
      const { stdout } = await diag(['endpoints', '-n', ns, '-l', 'tier=frontend', '-o', 'json']);
      assert.deepEqual(
        (JSON.parse(stdout) as { items: Summary[] }).items.map((s) => s.name),
        ['frontend-lb', 'web-ok'],
      );
      const all = await diag(['endpoints', '-A']);
      assert.match(all.stdout, /^NAMESPACE\s+NAME\s+TYPE/m);
      assert.match(all.stdout, new RegExp(`^${ns}\\s+api\\s`, 'm'));
      assert.match(all.stdout, new RegExp(`^${other}\\s+other-web\\s`, 'm'));
    });

    it('makes the same lists whatever the number of Services, and reads Endpoints only when a Service lacks slices', async function () {
      const few = await cp.seed.namespace(cp.seed.uniqueName('svc-few'));
      await cp.seed.create(service(few, 'solo', { selector: { app: 'solo' } }));
      const big = await diag(['endpoints', '-n', ns]);
      const small = await diag(['endpoints', '-n', few]);
      const sliced = await diag(['endpoints', '-n', other]);
      const lists = (n: string, legacy: boolean) =>
        [
          `/api/v1/namespaces/${n}/services`,
          `/apis/discovery.k8s.io/v1/namespaces/${n}/endpointslices`,
          `/api/v1/namespaces/${n}/pods`,
          `/api/v1/namespaces/${n}/events`,
          `/api/v1/namespaces/${n}/events`,
          ...(legacy ? [`/api/v1/namespaces/${n}/endpoints`] : []),
        ].sort();
      assert.deepEqual(allowedPaths(big), lists(ns, true));
      assert.deepEqual(allowedPaths(small), lists(few, true));
      assert.deepEqual(allowedPaths(sliced), lists(other, false));
      assert.ok(
        big.audit.every((a) => a.caller?.name === 'endpoints'),
        'every request is attributed to the command',
      );
    });

    it('reads one Service with one get and four lists (plus its Endpoints only if it has no slice)', async function () {
      const sliced = await diag(['endpoints', 'web-ok', '-n', ns]);
      assert.deepEqual(allowedPaths(sliced), [
        `/api/v1/namespaces/${ns}/events`,
        `/api/v1/namespaces/${ns}/events`,
        `/api/v1/namespaces/${ns}/pods`,
        `/api/v1/namespaces/${ns}/services/web-ok`,
        `/apis/discovery.k8s.io/v1/namespaces/${ns}/endpointslices`,
      ]);
      const legacy = await diag(['endpoints', 'legacy-db', '-n', ns]);
      assert.ok(allowedPaths(legacy).includes(`/api/v1/namespaces/${ns}/endpoints/legacy-db`));
      assert.equal(allowedPaths(legacy).length, 6);
    });

    it('never lists pods of another namespace', async function () {
      for (const args of [
        ['endpoints', '-n', ns],
        ['endpoints', 'shop-web', '-n', ns],
      ]) {
        const { audit } = await diag(args);
        assert.ok(audit.length > 0);
        for (const record of audit) assert.ok(record.path.includes(`/namespaces/${ns}/`), record.path);
      }
    });
  });

  describe('bad input gets a clear error and changes nothing', function () {
    it('an unknown namespace', async function () {
      const { error } = await diag(['endpoints', '-n', 'no-such-namespace']);
      assert.match(error?.message ?? '', /Namespace "no-such-namespace" not found/);
      assert.equal(error?.oclif?.exit, 6);
    });
    it('a Service that does not exist', async function () {
      const { error } = await diag(['endpoints', 'nope', '-n', ns]);
      assert.match(error?.message ?? '', new RegExp(`Service "nope" not found in namespace "${ns}"`));
      assert.equal(error?.oclif?.exit, 6);
    });
    it('a malformed label selector, before any request', async function () {
      const { error, audit } = await diag(['endpoints', '-n', ns, '-l', 'tier in (front']);
      assert.match(error?.message ?? '', /invalid label selector "tier in \(front": unbalanced/);
      assert.equal(error?.oclif?.exit, 2);
      assert.deepEqual(audit, []);
    });
    it('a Service name with "/" or ".."', async function () {
      for (const name of ['../secrets', 'a/b']) {
        const { error, audit } = await diag(['endpoints', name, '-n', ns]);
        assert.match(error?.message ?? '', /must be a service name/);
        assert.deepEqual(audit, []);
      }
    });
    it('a Service name together with -l', async function () {
      const { error, audit } = await diag(['endpoints', 'api', '-n', ns, '-l', 'app=api']);
      assert.match(error?.message ?? '', /either a Service name or -l\/--selector, not both/);
      assert.equal(error?.oclif?.exit, 2);
      assert.deepEqual(audit, []);
    });
    it('a Service in a namespace outside --allowed-namespaces, refused before it is sent', async function () {
      const since = new Date();
      const { error, audit } = await diag(['endpoints', 'api', '-n', ns, '--allowed-namespaces', other]);
      assert.match(error?.message ?? '', new RegExp(`namespace "${ns}" is outside the allowed namespaces`));
      assert.equal(error?.oclif?.exit, 5);
      assert.ok(audit.length > 0 && audit.every((a) => a.decision === 'denied'));
      const arrived = await cp.auditEvents({
        uriIncludes: `/namespaces/${ns}/`,
        since,
        user: viewerUsername,
      });
      assert.deepEqual(arrived, []);
    });
  });

  describe('the MCP tools', function () {
    const mcp = mcpForBlock();

    it('diagnose_services returns only Services with findings, with counts', async function () {
      const answer = await mcp.call('diagnose_services', { namespace: ns });
      assert.equal(answer.isError, false, answer.text);
      const report = answer.structured as {
        services: Summary[];
        totalServices: number;
        servicesWithFindings: number;
      };
      assert.equal(report.totalServices, 12);
      assert.equal(report.servicesWithFindings, 10);
      for (const [name, reasons] of Object.entries(EXPECTED)) {
        const summary = report.services.find((s) => s.name === name);
        if (reasons.length === 0) assert.equal(summary, undefined, `${name} is healthy and left out`);
        else assert.deepEqual(reasonsOf(summary!.findings), [...reasons].sort(), `findings of ${name}`);
      }
      const lb = report.services.find((s) => s.name === 'frontend-lb')!.findings[0]!;
      assert.equal(lb.severity, 'info', 'a load balancer seconds old is only noted');
      assert.match(
        lb.message,
        /no external address after \d+s \(provisioning usually takes a minute or two\)/,
      );
      assert.match(
        answer.text,
        /12 services in namespace \S+; 10 with findings \(4 critical, 3 warning, 3 info\)/,
      );
      assert.match(
        answer.text,
        /\[critical\] TargetPortMismatch: targetPort "http" of port "http" 80\/TCP is not a named TCP container port of any matched pod/,
      );
    });

    it('diagnose_services filters by the Services’ labels', async function () {
      const answer = await mcp.call('diagnose_services', {
        namespace: ns,
        selector: 'tier=frontend',
        includeHealthy: true,
      });
      assert.deepEqual(
        (answer.structured as { services: Summary[] }).services.map((s) => s.name),
        ['frontend-lb', 'web-ok'],
      );
    });

    it('get_service and get_endpoints report every seeded finding', async function () {
      for (const [name, reasons] of Object.entries(EXPECTED)) {
        const service = await mcp.call('get_service', { namespace: ns, service: name });
        assert.equal(service.isError, false, service.text);
        const detail = service.structured as { service: Summary };
        assert.deepEqual(reasonsOf(detail.service.findings), [...reasons].sort(), `get_service ${name}`);
        const eps = await mcp.call('get_endpoints', { namespace: ns, service: name });
        assert.equal(eps.isError, false, eps.text);
        const result = eps.structured as { findings: Summary['findings'] };
        assert.deepEqual(reasonsOf(result.findings), [...reasons].sort(), `get_endpoints ${name}`);
      }
    });

    it('get_service gives the matched pods with their own findings', async function () {
      const answer = await mcp.call('get_service', { namespace: ns, service: 'api' });
      const detail = answer.structured as {
        pods: { name: string; ready: boolean; inEndpoints: boolean; findings: { reason: string }[] }[];
      };
      assert.deepEqual(
        detail.pods.map((p) => [p.name, p.ready, p.inEndpoints, p.findings.map((f) => f.reason)]),
        [['api-1', false, true, ['CrashLoopBackOff']]],
      );
      assert.match(
        answer.text,
        /pods matched by the selector: 1 \(0 ready\)\n {2}api-1 CrashLoopBackOff not-ready/,
      );
      assert.match(answer.text, /\[critical\] CrashLoopBackOff: Container "app" keeps crashing/);
    });

    it('get_service lists Warning events on the Service', async function () {
      const answer = await mcp.call('get_service', { namespace: ns, service: 'checkout' });
      const detail = answer.structured as { events: { reason: string; count: number }[] };
      assert.deepEqual(
        detail.events.map((e) => [e.reason, e.count]),
        [['FailedToUpdateEndpointSlices', 3]],
      );
      assert.match(
        answer.text,
        /\[warning\] ServiceWarningEvent: Warning event FailedToUpdateEndpointSlices \(x3\)/,
      );
    });

    it('get_endpoints gives each address with its readiness, pod and ports', async function () {
      const answer = await mcp.call('get_endpoints', { namespace: ns, service: 'cart' });
      const result = answer.structured as {
        endpoints: Summary['endpoints'];
        endpointSets: {
          kind: string;
          name: string;
          ports: { name?: string; port?: number }[];
          endpoints: { pod?: string; ready: boolean; serving: boolean; terminating: boolean }[];
        }[];
      };
      assert.deepEqual(result.endpoints, {
        source: 'EndpointSlice',
        total: 2,
        ready: 1,
        notReady: 1,
        terminating: 0,
      });
      assert.equal(result.endpointSets[0]!.kind, 'EndpointSlice');
      assert.deepEqual(result.endpointSets[0]!.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
      assert.deepEqual(
        result.endpointSets[0]!.endpoints.map((e) => [e.pod, e.ready, e.serving, e.terminating]),
        [
          ['cart-1', true, true, false],
          ['cart-2', false, false, false],
        ],
      );
      assert.match(
        answer.text,
        /EndpointSlice cart-abcde \(IPv4\) ports http:8080\/TCP\n\s+10\.244\.1\.\d+ ready serving pod=cart-1/,
      );
    });

    it('list_pods_by_selector (the pods tool) lists the pods a near-miss selector would match', async function () {
      const answer = await mcp.call('list_pods_by_selector', { namespace: ns, selector: 'app=web-v2' });
      assert.deepEqual(
        (answer.structured as { pods: { name: string }[] }).pods.map((p) => p.name),
        ['web-v2-a', 'web-v2-b'],
      );
    });

    it('diagnose_services over all namespaces makes six cluster-wide lists, not one call per Service or namespace', async function () {
      const before = readAudit(mcp.auditLog).length;
      await mcp.call('diagnose_services', { allNamespaces: true });
      const records = readAudit(mcp.auditLog)
        .slice(before)
        .filter((r) => r.decision !== undefined);
      // Lists, not pages: other files leave more than one page (500) of pods in the cluster.
      const lists = records.filter((r) => !/[?&]continue=/.test(r.path));
      assert.equal(lists.length, 6, records.map((r) => r.path).join('\n'));
      assert.ok(records.every((r) => r.caller?.name === 'mcp:diagnose_services'));
      assert.ok(
        records.every((r) => !r.path.includes('/namespaces/')),
        'cluster-wide lists, not one per namespace',
      );
    });

    it('answers errors as isError results and stays up', async function () {
      const missing = await mcp.call('get_service', { namespace: ns, service: 'ghost' });
      assert.equal(missing.isError, true);
      assert.match(missing.text, /Service "ghost" not found/);
      const badName = await mcp.call('get_endpoints', { namespace: ns, service: '../secrets' });
      assert.equal(badName.isError, true);
      assert.match(badName.text, /must be a service name/);
      const unknownNs = await mcp.call('diagnose_services', { namespace: 'no-such-ns' });
      assert.equal(unknownNs.isError, true);
      assert.match(unknownNs.text, /Namespace "no-such-ns" not found/);
      const ok = await mcp.call('get_service', { namespace: ns, service: 'web-ok' });
      assert.equal(ok.isError, false);
    });

    it('holds the namespace fence: a fenced Service is refused, other namespaces’ objects never appear', async function () {
      const fenced = await mcpInMemory({ env: { ALLOWED_NAMESPACES: other } });
      const since = new Date();
      try {
        for (const tool of ['get_service', 'get_endpoints']) {
          const answer = await fenced.call(tool, { namespace: ns, service: 'api' });
          assert.equal(answer.isError, true, tool);
          assert.match(answer.text, /outside the allowed namespaces/);
        }
        const all = await fenced.call('diagnose_services', { allNamespaces: true, includeHealthy: true });
        assert.equal(all.isError, false, all.text);
        const services = (all.structured as { services: Summary[] }).services;
        assert.deepEqual(
          services.map((s) => `${s.namespace}/${s.name}`),
          [`${other}/other-web`],
        );
        const inside = await fenced.call('get_service', { namespace: other, service: 'other-web' });
        assert.deepEqual(
          (inside.structured as { pods: { name: string }[] }).pods.map((p) => p.name),
          ['other-1'],
        );
      } finally {
        await fenced.close();
      }
      const arrived = await cp.auditEvents({
        uriIncludes: `/namespaces/${ns}/`,
        since,
        user: viewerUsername,
      });
      assert.deepEqual(arrived, []);
      const clusterWide = await cp.auditEvents({ uriIncludes: '/api/v1/pods', since, user: viewerUsername });
      assert.deepEqual(clusterWide, [], 'with a fence, no cluster-wide pod list is sent');
    });
  });
});
