// The root cause before the symptom (issue 18). Every input is written in the words the real component
// writes, with the kubernetes v1.36.3 source file that writes it.

import assert from 'node:assert/strict';
import {
  dominantReason,
  parseSchedulingMessage,
  type SchedulingClass,
} from '../../../../src/diagnose/scheduling.js';
import { diagnosePod, restarts } from '../../../../src/areas/pods/rules.js';
import { diagnoseNode } from '../../../../src/areas/nodes/rules.js';
import { analyzeService } from '../../../../src/areas/services/rules.js';
import { triage } from '../../../../src/areas/triage/rules.js';
import { emptyLists } from '../../../../src/areas/triage/lists.js';
import type { Node, PersistentVolume, Pod } from '../../../../src/kube/types.js';
import { NOW, makePod, minutesAgo, podEvent } from '../../builders/pods.js';
import { makeNode, pendingPod, podOn } from '../../builders/nodes.js';
import { makeClaim, makeClass, makeVolume } from '../../builders/storage.js';
import { makeService, makeSlice, serviceInput } from '../../builders/services.js';
import { only } from '../../builders/findings.js';
import { crashing } from '../../corpus/build.js';

/** A pod the scheduler rejected with `message` (its PodScheduled condition, as the scheduler writes it). */
function unschedulable(name: string, message: string, spec: Partial<NonNullable<Pod['spec']>> = {}): Pod {
  return pendingPod(name, spec, message);
}

const PREEMPTION = 'preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.';

describe('root causes: the scheduler message', () => {
  // Each filter reason exactly as the plugin returns it (pkg/scheduler/framework/plugins/<plugin>/…).
  const reasons: [string, SchedulingClass, string][] = [
    ['node(s) were unschedulable', 'cordoned', 'nodeunschedulable/node_unschedulable.go'],
    ['node(s) had unknown conditions', 'unknownConditions', 'nodeunschedulable/node_unschedulable.go'],
    ['node(s) had untolerated taint(s)', 'taint', 'tainttoleration/taint_toleration.go'],
    ['node(s) had untolerated taint {dedicated: gpu}', 'taint', 'tainttoleration (v1.27-1.28 wording)'],
    ["node(s) didn't match Pod's node affinity/selector", 'nodeAffinity', 'nodeaffinity/node_affinity.go'],
    [
      "node(s) didn't match scheduler-enforced node affinity",
      'enforcedAffinity',
      'nodeaffinity/node_affinity.go',
    ],
    ["node(s) didn't match the requested node name", 'nodeName', 'nodename/node_name.go'],
    ["node(s) didn't have free ports for the requested pod ports", 'ports', 'nodeports/node_ports.go'],
    ['Insufficient cpu', 'resources', 'noderesources/fit.go'],
    ['Insufficient memory', 'resources', 'noderesources/fit.go'],
    ['Insufficient ephemeral-storage', 'resources', 'noderesources/fit.go'],
    ['Insufficient nvidia.com/gpu', 'resources', 'noderesources/fit.go'],
    ['Too many pods', 'resources', 'noderesources/fit.go'],
    [
      "node(s) didn't match PersistentVolume's node affinity",
      'volumeNodeAffinity',
      'volumebinding/binder.go',
    ],
    ["node(s) didn't find available persistent volumes to bind", 'volumeBind', 'volumebinding/binder.go'],
    ['node(s) did not have enough free storage', 'volumeSpace', 'volumebinding/binder.go'],
    [
      'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)',
      'volumeMissingPV',
      'volumebinding/binder.go',
    ],
    ['node(s) had no available volume zone', 'volumeZone', 'volumezone/volume_zone.go'],
    ['node(s) exceed max volume count', 'volumeLimit', 'nodevolumelimits/csi.go'],
    ['node(s) had no available disk', 'diskConflict', 'volumerestrictions/volume_restrictions.go'],
    [
      'node(s) unavailable due to PersistentVolumeClaim with ReadWriteOncePod access mode already in-use by another pod',
      'readWriteOncePod',
      'volumerestrictions/volume_restrictions.go',
    ],
    ["node(s) didn't match pod affinity rules", 'podAffinity', 'interpodaffinity/filtering.go'],
    ["node(s) didn't match pod anti-affinity rules", 'podAntiAffinity', 'interpodaffinity/filtering.go'],
    [
      "node(s) didn't satisfy existing pods anti-affinity rules",
      'existingAntiAffinity',
      'interpodaffinity/filtering.go',
    ],
    ["node(s) didn't match pod topology spread constraints", 'topologySpread', 'podtopologyspread/plugin.go'],
    [
      "node(s) didn't match pod topology spread constraints (missing required label)",
      'topologySpread',
      'podtopologyspread/plugin.go',
    ],
    [
      "node(s) didn't match Pod's required features",
      'features',
      'nodedeclaredfeatures/nodedeclaredfeatures.go',
    ],
  ];
  for (const [reason, cls, source] of reasons) {
    it(`reads "${reason}" (${source}) as ${cls}`, () => {
      const parsed = parseSchedulingMessage(`0/5 nodes are available: 5 ${reason}. ${PREEMPTION}`);
      assert.equal(parsed.totalNodes, 5);
      assert.deepEqual(parsed.reasons, [{ class: cls, nodes: 5, text: reason }]);
      assert.equal(parsed.preemption, PREEMPTION);
    });
  }

  it('reads the PreFilter messages of volumebinding/volume_binding.go, which name no node count', () => {
    assert.equal(
      parseSchedulingMessage('0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims.')
        .reasons[0]?.class,
      'unboundClaims',
    );
    assert.equal(
      parseSchedulingMessage(`0/3 nodes are available: persistentvolumeclaim "data" not found. ${PREEMPTION}`)
        .reasons[0]?.class,
      'claimMissing',
    );
  });

  it('keeps an older taint reason whole although it holds a comma, and sums classes for the dominant one', () => {
    // v1.26 wording: "node(s) had taint {%s: %s}, that the pod didn't tolerate" (one reason per taint).
    const parsed = parseSchedulingMessage(
      "0/4 nodes are available: 1 Insufficient memory, 1 node(s) had taint {a: x}, that the pod didn't tolerate, 1 node(s) had taint {b: y}, that the pod didn't tolerate.",
    );
    assert.deepEqual(
      parsed.reasons.map((r) => r.text),
      [
        'Insufficient memory',
        "node(s) had taint {a: x}, that the pod didn't tolerate",
        "node(s) had taint {b: y}, that the pod didn't tolerate",
      ],
    );
    assert.equal(dominantReason(parsed)?.class, 'taint');
  });
});

