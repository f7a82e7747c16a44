import assert from 'node:assert/strict';
import {
  analyzeService,
  countEndpoints,
  endpointSetsOf,
  selectorNearMisses,
  similarLabelValue,
} from '../../../../src/areas/services/rules.js';
import { NOW, makePod, minutesAgo, podEvent } from '../../builders/pods.js';
import {
  backendPod,
  makeEndpoints,
  makeService,
  makeSlice,
  serviceEvent,
  serviceInput,
} from '../../builders/services.js';
import { only, reasons } from '../../builders/findings.js';

const web = makeService('web');
const pods = [backendPod('web-1', { ip: '10.0.0.1' }), backendPod('web-2', { ip: '10.0.0.2' })];
const slice = makeSlice('web', [
  { ip: '10.0.0.1', pod: 'web-1' },
  { ip: '10.0.0.2', pod: 'web-2' },
]);

describe('service endpoints', () => {
  it('reads EndpointSlices and ignores legacy Endpoints when a slice exists', () => {
    const sets = endpointSetsOf([slice], makeEndpoints('web', ['10.9.9.9']));
    assert.deepEqual(
      sets.map((s) => s.kind),
      ['EndpointSlice'],
    );
    assert.deepEqual(countEndpoints(sets), {
      source: 'EndpointSlice',
      total: 2,
      ready: 2,
      notReady: 0,
      terminating: 0,
    });
  });

  it('falls back to legacy Endpoints only when the Service has no slice', () => {
    const sets = endpointSetsOf([], makeEndpoints('web', ['10.0.0.1'], ['10.0.0.2']));
    assert.deepEqual(countEndpoints(sets), {
      source: 'Endpoints',
      total: 2,
      ready: 1,
      notReady: 1,
      terminating: 0,
    });
    assert.deepEqual(countEndpoints(endpointSetsOf([], undefined)).source, 'none');
  });

  it('reads an absent ready condition as ready and counts terminating endpoints apart', () => {
    const s = makeSlice('web', [{ ip: '10.0.0.3', ready: false, terminating: true }]);
    s.endpoints!.push({ addresses: ['10.0.0.4'] });
    assert.deepEqual(countEndpoints(endpointSetsOf([s], undefined)), {
      source: 'EndpointSlice',
      total: 2,
      ready: 1,
      notReady: 0,
      terminating: 1,
    });
  });

  it('counts a dual-stack pod listed in an IPv4 and an IPv6 slice once', () => {
    const v6 = makeSlice('web', [{ ip: 'fd00::1', pod: 'web-1' }], { addressType: 'IPv6' });
    v6.metadata!.name = 'web-v6';
    assert.equal(countEndpoints(endpointSetsOf([slice, v6], undefined)).total, 2);
  });
});

