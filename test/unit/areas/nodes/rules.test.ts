import assert from 'node:assert/strict';
import {
  HIGH_REQUEST_RATIO,
  diagnoseNode,
  indexNodeEvents,
  newestKubelet,
  nodeAllocation,
  nodeRoles,
  nodeStatus,
  podCanSelectNode,
  podResources,
  toleratesTaint,
  type NodeContext,
} from '../../../../src/areas/nodes/rules.js';
import type { Node, Pod, Taint, Toleration } from '../../../../src/kube/types.js';
import { makePod } from '../../builders/pods.js';
import { NOW, makeNode, nodeEvent, pendingPod, podOn } from '../../builders/nodes.js';
import { only, reasons } from '../../builders/findings.js';

function context(extra: Partial<NodeContext> = {}): NodeContext {
  return { pods: [], pendingPods: [], events: [], now: NOW, ...extra };
}

describe('node rules: health', () => {
  it('finds nothing wrong with a ready node that has room to spare', () => {
    const node = makeNode('node-1');
    const pods = [podOn('node-1', 'web-1', { requests: { cpu: '500m', memory: '1Gi' } })];
    assert.deepEqual(diagnoseNode(node, context({ pods, usage: { cpu: 400, memory: 2 * 2 ** 30 } })), []);
    assert.equal(nodeStatus(node), 'Ready');
  });

  it('reports NodeNotReady with the reason, how long, and a CNI hint when the network plugin is down', () => {
    const node = makeNode('node-1', {
      ready: 'False',
      since: 12,
      readyMessage: 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady',
    });
    const events = [nodeEvent('node-1', 'NodeNotReady', 'Node node-1 status is now: NodeNotReady', 'Normal')];
    const f = only(diagnoseNode(node, context({ events })), 'NodeNotReady');
    assert.equal(f.severity, 'critical');
    assert.match(f.message, /NotReady for 12m: KubeletNotReady: container runtime network not ready/);
    assert.match(f.hint, /CNI/);
    // When the event was last seen, as kubectl describe says it: against the time of judging, not a timestamp.
    assert.ok(
      f.evidence.includes('event NodeNotReady (x2, last 2m ago): Node node-1 status is now: NodeNotReady'),
    );
    assert.equal(nodeStatus(node), 'NotReady');
  });

  it('says how long ago the kubelet last posted status when the node is Unknown', () => {
    const node = makeNode('node-1', { ready: 'Unknown', since: 42 });
    const f = only(diagnoseNode(node, context()), 'NodeStatusUnknown');
    assert.equal(f.severity, 'critical');
    assert.equal(f.message, 'Kubelet stopped posting node status 42m ago');
    assert.ok(f.evidence.includes('last heartbeat: 2026-11-25T11:18:00.000Z'));
    assert.equal(nodeStatus(node), 'Unknown');
  });

  it('reports NodeStatusUnknown for a node that never posted a Ready condition', () => {
    const node = makeNode('node-1', { conditions: [] });
    const f = only(diagnoseNode(node, context()), 'NodeStatusUnknown');
    assert.match(f.message, /never posted a Ready condition/);
  });

  for (const [type, severity] of [
    ['MemoryPressure', 'warning'],
    ['DiskPressure', 'warning'],
    ['PIDPressure', 'warning'],
    ['NetworkUnavailable', 'critical'],
  ] as const) {
    it(`reports ${type} as ${severity}, with the events that explain it`, () => {
      const node = makeNode('node-1', { pressure: [type], since: 5 });
      const events = [nodeEvent('node-1', 'EvictionThresholdMet', 'Attempting to reclaim memory')];
      const findings = diagnoseNode(node, context({ events }));
      assert.deepEqual(reasons(findings), [type]);
      assert.equal(findings[0]!.severity, severity);
      assert.match(findings[0]!.message, /for 5m/);
      if (type !== 'NetworkUnavailable')
        assert.match(findings[0]!.evidence.join('\n'), /EvictionThresholdMet/);
    });
  }

  it('reports a cordoned node as info and shows SchedulingDisabled', () => {
    const node = makeNode('node-1', { unschedulable: true });
    const f = only(diagnoseNode(node, context()), 'Cordoned');
    assert.equal(f.severity, 'info');
    assert.equal(nodeStatus(node), 'Ready,SchedulingDisabled');
  });

  it('reads roles from node-role labels and the older kubernetes.io/role', () => {
    const node = makeNode('cp-1', {
      labels: { 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/role': 'master' },
    });
    assert.deepEqual(nodeRoles(node), ['control-plane', 'master']);
    assert.deepEqual(nodeRoles(makeNode('w')), []);
  });

  it('keeps kubelet events, which carry the node name as uid, with their node', () => {
    const events = [nodeEvent('node-1', 'Rebooted', 'Node rebooted'), nodeEvent('node-2', 'Starting', 'x')];
    const index = indexNodeEvents(events);
    assert.deepEqual(
      index.get('node-1')?.map((e) => e.reason),
      ['Rebooted'],
    );
  });
});

describe('node rules: requests, limits and capacity', () => {
  it('counts a pod the way the scheduler does: containers, the largest init container, sidecars, overhead', () => {
    const pod = makePod('p', {
      spec: {
        containers: [
          {
            name: 'a',
            resources: { requests: { cpu: '100m', memory: '100Mi' }, limits: { memory: '200Mi' } },
          },
          { name: 'b', resources: { requests: { cpu: '200m' } } },
        ],
        initContainers: [
          {
            name: 'sidecar',
            restartPolicy: 'Always',
            resources: { requests: { cpu: '50m', memory: '10Mi' } },
          },
          { name: 'migrate', resources: { requests: { cpu: '1', memory: '50Mi' } } },
        ],
        overhead: { cpu: '10m' },
      },
    });
    const { requests, limits } = podResources(pod);
    // max(100+200+50 sidecar, 1000 migrate + 50 sidecar) + 10 overhead
    assert.equal(requests.cpu, 1060);
    // max(100Mi + 10Mi, 50Mi + 10Mi)
    assert.equal(requests.memory, 110 * 2 ** 20);
    assert.equal(limits.memory, 200 * 2 ** 20);
  });

  it('leaves Succeeded and Failed pods out of requests and the pod count', () => {
    const node = makeNode('node-1');
    const done = makePod('done', {
      spec: { nodeName: 'node-1', containers: [{ name: 'app', resources: { requests: { cpu: '3' } } }] },
      status: { phase: 'Succeeded' },
    });
    const allocation = nodeAllocation(node, [done, podOn('node-1', 'web', { requests: { cpu: '1' } })]);
    assert.equal(allocation.requests.cpu, 1000);
    assert.equal(allocation.pods, 1);
  });

  it(`reports HighRequestRatio at ${HIGH_REQUEST_RATIO * 100}% of allocatable, not below`, () => {
    const node = makeNode('node-1');
    const at = (cpu: string) =>
      diagnoseNode(node, context({ pods: [podOn('node-1', 'big', { requests: { cpu } })] }));
    assert.deepEqual(reasons(at('3550m')), []);
    const f = only(at('3600m'), 'HighRequestRatio');
    assert.equal(f.message, "Pods request 90% of the node's allocatable CPU");
    assert.ok(f.evidence.includes('requests: 3600m of 4 allocatable CPU (90%)'));
  });

  it('reports Overcommitted when memory limits reach 150% of allocatable', () => {
    const node = makeNode('node-1');
    const pods = [1, 2, 3].map((i) =>
      podOn('node-1', `p${i}`, { requests: { memory: '1Gi' }, limits: { memory: '8Gi' } }),
    );
    const f = only(diagnoseNode(node, context({ pods })), 'Overcommitted');
    assert.equal(f.message, 'Memory limits of the pods add up to 150% of allocatable');
    assert.match(f.hint, /OOM-kills/);
  });

  it('tolerates CPU limits up to twice allocatable before calling the node Overcommitted', () => {
    const node = makeNode('node-1');
    const withLimit = (cpu: string) =>
      diagnoseNode(
        node,
        context({ pods: [podOn('node-1', 'p', { requests: { cpu: '1' }, limits: { cpu } })] }),
      );
    assert.deepEqual(reasons(withLimit('7900m')), []);
    assert.match(only(withLimit('8'), 'Overcommitted').message, /^CPU limits .* 200%/);
  });

  it('reports TooManyPods near the pod capacity, and critical when full', () => {
    const node = makeNode('node-1', { allocatable: { cpu: '4', memory: '16Gi', pods: '10' } });
    const pods = (n: number) => Array.from({ length: n }, (_, i) => podOn('node-1', `p${i}`));
    assert.deepEqual(reasons(diagnoseNode(node, context({ pods: pods(8) }))), []);
    assert.equal(only(diagnoseNode(node, context({ pods: pods(9) })), 'TooManyPods').severity, 'warning');
    const full = only(diagnoseNode(node, context({ pods: pods(10) })), 'TooManyPods');
    assert.equal(full.severity, 'critical');
    assert.equal(full.message, 'Node is full: 10 of 10 pods');
  });

  it('reports HighUsage from measured usage, and nothing about usage without metrics', () => {
    const node = makeNode('node-1');
    const f = only(
      diagnoseNode(
        node,
        context({ usage: { cpu: 3800, memory: 2 ** 30, timestamp: '2026-11-25T11:59:40Z' } }),
      ),
      'HighUsage',
    );
    assert.equal(f.message, 'Node uses 95% of its allocatable CPU');
    assert.deepEqual(diagnoseNode(node, context({ usage: undefined })), []);
  });
});

describe('node rules: taints and tolerations', () => {
  const taint: Taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };
  const cases: [string, Toleration, Taint, boolean][] = [
    [
      'Equal with the same key, value and effect',
      { key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' },
      taint,
      true,
    ],
    ['an empty operator, which means Equal', { key: 'dedicated', value: 'gpu' }, taint, true],
    ['Equal with another value', { key: 'dedicated', operator: 'Equal', value: 'cpu' }, taint, false],
    ['Exists on the key, whatever the value', { key: 'dedicated', operator: 'Exists' }, taint, true],
    ['Exists without a key, which tolerates every taint', { operator: 'Exists' }, taint, true],
    ['another effect', { key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }, taint, false],
    ['another key', { key: 'team', operator: 'Exists' }, taint, false],
    [
      'an operator the scheduler does not know',
      { key: 'dedicated', operator: 'Matches', value: 'gpu' },
      taint,
      false,
    ],
    [
      'Equal without a value against a taint without a value',
      { key: 'spot', operator: 'Equal' },
      { key: 'spot', effect: 'NoExecute' },
      true,
    ],
  ];
  for (const [what, toleration, t, expected] of cases) {
    it(`${expected ? 'tolerates' : 'does not tolerate'} a taint with ${what}`, () => {
      assert.equal(toleratesTaint(toleration, t), expected);
    });
  }

  it('reports TaintNoPodTolerates naming the pending pods that lack a toleration', () => {
    const node = makeNode('gpu-1', { taints: [taint] });
    const pendingPods = [
      pendingPod('web-1'),
      pendingPod('trainer', {
        tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }],
      }),
    ];
    const f = only(diagnoseNode(node, context({ pendingPods })), 'TaintNoPodTolerates');
    assert.equal(f.severity, 'warning');
    assert.equal(f.message, 'Taint dedicated=gpu:NoSchedule keeps 1 pending pod off this node');
    assert.deepEqual(f.evidence, ['pending pod shop/web-1 (for 7m) has no toleration for it']);
    assert.match(f.hint, /toleration \{key: dedicated, operator: Equal, value: gpu, effect: NoSchedule\}/);
  });

  it('ignores pods bound elsewhere, pods whose node selector or affinity excludes the node, and soft taints', () => {
    const node = makeNode('gpu-1', {
      labels: { pool: 'gpu' },
      taints: [taint, { key: 'cheap', effect: 'PreferNoSchedule' }],
    });
    const excludedByAffinity = pendingPod('affinity', {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: 'pool', operator: 'NotIn', values: ['gpu'] }] }],
          },
        },
      },
    });
    const pendingPods: Pod[] = [
      podOn('other', 'bound'),
      pendingPod('selector', { nodeSelector: { pool: 'cpu' } }),
      excludedByAffinity,
    ];
    assert.equal(podCanSelectNode(excludedByAffinity, node), false);
    assert.equal(podCanSelectNode(pendingPod('any'), node), true);
    assert.deepEqual(diagnoseNode(node, context({ pendingPods })), []);
  });

  it('leaves control-plane and condition taints to the rules that own them', () => {
    const node = makeNode('cp-1', {
      taints: [
        { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
        { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' },
      ],
    });
    assert.deepEqual(diagnoseNode(node, context({ pendingPods: [pendingPod('web-1')] })), []);
  });

  it('caps the pods named in the evidence', () => {
    const node = makeNode('gpu-1', { taints: [taint] });
    const pendingPods = Array.from({ length: 8 }, (_, i) => pendingPod(`web-${i}`));
    const f = only(diagnoseNode(node, context({ pendingPods })), 'TaintNoPodTolerates');
    assert.equal(f.evidence.length, 6);
    assert.equal(f.evidence.at(-1), '… and 3 more');
  });
});