describe('root causes: a hint never contradicts its evidence', () => {
  it('explains the cordon among the nodes the pod selected, not the nodes its own selector excludes', () => {
    // What kube-scheduler wrote on the live plane for a pod pinned (nodeSelector) to one cordoned node of five.
    const parsed = parseSchedulingMessage(
      `0/5 nodes are available: 1 node(s) were unschedulable, 4 node(s) didn't match Pod's node affinity/selector. ${PREEMPTION}`,
    );
    assert.equal(dominantReason(parsed)?.class, 'cordoned');
  });

  const zoneA = { 'topology.kubernetes.io/zone': 'zone-a' };
  const zoneB = { 'topology.kubernetes.io/zone': 'zone-b' };

  it('names the cordoned nodes when they are the dominant reason, and says nothing of selectors', () => {
    const message = `0/5 nodes are available: 2 node(s) had volume node affinity conflict, 3 node(s) were unschedulable. ${PREEMPTION}`;
    const pod = unschedulable('api-1', message);
    const nodes = [
      makeNode('n1', { unschedulable: true }),
      makeNode('n2', { unschedulable: true }),
      makeNode('n3', { unschedulable: true }),
      makeNode('n4'),
      makeNode('n5'),
    ];
    const f = only(diagnosePod(pod, [], NOW, { nodes }), 'Unschedulable');
    assert.ok(f.message.startsWith(`Pod cannot be scheduled: ${message}`), 'the scheduler’s words lead');
    assert.ok(f.evidence.includes('cordoned (spec.unschedulable): n1, n2, n3'), f.evidence.join('\n'));
    assert.match(f.hint, /cordoned \(n1, n2, n3\): uncordon/);
    assert.doesNotMatch(f.hint, /selector|label/);
  });

  it("names the claim's volume and its zone against the nodes' zones when the volume's node affinity dominates", () => {
    // v1.36 volumebinding/binder.go ErrReasonNodeConflict; NodeUnschedulable and TaintToleration for the rest.
    const message = `0/5 nodes are available: 1 node(s) had untolerated taint(s), 2 node(s) didn't match PersistentVolume's node affinity, 2 node(s) were unschedulable. ${PREEMPTION}`;
    const pod = unschedulable('db-0', message, {
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data-db-0' } }],
    });
    const volume: PersistentVolume = {
      ...makeVolume('pv-db', { claim: { namespace: 'shop', name: 'data-db-0' } }),
      spec: {
        ...makeVolume('pv-db').spec,
        nodeAffinity: {
          required: {
            nodeSelectorTerms: [
              {
                matchExpressions: [
                  { key: 'topology.kubernetes.io/zone', operator: 'In', values: ['zone-b'] },
                ],
              },
            ],
          },
        },
      },
    };
    const nodes: Node[] = [
      makeNode('a1', { labels: zoneA }),
      makeNode('a2', { labels: zoneA }),
      makeNode('b1', { labels: zoneB, unschedulable: true }),
      makeNode('b2', { labels: zoneB, unschedulable: true }),
      makeNode('c1', { labels: zoneA, taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }),
    ];
    const claims = [makeClaim('data-db-0', { phase: 'Bound', volumeName: 'pv-db' })];
    const f = only(diagnosePod(pod, [], NOW, { nodes, claims, volumes: [volume] }), 'Unschedulable');
    assert.ok(
      f.evidence.includes(
        'claim data-db-0 is bound to volume pv-db, which requires topology.kubernetes.io/zone in (zone-b)',
      ),
      f.evidence.join('\n'),
    );
    assert.ok(f.evidence.some((e) => /schedulable nodes by zone: zone-a: a1, a2, c1/.test(e)));
    assert.match(f.hint, /volume is pinned to a zone .*PersistentVolume pv-db/);
    assert.doesNotMatch(f.hint, /selector/);
  });

  it('names the taint and the nodes carrying it', () => {
    const message = `0/3 nodes are available: 3 node(s) had untolerated taint(s). ${PREEMPTION}`;
    const taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };
    const nodes = ['g1', 'g2', 'g3'].map((n) => makeNode(n, { taints: [taint] }));
    const f = only(diagnosePod(unschedulable('web-1', message), [], NOW, { nodes }), 'Unschedulable');
    assert.ok(
      f.evidence.includes('taint dedicated=gpu:NoSchedule on g1, g2, g3; the pod has no toleration for it'),
    );
    assert.match(f.hint, /taints the pod does not tolerate \(dedicated=gpu:NoSchedule\)/);
  });

  it('names the resource and how much of it is free on the best candidate', () => {
    const message = `0/2 nodes are available: 2 Insufficient memory. ${PREEMPTION}`;
    const pod = unschedulable('big-1', message, {
      containers: [{ name: 'app', image: 'x', resources: { requests: { memory: '12Gi' } } }],
    });
    const nodes = [makeNode('m1'), makeNode('m2')];
    const pods = [
      podOn('m1', 'a', { requests: { memory: '10Gi' } }),
      podOn('m2', 'b', { requests: { memory: '6Gi' } }),
    ];
    const f = only(diagnosePod(pod, [], NOW, { nodes, pods }), 'Unschedulable');
    assert.ok(
      f.evidence.includes('the pod requests 12.0Gi memory') || f.evidence.some((e) => /requests 12/.test(e)),
    );
    assert.ok(
      f.evidence.some((e) =>
        /^most free memory on a candidate node: 10(\.0)?Gi on m2 \(then 6(\.0)?Gi on m1\)$/.test(e),
      ),
      f.evidence.join('\n'),
    );
    assert.match(f.hint, /enough free memory/);
  });

  it("speaks of the pod's required affinity, not a nodeSelector it does not have", () => {
    const message = `0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector. ${PREEMPTION}`;
    const pod = unschedulable('x', message, {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: 'pool', operator: 'In', values: ['fast'] }] }],
          },
        },
      },
    });
    const f = only(diagnosePod(pod, [], NOW, { nodes: [makeNode('a'), makeNode('b')] }), 'Unschedulable');
    assert.match(f.hint, /required node affinity/);
    assert.doesNotMatch(f.hint, /nodeSelector asks/);
  });
});

