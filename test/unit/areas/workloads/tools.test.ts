// The workload MCP tools: names, refusals of bad calls, what they answer over a small snapshot (through a
// real MCP client, so the output schemas are checked), and the rollout sentences ported from kubectl.

import assert from 'node:assert/strict';
import {
  daemonSetRollout,
  deploymentRollout,
  statefulSetRollout,
} from '../../../../src/areas/workloads/rollout.js';
import type { ResourceKey } from '../../../../src/cluster/resources.js';
import { NO_FENCE } from '../../../../src/cluster/policy.js';
import { SnapshotCluster } from '../../../../src/cluster/snapshot.js';
import type { KubeObject } from '../../../../src/kube/types.js';
import { connect, refusesBadCalls, toolNames } from '../../support/no-cluster.js';

describe('workload MCP tools', () => {
  it('have the reference guide names', async () => {
    const names = await toolNames();
    for (const name of [
      'diagnose_workloads',
      'describe_workload',
      'get_rollout_status',
      'list_jobs',
      'get_hpa_status',
    ])
      assert.ok(names.includes(name), name);
  });

  const bad: [string, Record<string, unknown>, RegExp][] = [
    ['describe_workload', { kind: 'Pod', name: 'web' }, /kind/],
    ['describe_workload', { kind: 'Deployment', name: '../web' }, /name/],
    ['describe_workload', { kind: 'Deployment', name: 'web', namespace: '../kube-system' }, /namespace/],
    ['get_rollout_status', { kind: 'Job', name: 'web' }, /kind/],
    ['get_rollout_status', { kind: 'Deployment' }, /name/],
    ['list_jobs', { status: 'Exploded' }, /status/],
    ['list_jobs', { selector: 'app in (x' }, /invalid label selector/],
    ['list_jobs', { limit: 0 }, /limit/],
    ['get_hpa_status', { name: 'Web_1' }, /name/],
  ];
  refusesBadCalls(bad);
});

const at = '2026-12-02T06:00:00Z';
const meta = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  namespace: 'shop',
  uid: `uid-${name}`,
  creationTimestamp: at,
  ...extra,
});
const owner = (kind: string, name: string) => ({
  ownerReferences: [{ kind, name, uid: `uid-${name}`, controller: true }],
});
const template = (image: string) => ({
  metadata: { labels: { app: 'web' } },
  spec: { containers: [{ name: 'app', image }] },
});
const readyPod = (name: string, rs: string, ready: boolean): KubeObject =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta(name, { labels: { app: 'web' }, ...owner('ReplicaSet', rs) }),
    spec: { nodeName: 'node-1', containers: [{ name: 'app', image: 'x' }] },
    status: ready
      ? { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [] }
      : {
          phase: 'Pending',
          conditions: [{ type: 'Ready', status: 'False' }],
          containerStatuses: [
            {
              name: 'app',
              image: 'registry.invalid/web:2',
              ready: false,
              restartCount: 0,
              state: {
                waiting: {
                  reason: 'ImagePullBackOff',
                  message: 'Back-off pulling image "registry.invalid/web:2"',
                },
              },
            },
          ],
        },
  }) as KubeObject;

function snapshot(objects: Partial<Record<ResourceKey, KubeObject[]>>) {
  const map = new Map<ResourceKey, KubeObject[]>(Object.entries(objects) as [ResourceKey, KubeObject[]][]);
  const captured = new Set<ResourceKey>([
    'deployments',
    'replicasets',
    'statefulsets',
    'daemonsets',
    'jobs',
    'cronjobs',
    'pods',
    'events',
    'resourcequotas',
    'horizontalpodautoscalers',
    'poddisruptionbudgets',
    'controllerrevisions',
    'namespaces',
    'nodes',
    ...map.keys(),
  ]);
  return new SnapshotCluster(
    {
      path: 'unit',
      format: 'kubectl-diag snapshot',
      takenAt: at,
      takenAtFrom: 'recorded',
      source: {},
      objects: map,
      captured,
      notCaptured: new Map(),
      logs: [],
      skippedSecrets: 0,
    },
    NO_FENCE,
    { record: () => undefined },
  );
}

