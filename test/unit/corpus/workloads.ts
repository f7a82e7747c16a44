// Workload faults for the corpus: a controller short of replicas because of its pods (the pods are the root),
// and a controller that cannot create pods at all (it is the root), in the controllers' and kubelet's words.

import { crashing, deployment, event, minutesAgo, pod, type Scenario } from './build.js';

/** pkg/controller/deployment/sync.go (MinimumReplicasUnavailable) and progress.go (ProgressDeadlineExceeded). */
const UNAVAILABLE = {
  type: 'Available',
  status: 'False',
  reason: 'MinimumReplicasUnavailable',
  message: 'Deployment does not have minimum availability.',
  lastTransitionTime: minutesAgo(20),
};

export function workloadScenarios(): Scenario[] {
  const list: Scenario[] = [];
  {
    const pods = ['api-1', 'api-2'].map((name) =>
      pod('w01', name, {
        labels: { app: 'api' },
        containers: [
          crashing('app', { exitCode: 1, reason: 'Error', message: 'connection refused: orders-db:5432' }),
        ],
      }),
    );
    const owned = deployment('w01', 'api', pods, { ready: 0, conditions: [UNAVAILABLE] });
    list.push({
      id: 'w01-deployment-pods-crash',
      area: 'workloads',
      source:
        'pkg/controller/deployment/sync.go ("Deployment does not have minimum availability."); pkg/kubelet/kuberuntime/kuberuntime_manager.go ("back-off %s restarting failed container")',
      lists: { pods, deployments: [owned.deployment], replicaSets: [owned.replicaSet] },
      expect: { object: 'Deployment/w01/api', reason: 'ReplicasUnavailable', words: /CrashLoopBackOff/ },
      root: { object: 'Pod/w01/api-1', reason: 'CrashLoopBackOff' },
    });
  }
  {
    const owned = deployment('w02', 'worker', [], { ready: 0, replicas: 2, conditions: [UNAVAILABLE] });
    // pkg/controller/controller_utils.go records "Error creating: %v" around the admission error of
    // k8s.io/apiserver/pkg/admission/plugin/resourcequota/controller.go.
    const refused =
      'Error creating: pods "worker-5f6b8-x2x9q" is forbidden: exceeded quota: compute, requested: limits.cpu=1,requests.cpu=500m, used: limits.cpu=2,requests.cpu=1500m, limited: limits.cpu=2,requests.cpu=2';
    list.push({
      id: 'w02-quota-refuses-pods',
      area: 'workloads',
      source:
        'k8s.io/apiserver/pkg/admission/plugin/resourcequota/controller.go ("exceeded quota: %s, requested: %s, used: %s, limited: %s")',
      lists: {
        deployments: [owned.deployment],
        replicaSets: [owned.replicaSet],
        events: [event('ReplicaSet', 'w02', 'worker-5f6b8', 'FailedCreate', refused)],
      },
      expect: { object: 'Deployment/w02/worker', reason: 'FailedCreateQuotaExceeded', words: /compute/ },
    });
  }
  {
    // The newest ReplicaSet's pod cannot pull its image; the deployment controller gives up after
    // progressDeadlineSeconds (pkg/controller/deployment/util/deployment_util.go, TimedOutReason).
    const pods = [
      pod('w03', 'web-1', {
        labels: { app: 'web' },
        containers: [
          {
            name: 'app',
            ready: false,
            restartCount: 0,
            state: {
              waiting: {
                reason: 'ImagePullBackOff',
                // pkg/kubelet/images/image_manager.go
                message: 'Back-off pulling image "registry.example/w03/web:2.0"',
              },
            },
          },
        ],
      }),
    ];
    const owned = deployment('w03', 'web', pods, {
      ready: 0,
      conditions: [
        UNAVAILABLE,
        {
          type: 'Progressing',
          status: 'False',
          reason: 'ProgressDeadlineExceeded',
          message: 'ReplicaSet "web-5f6b8" has timed out progressing.',
          lastTransitionTime: minutesAgo(5),
        },
      ],
    });
    list.push({
      id: 'w03-rollout-deadline-image',
      area: 'workloads',
      source:
        'pkg/controller/deployment/util/deployment_util.go ("ReplicaSet %q has timed out progressing.")',
      lists: { pods, deployments: [owned.deployment], replicaSets: [owned.replicaSet] },
      expect: {
        object: 'Deployment/w03/web',
        reason: 'ProgressDeadlineExceeded',
        words: /timed out progressing/,
      },
      root: { object: 'Pod/w03/web-1', reason: 'ImagePullBackOff' },
    });
  }
  return list;
}
