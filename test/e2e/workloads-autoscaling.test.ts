// kubectl diag workloads on autoscalers and disruption budgets, on the live plane: the real
// horizontal-pod-autoscaler controller (reading the metrics stand-in through metrics.k8s.io) and the real
// disruption controller write every status here; the test writes only objects and what the metrics
// server serves (PodMetrics, as metrics-server would report them).

import assert from 'node:assert/strict';
import type { ControlPlane } from '../cluster/index.js';
import { livePlane } from './setup.js';
import { diag, mcpInMemory } from './tool.js';
import { workloadsCommand } from './workloads-support.js';

describe('kubectl diag workloads on autoscalers and disruption budgets (live plane)', function () {
  this.timeout(180_000);
  let cp: ControlPlane;
  let ns: string;

  const command = workloadsCommand(() => cp);
  const waitForFinding = (kind: string, name: string, reason: string) =>
    command.waitForFinding(ns, name, reason, { kind, timeoutMs: 90_000 });
  const hpa = (name: string, min: number, max: number) =>
    cp.seed.create({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name, namespace: ns },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
        minReplicas: min,
        maxReplicas: max,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
          },
        ],
      },
    });
  /** What metrics-server would report for the deployment's pods: `cpu` each. */
  const podMetrics = async (name: string, cpu: string) => {
    const pods = await cp.scenario.waitForPods(ns, `app=${name}`, 'ready', (p) =>
      Boolean(
        (p['status'] as { conditions?: { type: string; status: string }[] } | undefined)?.conditions?.some(
          (c) => c.type === 'Ready' && c.status === 'True',
        ),
      ),
    );
    // The HPA ignores a CPU sample taken less than one metrics window (the stand-in reports 18.2 s) after
    // the pod became ready, as if the pod were unready (pkg/controller/podautoscaler/replica_calculator.go,
    // groupPods): a real metrics-server's first sample comes that late too.
    const readyAt = Math.max(
      ...pods.map((p) =>
        Date.parse(
          (p['status'] as { conditions?: { type: string; lastTransitionTime?: string }[] }).conditions?.find(
            (c) => c.type === 'Ready',
          )?.lastTransitionTime ?? '',
        ),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, readyAt + 20_000 - Date.now())));
    await cp.seed.setPodMetrics(
      pods.map((p) => ({
        namespace: ns,
        name: p.metadata!.name!,
        labels: { app: name },
        containers: [{ name: 'app', cpu, memory: '20Mi' }],
      })),
    );
  };

  before(async function () {
    cp = livePlane();
    const node = await cp.scenario.node();
    ns = await cp.scenario.namespace('wl-scale');
    const onNode = cp.scenario.onNode(node);
    await Promise.all([
      // CPU utilization is a share of the request: a container without one leaves the HPA blind.
      cp.scenario
        .deployment(ns, 'web', { nodeSelector: onNode })
        .then(() => podMetrics('web', '200m'))
        .then(() => hpa('web', 1, 3)),
      // 500m used of 100m requested is 500 % against a 50 % target, but maxReplicas is 1.
      cp.scenario
        .deployment(ns, 'api', { nodeSelector: onNode, requests: { cpu: '100m' } })
        .then(() => podMetrics('api', '500m'))
        .then(() => hpa('api', 1, 1)),
      // One replica and minAvailable 1: the disruption controller allows no eviction.
      cp.scenario.deployment(ns, 'db', { nodeSelector: onNode }).then(() =>
        cp.seed.create({
          apiVersion: 'policy/v1',
          kind: 'PodDisruptionBudget',
          metadata: { name: 'db', namespace: ns },
          spec: { minAvailable: 1, selector: { matchLabels: { app: 'db' } } },
        }),
      ),
    ]);
  });

  it('names the container without a CPU request when the HPA cannot compute utilization', async function () {
    const f = await waitForFinding('HorizontalPodAutoscaler', 'web', 'HPAUnableToCompute');
    assert.equal(f.severity, 'critical');
    assert.match(f.message, /Deployment\/web: container app of pod web-\S+ has no cpu request/);
    // pkg/controller/podautoscaler/horizontal.go: "the HPA was unable to compute the replica count: %v";
    // replica_calculator.go: "missing request for %s in container %s of Pod %s".
    assert.match(
      f.evidence[0]!,
      /condition ScalingActive=False FailedGetResourceMetric: the HPA was unable to compute the replica count: .*missing request for cpu in container app of Pod web-/,
    );
    assert.match(f.hint, /Set resources.requests/);
  });

  it('says an HPA is capped at maxReplicas when the load asks for more', async function () {
    const f = await waitForFinding('HorizontalPodAutoscaler', 'api', 'HPAAtMaxReplicas');
    assert.match(f.message, /Deployment\/api wants more than maxReplicas 1/);
    assert.match(
      f.evidence[0]!,
      /ScalingLimited=True TooManyReplicas: the desired replica count is more than the maximum replica count/,
    );
  });

  it('reports a PodDisruptionBudget that allows no disruption, from the disruption controller', async function () {
    const f = await waitForFinding('PodDisruptionBudget', 'db', 'PDBAllowsNoDisruption');
    assert.match(f.message, /allows no disruption: 1 of 1 pods healthy, minAvailable 1 needs 1;/);
    assert.match(f.evidence[0]!, /disruptionsAllowed=0, currentHealthy=1, desiredHealthy=1, expectedPods=1/);
  });

  it('answers the same through diagnose_workloads, and a table row per autoscaler and budget', async function () {
    await waitForFinding('HorizontalPodAutoscaler', 'web', 'HPAUnableToCompute');
    const mcp = await mcpInMemory({ kubeconfig: cp.viewerKubeconfig });
    try {
      const answer = await mcp.call('diagnose_workloads', { namespace: ns });
      assert.equal(answer.isError, false, answer.text);
      assert.match(answer.text, /HorizontalPodAutoscaler \S+\/web[\s\S]*HPAUnableToCompute/);
      assert.match(answer.text, /PodDisruptionBudget \S+\/db[\s\S]*PDBAllowsNoDisruption/);
    } finally {
      await mcp.close();
    }
    const table = await diag(['wl', '-n', ns], { kubeconfig: cp.viewerKubeconfig });
    assert.equal(table.error, undefined, table.error?.message);
    assert.match(table.stdout, /horizontalpodautoscaler\/web\s+\d\/3\s.*HPAUnableToCompute/);
    assert.match(table.stdout, /poddisruptionbudget\/db\s+1\/1\s.*PDBAllowsNoDisruption/);
  });

  it('reads an autoscaler through get_hpa_status: the metric against its target, the cap, the events', async function () {
    await waitForFinding('HorizontalPodAutoscaler', 'api', 'HPAAtMaxReplicas');
    const mcp = await mcpInMemory({ kubeconfig: cp.viewerKubeconfig });
    try {
      const answer = await mcp.call('get_hpa_status', { name: 'api', namespace: ns });
      assert.equal(answer.isError, false, answer.text);
      const h = answer.structured as Record<string, unknown>;
      assert.equal(h['target'], 'Deployment/api');
      assert.equal(h['targetExists'], true);
      assert.deepEqual(h['replicas'], { min: 1, max: 1, current: 1, desired: 1 });
      // 500m used of a 100m request, as the HPA controller computes it from the metrics stand-in.
      assert.deepEqual(h['metrics'], [{ type: 'Resource', name: 'cpu', target: '50%', current: '500%' }]);
      assert.ok((h['findings'] as { reason: string }[]).some((f) => f.reason === 'HPAAtMaxReplicas'));
      assert.match(answer.text, /metric Resource cpu: 500% \/ target 50%/);
      const missing = await mcp.call('get_hpa_status', { name: 'nope', namespace: ns });
      assert.equal(missing.isError, true);
    } finally {
      await mcp.close();
    }
  });
});