const rollingOut = snapshot({
  namespaces: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }],
  deployments: [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta('web', { generation: 2 }),
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: template('registry.invalid/web:2'),
      },
      status: {
        observedGeneration: 2,
        replicas: 3,
        updatedReplicas: 1,
        readyReplicas: 2,
        availableReplicas: 2,
      },
    } as KubeObject,
  ],
  replicasets: [
    {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: meta('web-1', {
        annotations: { 'deployment.kubernetes.io/revision': '1' },
        ...owner('Deployment', 'web'),
      }),
      spec: { replicas: 2, template: template('web:1') },
      status: { readyReplicas: 2 },
    } as KubeObject,
    {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: meta('web-2', {
        annotations: { 'deployment.kubernetes.io/revision': '2' },
        ...owner('Deployment', 'web'),
      }),
      spec: { replicas: 1, template: template('registry.invalid/web:2') },
      status: { readyReplicas: 0 },
    } as KubeObject,
  ],
  pods: [
    readyPod('web-1-a', 'web-1', true),
    readyPod('web-1-b', 'web-1', true),
    readyPod('web-2-a', 'web-2', false),
  ],
  events: [],
});

async function call(cluster: SnapshotCluster, name: string, args: Record<string, unknown>) {
  const { client, server } = await connect(cluster as never);
  await client.listTools();
  try {
    return (await client.callTool({ name, arguments: args })) as {
      isError?: boolean;
      structuredContent?: Record<string, unknown>;
      content: { text: string }[];
    };
  } finally {
    await server.close();
  }
}