describe("root causes: the cluster's own words lead the headline", () => {
  it("puts the container's termination message in the crash loop's headline", () => {
    // The kubelet copies the file at terminationMessagePath into terminated.message
    // (pkg/kubelet/kuberuntime/kuberuntime_container.go, getTerminationMessage).
    const pod = makePod('api-1', {
      status: {
        containerStatuses: [
          crashing(
            'app',
            { exitCode: 1, reason: 'Error', message: 'connection refused: orders-db:5432\n' },
            7,
            'api-1',
          ),
        ],
      },
    });
    const f = only(diagnosePod(pod, [], NOW), 'CrashLoopBackOff');
    assert.equal(
      f.message,
      'Container "app" keeps crashing: last exit "connection refused: orders-db:5432" (Error (exit code 1)), 7 restarts',
    );
    assert.doesNotMatch(f.hint, /liveness/);
  });

  it('does not guess a liveness probe for exit 137 unless the kubelet says so, and then makes it the root', () => {
    const crash = (events: ReturnType<typeof podEvent>[]) => {
      const pod = makePod('w-1', {
        status: {
          containerStatuses: [
            {
              name: 'app',
              ready: false,
              restartCount: 4,
              state: { waiting: { reason: 'CrashLoopBackOff' } },
              lastState: { terminated: { exitCode: 137, reason: 'Error', finishedAt: minutesAgo(1) } },
            },
          ],
        },
      });
      return diagnosePod(
        pod,
        events.map((e) => ({ ...e, involvedObject: { ...e.involvedObject, uid: 'uid-w-1', name: 'w-1' } })),
        NOW,
      );
    };
    assert.doesNotMatch(only(crash([]), 'CrashLoopBackOff').hint, /liveness/);
    const pod = makePod('w-1');
    // pkg/kubelet/prober/prober.go: "%s probe failed: %s"; pkg/probe/http/http.go: "HTTP probe failed with statuscode: %d";
    // pkg/kubelet/kuberuntime/kuberuntime_manager.go: "Container %s failed liveness probe, will be restarted".
    const findings = crash([
      podEvent(pod, 'Unhealthy', 'Liveness probe failed: HTTP probe failed with statuscode: 500'),
      podEvent(pod, 'Killing', 'Container app failed liveness probe, will be restarted', { type: 'Normal' }),
    ]);
    const loop = only(findings, 'CrashLoopBackOff');
    assert.match(loop.hint, /liveness probe failed/);
    assert.deepEqual(loop.causedBy, ['LivenessProbeFailed@Pod/shop/w-1']);
  });

  it('names the Multi-Attach error of a pod stuck in ContainerCreating, ahead of the kubelet’s timeout summary', () => {
    const pod = makePod('db-1', {
      status: {
        phase: 'Pending',
        containerStatuses: [
          { name: 'db', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } },
        ],
      },
    });
    const events = [
      // pkg/kubelet/kubelet.go: "Unable to attach or mount volumes: %v" (volumemanager's unmounted/unattached list)
      podEvent(
        pod,
        'FailedMount',
        'Unable to attach or mount volumes: unmounted volumes=[data], unattached volumes=[data], failed to process volumes=[]: timed out waiting for the condition',
        { lastTimestamp: minutesAgo(1) },
      ),
      // pkg/controller/volume/attachdetach/reconciler/reconciler.go via GenerateMsg (operation_executor.go)
      podEvent(
        pod,
        'FailedAttachVolume',
        'Multi-Attach error for volume "pvc-7f3a" Volume is already exclusively attached to one node and can\'t be attached to another',
        { lastTimestamp: minutesAgo(2) },
      ),
    ].map((e) => ({ ...e, involvedObject: { ...e.involvedObject, fieldPath: undefined } }));
    const f = only(diagnosePod(pod, events, NOW), 'StuckContainerCreating');
    assert.match(f.message, /FailedAttachVolume: Multi-Attach error for volume "pvc-7f3a"/);
    assert.match(f.hint, /still attached to another node/);
  });
});