describe('node rules: kubelet version skew', () => {
  const nodes: Node[] = [
    makeNode('new', { kubeletVersion: 'v1.36.3' }),
    makeNode('patch', { kubeletVersion: 'v1.36.1' }),
    makeNode('one', { kubeletVersion: 'v1.35.9' }),
    makeNode('two', { kubeletVersion: 'v1.34.0' }),
  ];
  const newest = newestKubelet(nodes);
  const skew = (name: string) =>
    diagnoseNode(
      nodes.find((n) => n.metadata?.name === name)!,
      context({ newestKubelet: newest }),
    );

  it('finds the newest kubelet of the cluster', () => {
    assert.equal(newest?.text, 'v1.36.3');
  });
  it('ignores patch differences', () => {
    assert.deepEqual(skew('patch'), []);
    assert.deepEqual(skew('new'), []);
  });
  it('reports one minor version behind as info', () => {
    const f = only(skew('one'), 'KubeletVersionSkew');
    assert.equal(f.severity, 'info');
    assert.equal(f.message, 'Kubelet v1.35.9 is 1 minor version behind the newest node (v1.36.3)');
  });
  it('reports two minor versions behind as a warning', () => {
    assert.equal(only(skew('two'), 'KubeletVersionSkew').severity, 'warning');
  });
});