describe('workload tools over a snapshot', () => {
  it('describes a Deployment: its ReplicaSets newest first, every pod with its top finding, the stuck rollout', async () => {
    const answer = await call(rollingOut, 'describe_workload', {
      kind: 'Deployment',
      name: 'web',
      namespace: 'shop',
    });
    assert.equal(answer.isError, undefined, answer.content[0]?.text);
    const s = answer.structuredContent as {
      workload: { findings: { reason: string }[] };
      revisions: { name: string; revision: string; ready: string }[];
      pods: { name: string; finding?: string }[];
      podsTotal: number;
    };
    assert.deepEqual(
      s.revisions.map((r) => [r.name, r.revision, r.ready]),
      [
        ['web-2', '2', '0/1'],
        ['web-1', '1', '2/2'],
      ],
    );
    assert.equal(s.podsTotal, 3);
    assert.match(s.pods.find((p) => p.name === 'web-2-a')!.finding!, /^ImagePullBackOff: /);
    assert.deepEqual(
      s.workload.findings.map((f) => f.reason),
      ['RolloutStuck'],
    );
    assert.match(answer.content[0]!.text, /^Deployment shop\/web: ready 2\/2, revision 2, selector app=web/);
  });

  it('says where the rollout stands in kubectl words, with the blocking finding and both revisions', async () => {
    const answer = await call(rollingOut, 'get_rollout_status', {
      kind: 'Deployment',
      name: 'web',
      namespace: 'shop',
    });
    const s = answer.structuredContent as Record<string, unknown>;
    assert.equal(s['done'], false);
    assert.equal(
      s['message'],
      'Waiting for deployment "web" rollout to finish: 1 out of 2 new replicas have been updated...',
    );
    assert.equal(s['currentRevision'], '1');
    assert.equal(s['updateRevision'], '2');
    assert.equal((s['findings'] as { reason: string }[])[0]?.reason, 'RolloutStuck');
  });

  it('describes a StatefulSet with its ControllerRevisions and the pods ready at each', async () => {
    const cluster = snapshot({
      namespaces: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }],
      statefulsets: [
        {
          apiVersion: 'apps/v1',
          kind: 'StatefulSet',
          metadata: meta('db'),
          spec: { replicas: 1, selector: { matchLabels: { app: 'db' } }, template: template('db:1') },
          status: { readyReplicas: 1, currentRevision: 'db-7c9f', updateRevision: 'db-7c9f' },
        } as KubeObject,
      ],
      controllerrevisions: [
        {
          apiVersion: 'apps/v1',
          kind: 'ControllerRevision',
          metadata: meta('db-7c9f', owner('StatefulSet', 'db')),
          revision: 1,
          data: { spec: { template: template('db:1') } },
        } as KubeObject,
      ],
      pods: [
        {
          ...readyPod('db-0', 'x', true),
          metadata: meta('db-0', {
            labels: { 'controller-revision-hash': 'db-7c9f' },
            ...owner('StatefulSet', 'db'),
          }),
        } as KubeObject,
      ],
      events: [],
    });
    const answer = await call(cluster, 'describe_workload', {
      kind: 'StatefulSet',
      name: 'db',
      namespace: 'shop',
    });
    const s = answer.structuredContent as { revisions: unknown[] };
    assert.deepEqual(s.revisions, [
      { name: 'db-7c9f', revision: '1', ready: '1 ready', images: ['db:1'], createdAt: at },
    ]);
  });

  it('answers a missing workload or autoscaler as an error that says how to list them', async () => {
    const missing = await call(rollingOut, 'describe_workload', {
      kind: 'StatefulSet',
      name: 'web',
      namespace: 'shop',
    });
    assert.equal(missing.isError, true);
    assert.match(missing.content[0]!.text, /StatefulSet "web" not found in namespace "shop"/);
    const hpa = await call(rollingOut, 'get_hpa_status', { name: 'web', namespace: 'shop' });
    assert.equal(hpa.isError, true);
    assert.match(hpa.content[0]!.text, /HorizontalPodAutoscaler "web" not found/);
  });

  it('lists Jobs with their state, the owning CronJob, and filters by state', async () => {
    const job = (name: string, conditions: unknown[], extra: Record<string, unknown> = {}) =>
      ({
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: meta(name, extra),
        spec: { completions: 1, backoffLimit: 0, template: template('job:1') },
        status: { startTime: '2026-12-02T05:59:00Z', failed: conditions.length ? 1 : 0, conditions },
      }) as KubeObject;
    const cluster = snapshot({
      namespaces: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }],
      jobs: [
        job(
          'nightly-1',
          [
            {
              type: 'Failed',
              status: 'True',
              reason: 'BackoffLimitExceeded',
              message: 'Job has reached the specified backoff limit',
            },
          ],
          owner('CronJob', 'nightly'),
        ),
        job('once', []),
      ],
      pods: [],
      events: [],
    });
    const all = await call(cluster, 'list_jobs', { namespace: 'shop' });
    const s = all.structuredContent as {
      counts: Record<string, number>;
      jobs: {
        name: string;
        status: string;
        cronJob?: string;
        durationSeconds?: number;
        findings: { reason: string }[];
      }[];
    };
    assert.deepEqual(s.counts, { running: 1, complete: 0, failed: 1, suspended: 0 });
    const failed = s.jobs.find((j) => j.name === 'nightly-1')!;
    assert.equal(failed.cronJob, 'nightly');
    assert.equal(failed.findings[0]?.reason, 'JobBackoffLimitExceeded');
    assert.equal(s.jobs.find((j) => j.name === 'once')?.durationSeconds, 60);
    const onlyFailed = await call(cluster, 'list_jobs', { namespace: 'shop', status: 'Failed' });
    assert.deepEqual(
      (onlyFailed.structuredContent as typeof s).jobs.map((j) => j.name),
      ['nightly-1'],
    );
  });

  it('reads an HPA: each metric against its target, the replicas, and whether its target exists', async () => {
    const cluster = snapshot({
      namespaces: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }],
      horizontalpodautoscalers: [
        {
          apiVersion: 'autoscaling/v2',
          kind: 'HorizontalPodAutoscaler',
          metadata: meta('api'),
          spec: {
            scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' },
            minReplicas: 1,
            maxReplicas: 1,
            metrics: [
              {
                type: 'Resource',
                resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
              },
            ],
          },
          status: {
            currentReplicas: 1,
            desiredReplicas: 1,
            currentMetrics: [
              {
                type: 'Resource',
                resource: { name: 'cpu', current: { averageUtilization: 500, averageValue: '500m' } },
              },
            ],
            conditions: [
              // pkg/controller/podautoscaler/horizontal.go
              {
                type: 'ScalingLimited',
                status: 'True',
                reason: 'TooManyReplicas',
                message: 'the desired replica count is more than the maximum replica count',
              },
            ],
          },
        } as KubeObject,
      ],
      deployments: [],
      events: [],
    });
    const answer = await call(cluster, 'get_hpa_status', { name: 'api', namespace: 'shop' });
    assert.equal(answer.isError, undefined, answer.content[0]?.text);
    const s = answer.structuredContent as Record<string, unknown>;
    assert.deepEqual(s['metrics'], [{ type: 'Resource', name: 'cpu', target: '50%', current: '500%' }]);
    assert.deepEqual(s['replicas'], { min: 1, max: 1, current: 1, desired: 1 });
    assert.equal(s['targetExists'], false);
    assert.equal((s['findings'] as { reason: string }[])[0]?.reason, 'HPAAtMaxReplicas');
  });
});