describe('root causes: no false alarm from normal sequencing', () => {
  const initFailing = makePod('app-1', {
    metadata: { creationTimestamp: minutesAgo(30) },
    spec: {
      initContainers: [{ name: 'migrate', image: 'shop/migrate:1' }],
      containers: [{ name: 'app', image: 'shop/app:1' }],
    },
    status: {
      phase: 'Pending',
      startTime: minutesAgo(30),
      initContainerStatuses: [
        {
          name: 'migrate',
          ready: false,
          restartCount: 6,
          state: { waiting: { reason: 'CrashLoopBackOff' } },
          lastState: { terminated: { exitCode: 2, reason: 'Error', finishedAt: minutesAgo(2) } },
        },
      ],
      // pkg/kubelet/kubelet_pods.go: app containers wait with reason "PodInitializing" until init containers finish.
      containerStatuses: [
        { name: 'app', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } },
      ],
    },
  });

  it('reports the failing init container only, not the app container waiting behind it', () => {
    const findings = diagnosePod(initFailing, [], NOW);
    assert.deepEqual(
      findings.map((f) => f.reason),
      ['CrashLoopBackOff'],
    );
    assert.match(findings[0]!.message, /^Init container "migrate" keeps crashing/);
  });

  it('counts init container restarts in RESTARTS as kubectl does (pkg/printers/internalversion/printers.go)', () => {
    assert.equal(restarts(initFailing), 6);
  });
});