describe('service rules', () => {
  it('finds nothing wrong with a Service whose pods are all ready endpoints', () => {
    const analysis = analyzeService(serviceInput(web, { pods, slices: [slice] }), NOW);
    assert.deepEqual(analysis.findings, []);
    assert.deepEqual(
      analysis.selected.map((s) => [s.pod.metadata?.name, s.ready, s.inEndpoints]),
      [
        ['web-1', true, true],
        ['web-2', true, true],
      ],
    );
  });

  describe('SelectorMatchesNoPods', () => {
    it('names the label that did not match and the pods that almost match (app=web vs app=web-v2)', () => {
      const v2 = [
        backendPod('web-v2-a', { labels: { app: 'web-v2' } }),
        backendPod('web-v2-b', { labels: { app: 'web-v2' } }),
        backendPod('db-0', { labels: { app: 'db' } }),
      ];
      const f = only(analyzeService(serviceInput(web, { pods: v2 }), NOW).findings, 'SelectorMatchesNoPods');
      assert.equal(f.severity, 'critical');
      assert.equal(
        f.message,
        'Selector app=web matches no pods: label app did not match; nearby 2 pods have app=web-v2 instead of app=web',
      );
      assert.ok(f.evidence.includes('app=web: 0 of 3 pods (other values here: web-v2 ×2, db ×1)'));
      assert.ok(f.evidence.includes('pods web-v2-a, web-v2-b almost match: app=web-v2 instead of app=web'));
      assert.ok(!f.evidence.some((e) => e.includes('db-0')), 'db-0 is not a near miss');
      assert.match(f.hint, /set the selector to app=web-v2, or label the pods .* app=web/);
      assert.match(f.hint, /kubectl diag pods -n shop -l app=web-v2/);
    });

    it('with several labels, finds pods that match all but one, even with an unlike value', () => {
      const svc = makeService('web', { selector: { app: 'web', tier: 'frontend' } });
      const f = only(
        analyzeService(
          serviceInput(svc, {
            pods: [
              backendPod('web-1', { labels: { app: 'web', tier: 'backend' } }),
              backendPod('api-1', { labels: { app: 'api', tier: 'backend' } }),
            ],
          }),
          NOW,
        ).findings,
        'SelectorMatchesNoPods',
      );
      assert.match(
        f.message,
        /label tier did not match; nearby pod has tier=backend instead of tier=frontend/,
      );
      assert.ok(f.evidence.includes('app=web: 1 of 2 pods (other values here: api ×1)'));
      assert.ok(f.evidence.includes('tier=frontend: 0 of 2 pods (other values here: backend ×2)'));
      assert.ok(!f.evidence.some((e) => e.includes('api-1 almost')));
    });

    it('notices the right value under another key (app.kubernetes.io/name=web for app=web)', () => {
      const f = only(
        analyzeService(
          serviceInput(web, { pods: [backendPod('web-1', { labels: { 'app.kubernetes.io/name': 'web' } })] }),
          NOW,
        ).findings,
        'SelectorMatchesNoPods',
      );
      assert.match(f.message, /nearby pod has app.kubernetes.io\/name=web but no app label/);
      assert.match(f.hint, /set the selector to app.kubernetes.io\/name=web/);
    });

    it('says which label no pod has when nothing is close', () => {
      const f = only(
        analyzeService(
          serviceInput(web, {
            pods: [
              backendPod('api-1', { labels: { app: 'api' } }),
              backendPod('db-0', { labels: { app: 'db' } }),
            ],
          }),
          NOW,
        ).findings,
        'SelectorMatchesNoPods',
      );
      assert.equal(
        f.message,
        'Selector app=web matches none of the 2 pods in namespace shop: no pod has app=web',
      );
      assert.match(f.hint, /not scaled to zero/);
    });

    it('says so when the namespace has no pods at all', () => {
      const f = only(analyzeService(serviceInput(web), NOW).findings, 'SelectorMatchesNoPods');
      assert.match(f.message, /namespace shop has no pods at all/);
    });

    it('tells similar label values from different ones', () => {
      for (const [a, b] of [
        ['web-v2', 'web'],
        ['front-end', 'frontend'],
        ['ngnix', 'nginx'],
        ['Web', 'web'],
      ])
        assert.ok(similarLabelValue(a!, b!), `${a} ~ ${b}`);
      for (const [a, b] of [
        ['api', 'db'],
        ['backend', 'frontend'],
        ['a', 'b'],
      ])
        assert.ok(!similarLabelValue(a!, b!), `${a} !~ ${b}`);
    });

    it('orders near misses closest first', () => {
      const misses = selectorNearMisses({ app: 'web', tier: 'frontend' }, [
        backendPod('both-off', { labels: { app: 'web-v2', tier: 'front-end' } }),
        backendPod('one-off', { labels: { app: 'web', tier: 'front' } }),
      ]);
      assert.deepEqual(
        misses.map((m) => m.pod),
        ['one-off', 'both-off'],
      );
    });
  });

  describe('endpoint readiness', () => {
    it('NoReadyEndpoints links to the pods’ own findings when pods match but none is ready', () => {
      const crashing = makePod('web-1', {
        status: {
          podIP: '10.0.0.1',
          conditions: [{ type: 'Ready', status: 'False' }],
          containerStatuses: [
            {
              name: 'app',
              ready: false,
              restartCount: 6,
              state: { waiting: { reason: 'CrashLoopBackOff' } },
              lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: minutesAgo(1) } },
            },
          ],
        },
      });
      const notReady = makeSlice('web', [{ ip: '10.0.0.1', pod: 'web-1', ready: false }]);
      const analysis = analyzeService(serviceInput(web, { pods: [crashing], slices: [notReady] }), NOW);
      const f = only(analysis.findings, 'NoReadyEndpoints');
      assert.equal(f.severity, 'critical');
      assert.equal(
        f.message,
        '1 pod matches but none is ready: 1 pod CrashLoopBackOff: Container "app" keeps crashing: last exit Error (exit code 1), 6 restarts',
      );
      assert.ok(f.evidence.includes('0 ready of 1 endpoints (source: EndpointSlice)'));
      assert.ok(
        f.evidence.some((e) =>
          /^pod web-1 \(CrashLoopBackOff\): CrashLoopBackOff: Container "app" keeps crashing: last exit Error \(exit code 1\), 6 restarts/.test(
            e,
          ),
        ),
        f.evidence.join('\n'),
      );
      assert.match(f.hint, /kubectl diag pods -n shop -l app=web/);
      assert.deepEqual(reasons(analysis.selected[0]!.findings), ['CrashLoopBackOff']);
    });

    it('NoReadyEndpoints uses the pods’ events (a failing readiness probe)', () => {
      const pod = backendPod('web-1', { ip: '10.0.0.1', ready: false });
      const events = [
        podEvent(pod, 'Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503'),
      ];
      const notReady = makeSlice('web', [{ ip: '10.0.0.1', pod: 'web-1', ready: false }]);
      const f = only(
        analyzeService(serviceInput(web, { pods: [pod], slices: [notReady], events }), NOW).findings,
        'NoReadyEndpoints',
      );
      assert.ok(
        f.evidence.some((e) => /ReadinessProbeFailed: Readiness probe of container "app" is failing/.test(e)),
      );
    });

    it('SomeEndpointsNotReady names the not-ready endpoints and their pods', () => {
      const mixed = [
        backendPod('web-1', { ip: '10.0.0.1' }),
        backendPod('web-2', { ip: '10.0.0.2', ready: false }),
      ];
      const s = makeSlice('web', [
        { ip: '10.0.0.1', pod: 'web-1' },
        { ip: '10.0.0.2', pod: 'web-2', ready: false },
      ]);
      const f = only(
        analyzeService(serviceInput(web, { pods: mixed, slices: [s] }), NOW).findings,
        'SomeEndpointsNotReady',
      );
      assert.equal(f.severity, 'warning');
      assert.equal(f.message, '1 of 2 endpoints are not ready: traffic goes to the other 1');
      assert.match(f.evidence[0]!, /^10\.0\.0\.2: pod web-2 \(Running\)/);
    });

    it('does not count terminating endpoints of a rollout as not ready', () => {
      const s = makeSlice('web', [
        { ip: '10.0.0.1', pod: 'web-1' },
        { ip: '10.0.0.2', pod: 'web-2' },
        { ip: '10.0.0.3', pod: 'web-old', ready: false, terminating: true },
      ]);
      assert.deepEqual(analyzeService(serviceInput(web, { pods, slices: [s] }), NOW).findings, []);
    });

    it('ReadyPodsNotInEndpoints when ready pods are in no endpoint (no slice at all: critical)', () => {
      const analysis = analyzeService(serviceInput(web, { pods }), NOW);
      assert.deepEqual(reasons(analysis.findings), ['ReadyPodsNotInEndpoints']);
      const f = analysis.findings[0]!;
      assert.equal(f.severity, 'critical');
      assert.match(
        f.message,
        /^2 ready pods are not listed in any endpoint of the Service: it has no endpoint/,
      );
      assert.ok(f.evidence.includes('ready pods without an endpoint: web-1, web-2'));
      assert.match(f.hint, /kube-controller-manager/);
    });

    it('ReadyPodsNotInEndpoints is a warning while other endpoints serve', () => {
      const partial = makeSlice('web', [{ ip: '10.0.0.1', pod: 'web-1' }]);
      const f = only(
        analyzeService(serviceInput(web, { pods, slices: [partial] }), NOW).findings,
        'ReadyPodsNotInEndpoints',
      );
      assert.equal(f.severity, 'warning');
      assert.ok(f.evidence.includes('ready pods without an endpoint: web-2'));
    });

    it('matches endpoints to pods by IP when they carry no targetRef', () => {
      const s = makeSlice('web', [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }]);
      assert.deepEqual(analyzeService(serviceInput(web, { pods, slices: [s] }), NOW).findings, []);
    });
  });

  describe('TargetPortMismatch', () => {
    it('is critical for a named targetPort no matched pod has', () => {
      const svc = makeService('web', {
        ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
      });
      const named = [backendPod('web-1', { ip: '10.0.0.1', ports: [{ name: 'web', containerPort: 8080 }] })];
      const s = makeSlice('web', [{ ip: '10.0.0.1', pod: 'web-1' }]);
      const f = only(
        analyzeService(serviceInput(svc, { pods: named, slices: [s] }), NOW).findings,
        'TargetPortMismatch',
      );
      assert.equal(f.severity, 'critical');
      assert.equal(
        f.message,
        'targetPort "http" of port "http" 80/TCP is not a named TCP container port of any matched pod',
      );
      assert.deepEqual(f.evidence, [
        'pods without it: web-1',
        'container ports of the matched pods: app:8080/TCP (web)',
      ]);
    });

    it('is a warning when only some matched pods have the named port', () => {
      const svc = makeService('web', { ports: [{ port: 80, targetPort: 'http', protocol: 'TCP' }] });
      const mixed = [
        backendPod('web-1', { ip: '10.0.0.1', ports: [{ name: 'http', containerPort: 8080 }] }),
        backendPod('web-2', { ip: '10.0.0.2', ports: [{ name: 'web', containerPort: 8080 }] }),
      ];
      const f = only(
        analyzeService(serviceInput(svc, { pods: mixed, slices: [slice] }), NOW).findings,
        'TargetPortMismatch',
      );
      assert.equal(f.severity, 'warning');
      assert.match(f.message, /of 1 of 2 matched pods/);
    });

    it('warns about a numeric targetPort no container declares', () => {
      const declared = [backendPod('web-1', { ip: '10.0.0.1', ports: [{ containerPort: 80 }] })];
      const s = makeSlice('web', [{ ip: '10.0.0.1', pod: 'web-1' }]);
      const f = only(
        analyzeService(serviceInput(web, { pods: declared, slices: [s] }), NOW).findings,
        'TargetPortMismatch',
      );
      assert.equal(f.severity, 'warning');
      assert.match(
        f.message,
        /^targetPort 8080 of port "http" 80\/TCP is not a TCP container port of any matched pod/,
      );
    });

    it('says nothing when the pods declare no ports, or declare the target', () => {
      assert.deepEqual(analyzeService(serviceInput(web, { pods, slices: [slice] }), NOW).findings, []);
      const declared = [
        backendPod('web-1', { ip: '10.0.0.1', ports: [{ containerPort: 8080 }] }),
        backendPod('web-2', { ip: '10.0.0.2', ports: [{ containerPort: 8080 }] }),
      ];
      assert.deepEqual(
        analyzeService(serviceInput(web, { pods: declared, slices: [slice] }), NOW).findings,
        [],
      );
    });
  });

  describe('Services without pods behind them', () => {
    it('ServiceWithoutSelector when nothing manages its endpoints', () => {
      const f = only(
        analyzeService(serviceInput(makeService('ext', { selector: undefined })), NOW).findings,
        'ServiceWithoutSelector',
      );
      assert.equal(f.severity, 'warning');
    });

    it('accepts manually managed Endpoints of a Service without selector', () => {
      const svc = makeService('ext', { selector: undefined });
      const sets = endpointSetsOf([], makeEndpoints('ext', ['10.1.2.3']));
      assert.deepEqual(analyzeService(serviceInput(svc, { sets }), NOW).findings, []);
    });

    it('NoReadyEndpoints for manually managed endpoints that are all not ready', () => {
      const svc = makeService('ext', { selector: undefined });
      const sets = endpointSetsOf([], makeEndpoints('ext', [], ['10.1.2.3']));
      const f = only(analyzeService(serviceInput(svc, { sets }), NOW).findings, 'NoReadyEndpoints');
      assert.equal(f.message, 'None of the 1 manually managed endpoints is ready');
    });

    it('notes an ExternalName Service and does not judge its selector or endpoints', () => {
      const svc = makeService('db', {
        type: 'ExternalName',
        externalName: 'db.example.com',
        clusterIP: undefined,
      });
      const analysis = analyzeService(serviceInput(svc), NOW);
      assert.deepEqual(reasons(analysis.findings), ['ExternalNameService']);
      const f = analysis.findings[0]!;
      assert.equal(f.severity, 'info');
      assert.match(f.message, /DNS alias \(CNAME\) for db\.example\.com/);
      assert.ok(f.evidence.includes('its selector app=web is ignored'));
    });

    it('notes a headless Service, saying what DNS returns', () => {
      const svc = makeService('web', { clusterIP: 'None' });
      const f = only(
        analyzeService(serviceInput(svc, { pods, slices: [slice] }), NOW).findings,
        'HeadlessService',
      );
      assert.equal(f.severity, 'info');
      assert.match(f.evidence[0]!, /one A\/AAAA record per ready endpoint/);
    });
  });

  describe('LoadBalancer and events', () => {
    it('LoadBalancerPending without an ingress address, only noted in its first two minutes', () => {
      const svc = makeService('web', { type: 'LoadBalancer', loadBalancerClass: 'example.com/lb' });
      const f = only(
        analyzeService(serviceInput(svc, { pods, slices: [slice] }), NOW).findings,
        'LoadBalancerPending',
      );
      assert.equal(f.severity, 'warning');
      assert.equal(f.message, 'LoadBalancer Service has no external address after 30m');
      assert.ok(f.evidence.includes('loadBalancerClass: example.com/lb'));
      const young = makeService('web', { type: 'LoadBalancer' });
      young.metadata!.creationTimestamp = minutesAgo(1);
      const noted = only(
        analyzeService(serviceInput(young, { pods, slices: [slice] }), NOW).findings,
        'LoadBalancerPending',
      );
      assert.equal(noted.severity, 'info');
      assert.match(noted.message, /after 60s \(provisioning usually takes a minute or two\)$/);
      const ready = makeService(
        'web',
        { type: 'LoadBalancer' },
        { loadBalancer: { ingress: [{ ip: '203.0.113.7' }] } },
      );
      assert.deepEqual(analyzeService(serviceInput(ready, { pods, slices: [slice] }), NOW).findings, []);
    });

    it('turns Warning events on the Service into findings, the newest per reason, and ignores Normal ones', () => {
      const events = [
        serviceEvent(web, 'SyncLoadBalancerFailed', 'Error syncing load balancer: quota exceeded'),
        { ...serviceEvent(web, 'SyncLoadBalancerFailed', 'older'), lastTimestamp: minutesAgo(20) },
        serviceEvent(web, 'EnsuringLoadBalancer', 'Ensuring load balancer', 'Normal'),
      ];
      const analysis = analyzeService(serviceInput(web, { pods, slices: [slice], events }), NOW);
      const f = only(analysis.findings, 'ServiceWarningEvent');
      assert.equal(
        f.message,
        'Warning event SyncLoadBalancerFailed (x2): Error syncing load balancer: quota exceeded',
      );
      assert.match(f.hint, /load-balancer controller failed/);
    });
  });
});