describe('rollout status in kubectl words', () => {
  it('walks a Deployment through the viewer of kubectl rollout status', () => {
    const d = (status: Record<string, unknown>, generation = 1) => ({
      metadata: { name: 'web', generation },
      spec: { replicas: 3 },
      status: { observedGeneration: 1, ...status },
    });
    assert.equal(deploymentRollout(d({}, 2)).message, 'Waiting for deployment spec update to be observed...');
    assert.equal(
      deploymentRollout(d({ replicas: 4, updatedReplicas: 3, availableReplicas: 3 })).message,
      'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...',
    );
    assert.equal(
      deploymentRollout(d({ replicas: 3, updatedReplicas: 3, availableReplicas: 2 })).message,
      'Waiting for deployment "web" rollout to finish: 2 of 3 updated replicas are available...',
    );
    const timedOut = deploymentRollout(
      d({ conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] }),
    );
    assert.deepEqual(timedOut, {
      done: false,
      failed: true,
      message: 'deployment "web" exceeded its progress deadline',
    });
    assert.deepEqual(deploymentRollout(d({ replicas: 3, updatedReplicas: 3, availableReplicas: 3 })), {
      done: true,
      failed: false,
      message: 'deployment "web" successfully rolled out',
    });
  });

  it('walks StatefulSets (partitions, revisions) and DaemonSets, and refuses OnDelete', () => {
    const sts = (spec: Record<string, unknown>, status: Record<string, unknown>) => ({
      metadata: { name: 'db', generation: 1 },
      spec: { replicas: 3, ...spec },
      status: { observedGeneration: 1, readyReplicas: 3, ...status },
    });
    assert.equal(
      statefulSetRollout(sts({}, { readyReplicas: 1 })).message,
      'Waiting for 2 pods to be ready...',
    );
    assert.equal(
      statefulSetRollout(sts({}, { updatedReplicas: 1, currentRevision: 'db-1', updateRevision: 'db-2' }))
        .message,
      'waiting for statefulset rolling update to complete 1 pods at revision db-2...',
    );
    assert.equal(
      statefulSetRollout(
        sts(
          { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } },
          { updatedReplicas: 1 },
        ),
      ).message,
      'Waiting for partitioned roll out to finish: 1 out of 2 new pods have been updated...',
    );
    assert.equal(statefulSetRollout(sts({ updateStrategy: { type: 'OnDelete' } }, {})).failed, true);
    const ds = (status: Record<string, unknown>) => ({
      metadata: { name: 'agent', generation: 1 },
      status: { observedGeneration: 1, desiredNumberScheduled: 2, ...status },
    });
    assert.equal(
      daemonSetRollout(ds({ updatedNumberScheduled: 1 })).message,
      'Waiting for daemon set "agent" rollout to finish: 1 out of 2 new pods have been updated...',
    );
    assert.equal(daemonSetRollout(ds({ updatedNumberScheduled: 2, numberAvailable: 2 })).done, true);
  });
});