describe('root causes: findings link across objects', () => {
  const taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' as const };

  it('a tainted node names only the pending pods the scheduler kept off for a taint', () => {
    const node = makeNode('gpu-1', { taints: [taint] });
    const blocked = pendingPod('trainer');
    const forCpu = pendingPod('batch', {}, `0/1 nodes are available: 1 Insufficient cpu. ${PREEMPTION}`);
    const forClaim = pendingPod(
      'db',
      {},
      '0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims.',
    );
    const f = only(
      diagnoseNode(node, { pods: [], pendingPods: [forCpu, forClaim, blocked], events: [], now: NOW }),
      'TaintNoPodTolerates',
    );
    assert.equal(f.message, 'Taint dedicated=gpu:NoSchedule keeps 1 pending pod off this node');
    assert.deepEqual(f.evidence, ['pending pod shop/trainer (for 7m) has no toleration for it']);
  });

  it('a cordoned node names the pending pods it keeps away, and only those', () => {
    const node = makeNode('n1', { unschedulable: true });
    const kept = pendingPod(
      'web-1',
      {},
      `0/1 nodes are available: 1 node(s) were unschedulable. ${PREEMPTION}`,
    );
    const other = pendingPod('big', {}, `0/1 nodes are available: 1 Insufficient memory. ${PREEMPTION}`);
    const f = only(
      diagnoseNode(node, { pods: [], pendingPods: [other, kept], events: [], now: NOW }),
      'Cordoned',
    );
    assert.equal(f.severity, 'warning');
    assert.equal(f.message, 'Node is cordoned and keeps 1 pending pod away: shop/web-1');
  });

  it('a Service says why its endpoints are not ready, and links to the pods’ findings', () => {
    const crashing = (name: string, ip: string) =>
      makePod(name, {
        status: {
          podIP: ip,
          conditions: [{ type: 'Ready', status: 'False' }],
          containerStatuses: [
            {
              name: 'app',
              ready: false,
              restartCount: 3,
              state: { waiting: { reason: 'CrashLoopBackOff' } },
              lastState: {
                terminated: { exitCode: 1, reason: 'Error', message: 'connection refused: orders-db:5432' },
              },
            },
          ],
        },
      });
    const pods = [crashing('api-1', '10.0.0.1'), crashing('api-2', '10.0.0.2')];
    const slice = makeSlice('web', [
      { ip: '10.0.0.1', pod: 'api-1', ready: false },
      { ip: '10.0.0.2', pod: 'api-2', ready: false },
    ]);
    const web = makeService('web', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] });
    const f = only(
      analyzeService(serviceInput(web, { pods, slices: [slice] }), NOW).findings,
      'NoReadyEndpoints',
    );
    assert.match(
      f.message,
      /^2 pods match but none is ready: all 2 pods CrashLoopBackOff: Container "app" keeps crashing: last exit "connection refused: orders-db:5432"/,
    );
    assert.deepEqual(f.causedBy, ['CrashLoopBackOff@Pod/shop/api-1', 'CrashLoopBackOff@Pod/shop/api-2']);
  });

  it('triage puts the cordoned node first and folds the pending pod under it', () => {
    const lists = emptyLists();
    lists.nodes = [makeNode('n1', { unschedulable: true })];
    lists.pods = [
      pendingPod('web-1', {}, `0/1 nodes are available: 1 node(s) were unschedulable. ${PREEMPTION}`),
    ];
    const { chains } = triage(lists, NOW);
    assert.equal(chains[0]?.root.id, 'Cordoned@Node/n1');
    assert.deepEqual(
      chains[0]?.symptoms.map((f) => f.id),
      ['Unschedulable@Pod/shop/web-1'],
    );
  });

  it('triage links a pod kept Pending by its claim to the claim that names the missing class', () => {
    const lists = emptyLists();
    lists.classes = [makeClass('standard', { isDefault: true })];
    lists.claims = [makeClaim('data', { storageClassName: 'fast-ssd', createdMinutesAgo: 30 })];
    lists.pods = [
      pendingPod(
        'db-0',
        { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }] },
        `0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. ${PREEMPTION}`,
      ),
    ];
    const result = triage(lists, NOW);
    const root = result.chains[0]!.root;
    assert.equal(root.object.kind, 'PersistentVolumeClaim');
    assert.match(root.message, /fast-ssd/);
    assert.ok(result.chains[0]!.symptoms.some((f) => f.id === 'Unschedulable@Pod/shop/db-0'));
  });
});
