// The fault corpus: each scenario is one fault in the exact words the real component writes, with the source file
// (kubernetes v1.36.3 unless said otherwise) that writes them. Faults the live plane can produce with the real
// scheduler, controller-manager and kwok are also run there (test/e2e/rootcause-live.test.ts).

import {
  attachment,
  claim,
  crashing,
  event,
  minutesAgo,
  node,
  pending,
  pod,
  running,
  service,
  slice,
  storageClass,
  volume,
  waiting,
  type Scenario,
} from './build.js';
import { workloadScenarios } from './workloads.js';

const PREEMPT = (n: number) =>
  `preemption: 0/${n} nodes are available: ${n} Preemption is not helpful for scheduling.`;

/** FitError.Error (pkg/scheduler/framework/types.go) for `n` nodes around the filter reasons. */
function fit(n: number, reasons: string): string {
  return `0/${n} nodes are available: ${reasons}. ${PREEMPT(n)}`;
}

function podScenarios(): Scenario[] {
  const list: Scenario[] = [];
  const add = (s: Scenario) => list.push(s);

  add({
    id: 'p01-crash-termination-message',
    area: 'pods',
    source:
      'pkg/kubelet/kuberuntime/kuberuntime_container.go (terminated.message from terminationMessagePath)',
    lists: {
      pods: [
        pod('p01', 'api-1', {
          containers: [
            crashing(
              'app',
              {
                exitCode: 1,
                reason: 'Error',
                message: 'dial tcp 10.96.4.12:5432: connect: connection refused',
              },
              7,
              'p01/api-1',
            ),
          ],
        }),
      ],
    },
    expect: { object: 'Pod/p01/api-1', reason: 'CrashLoopBackOff', words: /connect: connection refused/ },
  });
  add({
    id: 'p02-crash-exit-127',
    area: 'pods',
    source: 'pkg/kubelet/kuberuntime/kuberuntime_manager.go (back-off message); exit code from the runtime',
    lists: {
      pods: [pod('p02', 'api-1', { containers: [crashing('app', { exitCode: 127, reason: 'Error' })] })],
    },
    expect: { object: 'Pod/p02/api-1', reason: 'CrashLoopBackOff', words: /exit code 127/ },
  });
  add({
    id: 'p03-oom-killed',
    area: 'pods',
    source: 'pkg/kubelet/kuberuntime/kuberuntime_container.go (reason OOMKilled, exit 137)',
    lists: {
      pods: [
        pod('p03', 'cache-0', { containers: [crashing('redis', { exitCode: 137, reason: 'OOMKilled' })] }),
      ],
    },
    expect: { object: 'Pod/p03/cache-0', reason: 'OOMKilled', words: /OOMKilled \(memory limit 128Mi\)/ },
  });
  {
    const p = pod('p04', 'web-1', { containers: [crashing('app', { exitCode: 137, reason: 'Error' }, 5)] });
    add({
      id: 'p04-liveness-kills',
      area: 'pods',
      source:
        'pkg/kubelet/prober/prober.go ("%s probe failed: %s"), pkg/probe/http/http.go, pkg/kubelet/kuberuntime/kuberuntime_manager.go ("Container %s failed liveness probe, will be restarted")',
      lists: {
        pods: [p],
        events: [
          event(
            'Pod',
            'p04',
            'web-1',
            'Unhealthy',
            'Liveness probe failed: HTTP probe failed with statuscode: 500',
            { fieldPath: 'spec.containers{app}' },
          ),
          event('Pod', 'p04', 'web-1', 'Killing', 'Container app failed liveness probe, will be restarted', {
            fieldPath: 'spec.containers{app}',
            type: 'Normal',
          }),
        ],
      },
      expect: {
        object: 'Pod/p04/web-1',
        reason: 'LivenessProbeFailed',
        words: /Liveness probe of container "app" is failing/,
      },
    });
  }
  add({
    id: 'p05-image-not-found',
    area: 'pods',
    source:
      'pkg/kubelet/images/image_manager.go ("Back-off pulling image %q", "Failed to pull image %q: %v"); containerd NotFound text',
    lists: {
      pods: [
        pod('p05', 'worker-1', {
          phase: 'Pending',
          containers: [
            waiting(
              'worker',
              'ImagePullBackOff',
              'Back-off pulling image "registry.example/p05/worker:2.0.1"',
            ),
          ],
        }),
      ],
      events: [
        event(
          'Pod',
          'p05',
          'worker-1',
          'Failed',
          'Failed to pull image "registry.example/p05/worker:2.0.1": rpc error: code = NotFound desc = failed to pull and unpack image "registry.example/p05/worker:2.0.1": failed to resolve reference "registry.example/p05/worker:2.0.1": registry.example/p05/worker:2.0.1: not found',
          { fieldPath: 'spec.containers{worker}' },
        ),
      ],
    },
    expect: { object: 'Pod/p05/worker-1', reason: 'ImagePullBackOff', words: /cannot pull image/ },
  });
  add({
    id: 'p06-image-unauthorized',
    area: 'pods',
    source: 'pkg/kubelet/images/image_manager.go; registry 401 text from containerd',
    lists: {
      pods: [
        pod('p06', 'worker-1', {
          phase: 'Pending',
          containers: [
            waiting(
              'worker',
              'ErrImagePull',
              'failed to pull and unpack image "registry.example/private/worker:1": failed to resolve reference "registry.example/private/worker:1": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed',
            ),
          ],
        }),
      ],
    },
    expect: { object: 'Pod/p06/worker-1', reason: 'ErrImagePull' },
  });
  add({
    id: 'p07-invalid-image-name',
    area: 'pods',
    source: 'pkg/kubelet/images/image_manager.go ("Failed to apply default image tag %q: %v")',
    lists: {
      pods: [
        pod('p07', 'web-1', {
          phase: 'Pending',
          containers: [
            waiting(
              'app',
              'InvalidImageName',
              'Failed to apply default image tag "Shop/Web:1": couldn\'t parse image name "Shop/Web:1": invalid reference format: repository name must be lowercase',
            ),
          ],
        }),
      ],
    },
    expect: { object: 'Pod/p07/web-1', reason: 'InvalidImageName' },
  });
  add({
    id: 'p08-image-never-pull',
    area: 'pods',
    source:
      'pkg/kubelet/images/image_manager.go ("Container image %q is not present with pull policy of Never")',
    lists: {
      pods: [
        pod('p08', 'web-1', {
          phase: 'Pending',
          containers: [
            waiting(
              'app',
              'ErrImageNeverPull',
              'Container image "shop/web:dev" is not present with pull policy of Never',
            ),
          ],
        }),
      ],
    },
    expect: { object: 'Pod/p08/web-1', reason: 'ErrImageNeverPull' },
  });
  add({
    id: 'p09-configmap-missing',
    area: 'pods',
    source: 'pkg/kubelet/kubelet_pods.go (makeEnvironmentVariables: the ConfigMap lister NotFound error)',
    lists: {
      pods: [
        pod('p09', 'api-1', {
          phase: 'Pending',
          containers: [waiting('app', 'CreateContainerConfigError', 'configmap "app-config" not found')],
        }),
      ],
    },
    expect: {
      object: 'Pod/p09/api-1',
      reason: 'CreateContainerConfigError',
      words: /configmap "app-config" not found/,
    },
  });
  add({
    id: 'p10-configmap-key-missing',
    area: 'pods',
    source: 'pkg/kubelet/kubelet_pods.go ("couldn\'t find key %v in ConfigMap %v/%v")',
    lists: {
      pods: [
        pod('p10', 'api-1', {
          phase: 'Pending',
          containers: [
            waiting(
              'app',
              'CreateContainerConfigError',
              "couldn't find key db-url in ConfigMap p10/app-config",
            ),
          ],
        }),
      ],
    },
    expect: {
      object: 'Pod/p10/api-1',
      reason: 'CreateContainerConfigError',
      words: /couldn't find key db-url/,
    },
  });
  add({
    id: 'p11-secret-missing',
    area: 'pods',
    source: 'pkg/kubelet/kubelet_pods.go (the Secret lister NotFound error)',
    lists: {
      pods: [
        pod('p11', 'api-1', {
          phase: 'Pending',
          containers: [waiting('app', 'CreateContainerConfigError', 'secret "db-pass" not found')],
        }),
      ],
    },
    expect: {
      object: 'Pod/p11/api-1',
      reason: 'CreateContainerConfigError',
      words: /secret "db-pass" not found/,
    },
  });
  add({
    id: 'p12-start-error-runtime-text',
    area: 'pods',
    source:
      'runc/containerd error text, carried in terminated.message by pkg/kubelet/kuberuntime/kuberuntime_container.go',
    lists: {
      pods: [
        pod('p12', 'api-1', {
          containers: [
            crashing('app', {
              exitCode: 128,
              reason: 'StartError',
              message:
                'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "/app/server": stat /app/server: no such file or directory: unknown',
            }),
          ],
        }),
      ],
    },
    expect: {
      object: 'Pod/p12/api-1',
      reason: 'CrashLoopBackOff',
      words: /exec: "\/app\/server": stat \/app\/server: no such file or directory/,
    },
  });
  add({
    id: 'p13-post-start-hook',
    area: 'pods',
    source:
      'pkg/kubelet/lifecycle/handlers.go ("Exec lifecycle hook (%v) for Container %q in Pod %q failed - error: %v, message: %q")',
    lists: {
      pods: [
        pod('p13', 'api-1', {
          containers: [
            waiting(
              'app',
              'PostStartHookError',
              'Exec lifecycle hook ([/bin/sh -c /hooks/warm.sh]) for Container "app" in Pod "api-1_p13(uid-p13-api-1)" failed - error: command \'/bin/sh -c /hooks/warm.sh\' exited with 1: , message: ""',
            ),
          ],
        }),
      ],
    },
    expect: { object: 'Pod/p13/api-1', reason: 'PostStartHookError', words: /Exec lifecycle hook/ },
  });
  add({
    id: 'p14-evicted-memory',
    area: 'pods',
    source:
      'pkg/kubelet/eviction/helpers.go (nodeLowMessageFmt, containerMessageFmt); reason Evicted (eviction_manager.go)',
    lists: {
      pods: [
        pod('p14', 'report-1', {
          phase: 'Failed',
          containers: [
            {
              name: 'app',
              ready: false,
              restartCount: 0,
              state: { terminated: { exitCode: 137, reason: 'ContainerStatusUnknown' } },
            },
          ],
          status: {
            reason: 'Evicted',
            message:
              'The node was low on resource: memory. Threshold quantity: 100Mi, available: 42Mi. Container app was using 1268Mi, request is 64Mi, has larger consumption of memory. ',
          },
        }),
      ],
    },
    expect: { object: 'Pod/p14/report-1', reason: 'Evicted', words: /The node was low on resource: memory/ },
  });
  add({
    id: 'p15-stuck-terminating-finalizer',
    area: 'pods',
    source: 'metadata.deletionTimestamp/finalizers as the apiserver sets them on a graceful delete',
    lists: {
      pods: [
        pod('p15', 'api-1', {
          metadata: { deletionTimestamp: minutesAgo(20), finalizers: ['example.com/drain-connections'] },
        }),
      ],
    },
    expect: { object: 'Pod/p15/api-1', reason: 'StuckTerminating', words: /still terminating/ },
  });
  add({
    id: 'p16-mount-configmap-missing',
    area: 'pods',
    source:
      'pkg/volume/util/operationexecutor/operation_generator.go (FailedMount "MountVolume.SetUp failed for volume %q : %v"), pkg/volume/configmap/configmap.go',
    lists: {
      pods: [pod('p16', 'api-1', { phase: 'Pending', containers: [waiting('app', 'ContainerCreating')] })],
      events: [
        event(
          'Pod',
          'p16',
          'api-1',
          'FailedMount',
          'MountVolume.SetUp failed for volume "config" : configmap "app-config" not found',
        ),
      ],
    },
    expect: {
      object: 'Pod/p16/api-1',
      reason: 'StuckContainerCreating',
      words: /configmap "app-config" not found/,
    },
  });
  add({
    id: 'p17-multi-attach',
    area: 'pods',
    source:
      'pkg/controller/volume/attachdetach/reconciler/reconciler.go ("Multi-Attach error", GenerateMsg in operation_executor.go); pkg/kubelet/kubelet.go ("Unable to attach or mount volumes: %v")',
    lists: {
      pods: [pod('p17', 'db-1', { phase: 'Pending', containers: [waiting('db', 'ContainerCreating')] })],
      events: [
        event(
          'Pod',
          'p17',
          'db-1',
          'FailedMount',
          'Unable to attach or mount volumes: unmounted volumes=[data], unattached volumes=[data], failed to process volumes=[]: timed out waiting for the condition',
        ),
        event(
          'Pod',
          'p17',
          'db-1',
          'FailedAttachVolume',
          'Multi-Attach error for volume "pvc-7f3a" Volume is already exclusively attached to one node and can\'t be attached to another',
          { lastTimestamp: minutesAgo(3) },
        ),
      ],
    },
    expect: {
      object: 'Pod/p17/db-1',
      reason: 'StuckContainerCreating',
      words: /Multi-Attach error for volume "pvc-7f3a"/,
    },
  });
  add({
    id: 'p18-sandbox-cni',
    area: 'pods',
    source:
      'pkg/kubelet/kuberuntime/kuberuntime_manager.go ("Failed to create pod sandbox: %v"); CNI error text from containerd',
    lists: {
      pods: [pod('p18', 'api-1', { phase: 'Pending', containers: [waiting('app', 'ContainerCreating')] })],
      events: [
        event(
          'Pod',
          'p18',
          'api-1',
          'FailedCreatePodSandBox',
          'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "5f1c": plugin type="calico" failed (add): stat /var/lib/calico/nodename: no such file or directory',
        ),
      ],
    },
    expect: {
      object: 'Pod/p18/api-1',
      reason: 'StuckContainerCreating',
      words: /Failed to create pod sandbox/,
    },
  });
  add({
    id: 'p19-readiness-failing',
    area: 'pods',
    source: 'pkg/kubelet/prober/prober.go ("%s probe failed: %s"), pkg/probe/http/http.go',
    lists: {
      pods: [pod('p19', 'web-1', { containers: [running('app', { ready: false })] })],
      events: [
        event(
          'Pod',
          'p19',
          'web-1',
          'Unhealthy',
          'Readiness probe failed: HTTP probe failed with statuscode: 503',
          { fieldPath: 'spec.containers{app}', count: 40 },
        ),
      ],
    },
    expect: { object: 'Pod/p19/web-1', reason: 'ReadinessProbeFailed' },
  });
  add({
    id: 'p20-startup-failing',
    area: 'pods',
    source:
      'pkg/kubelet/prober/prober.go; pkg/probe/tcp/tcp.go ("dial tcp %s: connect: connection refused" from net)',
    lists: {
      pods: [pod('p20', 'web-1', { containers: [running('app', { ready: false, started: false })] })],
      events: [
        event(
          'Pod',
          'p20',
          'web-1',
          'Unhealthy',
          'Startup probe failed: dial tcp 10.244.0.10:8080: connect: connection refused',
          { fieldPath: 'spec.containers{app}' },
        ),
      ],
    },
    expect: { object: 'Pod/p20/web-1', reason: 'StartupProbeFailed' },
  });
  add({
    id: 'p21-init-crash-app-waits',
    area: 'pods',
    source:
      'pkg/kubelet/kubelet_pods.go (app containers wait with "PodInitializing"); kuberuntime_manager.go back-off',
    lists: {
      pods: [
        pod('p21', 'app-1', {
          phase: 'Pending',
          initContainers: [
            crashing('migrate', {
              exitCode: 2,
              reason: 'Error',
              message: 'relation "orders" already exists',
            }),
          ],
          containers: [waiting('app', 'PodInitializing')],
        }),
      ],
    },
    expect: {
      object: 'Pod/p21/app-1',
      reason: 'CrashLoopBackOff',
      words: /^Init container "migrate" keeps crashing: last exit "relation "orders" already exists"/,
    },
  });
  add({
    id: 'p22-job-pod-failed',
    area: 'pods',
    source:
      'pkg/kubelet/kuberuntime/kuberuntime_container.go (terminated reason Error, message from terminationMessagePath)',
    lists: {
      pods: [
        pod('p22', 'backup-28861440-x', {
          phase: 'Failed',
          spec: { restartPolicy: 'Never' },
          containers: [
            {
              name: 'backup',
              ready: false,
              restartCount: 0,
              state: {
                terminated: {
                  exitCode: 2,
                  reason: 'Error',
                  message:
                    'pg_dump: error: connection to server failed: FATAL: password authentication failed for user "backup"',
                },
              },
            },
          ],
        }),
      ],
    },
    expect: {
      object: 'Pod/p22/backup-28861440-x',
      reason: 'NonZeroExit',
      words: /password authentication failed/,
    },
  });
  add({
    id: 'p23-frequent-restarts',
    area: 'pods',
    source: 'pkg/kubelet/kuberuntime/kuberuntime_container.go (lastState.terminated)',
    lists: {
      pods: [
        pod('p23', 'api-1', {
          containers: [
            running('app', {
              restartCount: 9,
              lastState: {
                terminated: {
                  exitCode: 2,
                  reason: 'Error',
                  message: 'panic: runtime error: invalid memory address or nil pointer dereference',
                  finishedAt: minutesAgo(5),
                },
              },
            }),
          ],
        }),
      ],
    },
    expect: { object: 'Pod/p23/api-1', reason: 'FrequentRestarts', words: /nil pointer dereference/ },
  });
  add({
    id: 'p24-not-scheduled',
    area: 'pods',
    source:
      'a pod naming a schedulerName nobody serves gets no PodScheduled condition (pkg/scheduler/schedule_one.go never sees it)',
    lists: {
      pods: [
        pod('p24', 'api-1', {
          node: null,
          phase: 'Pending',
          containers: [],
          spec: { schedulerName: 'custom-scheduler' },
          conditions: [],
        }),
      ],
    },
    expect: { object: 'Pod/p24/api-1', reason: 'NotScheduled', words: /without a scheduling decision/ },
  });
  add({
    id: 'p25-insufficient-cpu',
    area: 'pods',
    source: 'pkg/scheduler/framework/plugins/noderesources/fit.go ("Insufficient cpu")',
    lists: {
      nodes: [node('p25-n1'), node('p25-n2')],
      pods: [
        pending('p25', 'big-1', fit(2, '2 Insufficient cpu'), {
          containers: [{ name: 'app', image: 'x', resources: { requests: { cpu: '3500m' } } }],
        }),
        pod('p25', 'hog-1', {
          node: 'p25-n1',
          spec: { containers: [{ name: 'app', image: 'x', resources: { requests: { cpu: '3' } } }] },
        }),
        pod('p25', 'hog-2', {
          node: 'p25-n2',
          spec: { containers: [{ name: 'app', image: 'x', resources: { requests: { cpu: '2' } } }] },
        }),
      ],
    },
    expect: { object: 'Pod/p25/big-1', reason: 'Unschedulable', words: /2 Insufficient cpu/ },
  });
  add({
    id: 'p26-too-many-pods',
    area: 'pods',
    source: 'pkg/scheduler/framework/plugins/noderesources/fit.go ("Too many pods")',
    lists: { pods: [pending('p26', 'api-1', fit(3, '3 Too many pods'))] },
    expect: { object: 'Pod/p26/api-1', reason: 'Unschedulable', words: /Too many pods/ },
  });
  add({
    id: 'p27-node-selector',
    area: 'pods',
    source:
      'pkg/scheduler/framework/plugins/nodeaffinity/node_affinity.go ("node(s) didn\'t match Pod\'s node affinity/selector")',
    lists: {
      nodes: [node('p27-n1'), node('p27-n2')],
      pods: [
        pending('p27', 'api-1', fit(2, "2 node(s) didn't match Pod's node affinity/selector"), {
          nodeSelector: { disktype: 'ssd' },
        }),
      ],
    },
    expect: { object: 'Pod/p27/api-1', reason: 'Unschedulable', words: /node affinity\/selector/ },
  });
  add({
    id: 'p28-pod-anti-affinity',
    area: 'pods',
    source:
      'pkg/scheduler/framework/plugins/interpodaffinity/filtering.go ("node(s) didn\'t match pod anti-affinity rules")',
    lists: { pods: [pending('p28', 'db-3', fit(3, "3 node(s) didn't match pod anti-affinity rules"))] },
    expect: { object: 'Pod/p28/db-3', reason: 'Unschedulable', words: /anti-affinity/ },
  });
  add({
    id: 'p29-topology-spread',
    area: 'pods',
    source:
      'pkg/scheduler/framework/plugins/podtopologyspread/plugin.go ("node(s) didn\'t match pod topology spread constraints")',
    lists: {
      pods: [
        pending(
          'p29',
          'web-4',
          fit(
            4,
            "1 node(s) didn't match pod topology spread constraints, 3 node(s) didn't match pod topology spread constraints (missing required label)",
          ),
        ),
      ],
    },
    expect: { object: 'Pod/p29/web-4', reason: 'Unschedulable', words: /topology spread/ },
  });
  add({
    id: 'p30-host-port',
    area: 'pods',
    source:
      'pkg/scheduler/framework/plugins/nodeports/node_ports.go ("node(s) didn\'t have free ports for the requested pod ports")',
    lists: {
      pods: [
        pending('p30', 'ingress-2', fit(2, "2 node(s) didn't have free ports for the requested pod ports")),
      ],
    },
    expect: { object: 'Pod/p30/ingress-2', reason: 'Unschedulable', words: /free ports/ },
  });
  add({
    id: 'p31-volume-zone',
    area: 'pods',
    source:
      'pkg/scheduler/framework/plugins/volumebinding/binder.go ("node(s) didn\'t match PersistentVolume\'s node affinity")',
    lists: {
      nodes: [
        node('p31-a', { labels: { 'topology.kubernetes.io/zone': 'zone-a' } }),
        node('p31-b', { labels: { 'topology.kubernetes.io/zone': 'zone-a' } }),
      ],
      claims: [
        claim('p31', 'data-db-0', { phase: 'Bound', volumeName: 'p31-pv', storageClassName: 'standard' }),
      ],
      volumes: [volume('p31-pv', { claim: { namespace: 'p31', name: 'data-db-0' }, zone: 'zone-c' })],
      classes: [storageClass('standard', { isDefault: true })],
      pods: [
        pending('p31', 'db-0', fit(2, "2 node(s) didn't match PersistentVolume's node affinity"), {
          volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data-db-0' } }],
        }),
      ],
    },
    expect: { object: 'Pod/p31/db-0', reason: 'Unschedulable', words: /PersistentVolume's node affinity/ },
  });
  add({
    id: 'p32-claim-not-found',
    area: 'pods',
    source:
      'pkg/scheduler/framework/plugins/volumebinding/volume_binding.go (PreFilter: the claim lister\'s NotFound, "persistentvolumeclaim %q not found")',
    lists: {
      pods: [
        pending(
          'p32',
          'db-0',
          `0/3 nodes are available: persistentvolumeclaim "data-db-0" not found. ${PREEMPT(3)}`,
          {
            volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data-db-0' } }],
          },
        ),
      ],
    },
    expect: { object: 'Pod/p32/db-0', reason: 'PodBlockedByPVC' },
  });
  return list;
}

function nodeScenarios(): Scenario[] {
  const list: Scenario[] = [];
  const add = (s: Scenario) => list.push(s);
  const notReady = (reason: string, message: string) => ({
    type: 'Ready',
    status: 'False',
    reason,
    message,
    lastHeartbeatTime: minutesAgo(0.2),
    lastTransitionTime: minutesAgo(12),
  });
  add({
    id: 'n01-cni-not-ready',
    area: 'nodes',
    source:
      'pkg/kubelet/nodestatus/setters.go (ReadyCondition: "KubeletNotReady" with the runtime network error)',
    lists: {
      nodes: [
        node('n01-n1', {
          ready: notReady(
            'KubeletNotReady',
            'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized',
          ),
        }),
      ],
    },
    expect: { object: 'Node/n01-n1', reason: 'NodeNotReady', words: /cni plugin not initialized/ },
  });
  add({
    id: 'n02-pleg',
    area: 'nodes',
    source:
      'pkg/kubelet/pleg/generic.go ("pleg was last seen active %v ago; threshold is %v"), pkg/kubelet/nodestatus/setters.go',
    lists: {
      nodes: [
        node('n02-n1', {
          ready: notReady(
            'KubeletNotReady',
            'PLEG is not healthy: pleg was last seen active 3m4s ago; threshold is 3m0s',
          ),
        }),
      ],
    },
    expect: { object: 'Node/n02-n1', reason: 'NodeNotReady', words: /PLEG is not healthy/ },
  });
  add({
    id: 'n03-kubelet-silent',
    area: 'nodes',
    source:
      'pkg/controller/nodelifecycle/node_lifecycle_controller.go ("Kubelet stopped posting node status.", reason NodeStatusUnknown)',
    lists: {
      nodes: [
        node('n03-n1', {
          ready: {
            type: 'Ready',
            status: 'Unknown',
            reason: 'NodeStatusUnknown',
            message: 'Kubelet stopped posting node status.',
            lastHeartbeatTime: minutesAgo(9),
            lastTransitionTime: minutesAgo(8),
          },
          taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: minutesAgo(8) }],
        }),
      ],
    },
    expect: { object: 'Node/n03-n1', reason: 'NodeStatusUnknown', words: /stopped posting node status/ },
  });
  add({
    id: 'n04-memory-pressure',
    area: 'nodes',
    source:
      'pkg/kubelet/nodestatus/setters.go (MemoryPressureCondition: "KubeletHasInsufficientMemory", "kubelet has insufficient memory available")',
    lists: {
      nodes: [
        node('n04-n1', {
          pressure: [
            {
              type: 'MemoryPressure',
              status: 'True',
              reason: 'KubeletHasInsufficientMemory',
              message: 'kubelet has insufficient memory available',
              lastTransitionTime: minutesAgo(7),
            },
          ],
          taints: [{ key: 'node.kubernetes.io/memory-pressure', effect: 'NoSchedule' }],
        }),
      ],
    },
    expect: { object: 'Node/n04-n1', reason: 'MemoryPressure', words: /insufficient memory available/ },
  });
  add({
    id: 'n05-disk-pressure',
    area: 'nodes',
    source:
      'pkg/kubelet/nodestatus/setters.go (DiskPressureCondition: "KubeletHasDiskPressure", "kubelet has disk pressure")',
    lists: {
      nodes: [
        node('n05-n1', {
          pressure: [
            {
              type: 'DiskPressure',
              status: 'True',
              reason: 'KubeletHasDiskPressure',
              message: 'kubelet has disk pressure',
              lastTransitionTime: minutesAgo(7),
            },
          ],
        }),
      ],
    },
    expect: { object: 'Node/n05-n1', reason: 'DiskPressure', words: /disk pressure/ },
  });
  add({
    id: 'n06-pid-pressure',
    area: 'nodes',
    source:
      'pkg/kubelet/nodestatus/setters.go (PIDPressureCondition: "KubeletHasInsufficientPID", "kubelet has insufficient PID available")',
    lists: {
      nodes: [
        node('n06-n1', {
          pressure: [
            {
              type: 'PIDPressure',
              status: 'True',
              reason: 'KubeletHasInsufficientPID',
              message: 'kubelet has insufficient PID available',
              lastTransitionTime: minutesAgo(7),
            },
          ],
        }),
      ],
    },
    expect: { object: 'Node/n06-n1', reason: 'PIDPressure' },
  });
  add({
    id: 'n07-cordoned-keeps-pod',
    area: 'nodes',
    source:
      'pkg/scheduler/framework/plugins/nodeunschedulable/node_unschedulable.go ("node(s) were unschedulable"); kubectl cordon sets spec.unschedulable',
    lists: {
      nodes: [node('n07-n1', { unschedulable: true }), node('n07-n2', { unschedulable: true })],
      pods: [pending('n07', 'web-1', fit(2, '2 node(s) were unschedulable'))],
    },
    expect: { object: 'Pod/n07/web-1', reason: 'Unschedulable', words: /were unschedulable/ },
    root: { object: 'Node/n07-n1', reason: 'Cordoned' },
  });
  add({
    id: 'n08-taint-keeps-pod',
    area: 'nodes',
    source:
      'pkg/scheduler/framework/plugins/tainttoleration/taint_toleration.go ("node(s) had untolerated taint(s)")',
    lists: {
      nodes: [node('n08-n1', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] })],
      pods: [
        pending('n08', 'web-1', fit(1, '1 node(s) had untolerated taint(s)')),
        // Pending for another reason: not this taint's doing.
        pending('n08', 'big-1', fit(1, '1 Insufficient memory')),
      ],
    },
    expect: {
      object: 'Node/n08-n1',
      reason: 'TaintNoPodTolerates',
      words: /keeps 1 pending pod off this node/,
    },
  });
  add({
    id: 'n09-kubelet-skew',
    area: 'nodes',
    source:
      'status.nodeInfo.kubeletVersion as the kubelet reports it (pkg/kubelet/nodestatus/setters.go VersionInfo)',
    lists: {
      nodes: [node('n09-new', { kubeletVersion: 'v1.36.3' }), node('n09-old', { kubeletVersion: 'v1.33.9' })],
    },
    expect: { object: 'Node/n09-old', reason: 'KubeletVersionSkew' },
  });
  add({
    id: 'n10-node-full',
    area: 'nodes',
    source:
      'status.allocatable.pods from the kubelet (--max-pods); noderesources/fit.go "Too many pods" for the next pod',
    lists: {
      nodes: [node('n10-n1', { allocatable: { cpu: '4', memory: '16Gi', pods: '3' } })],
      pods: ['a', 'b', 'c'].map((n) =>
        pod('n10', `w-${n}`, { node: 'n10-n1', spec: { containers: [{ name: 'app', image: 'x' }] } }),
      ),
    },
    expect: { object: 'Node/n10-n1', reason: 'TooManyPods', words: /Node is full: 3 of 3 pods/ },
  });
  add({
    id: 'n11-network-unavailable',
    area: 'nodes',
    source:
      'cloud-provider route controller (k8s.io/cloud-provider/controllers/route/route_controller.go: reason "NoRouteCreated", "Node created without a route")',
    lists: {
      nodes: [
        node('n11-n1', {
          pressure: [
            {
              type: 'NetworkUnavailable',
              status: 'True',
              reason: 'NoRouteCreated',
              message: 'Node created without a route',
              lastTransitionTime: minutesAgo(30),
            },
          ],
        }),
      ],
    },
    expect: { object: 'Node/n11-n1', reason: 'NetworkUnavailable' },
  });
  add({
    id: 'n12-pod-on-silent-node',
    area: 'nodes',
    source:
      'pkg/controller/util/node/controller_utils.go (MarkPodsNotReady; event NodeNotReady "Node is not ready")',
    lists: {
      nodes: [
        node('n12-n1', {
          ready: {
            type: 'Ready',
            status: 'Unknown',
            reason: 'NodeStatusUnknown',
            message: 'Kubelet stopped posting node status.',
            lastHeartbeatTime: minutesAgo(9),
            lastTransitionTime: minutesAgo(8),
          },
        }),
      ],
      pods: [
        pod('n12', 'api-1', {
          node: 'n12-n1',
          conditions: [
            { type: 'Ready', status: 'False', lastTransitionTime: minutesAgo(8) },
            { type: 'PodScheduled', status: 'True' },
          ],
        }),
      ],
      events: [event('Pod', 'n12', 'api-1', 'NodeNotReady', 'Node is not ready')],
    },
    expect: { object: 'Pod/n12/api-1', reason: 'OnNotReadyNode' },
    root: { object: 'Node/n12-n1', reason: 'NodeStatusUnknown' },
  });
  return list;
}

function storageScenarios(): Scenario[] {
  const list: Scenario[] = [];
  const add = (s: Scenario) => list.push(s);
  add({
    id: 's01-no-class-no-volume',
    area: 'storage',
    source:
      'pkg/controller/volume/persistentvolume/pv_controller.go (FailedBinding "no persistent volumes available for this claim and no storage class is set")',
    lists: {
      claims: [claim('s01', 'data', { storageClassName: '' })],
      events: [
        event(
          'PersistentVolumeClaim',
          's01',
          'data',
          'FailedBinding',
          'no persistent volumes available for this claim and no storage class is set',
          { type: 'Normal', uid: 'uid-s01-data' },
        ),
      ],
    },
    expect: { object: 'PersistentVolumeClaim/s01/data', reason: 'PVCPendingNoStorageClass' },
  });
  add({
    id: 's02-class-not-found',
    area: 'storage',
    source:
      'pkg/controller/volume/persistentvolume/pv_controller.go (ProvisioningFailed with the class lister\'s error, "storageclass.storage.k8s.io %q not found")',
    lists: {
      classes: [storageClass('standard', { isDefault: true })],
      claims: [claim('s02', 'data', { storageClassName: 'fast-ssd' })],
      events: [
        event(
          'PersistentVolumeClaim',
          's02',
          'data',
          'ProvisioningFailed',
          'storageclass.storage.k8s.io "fast-ssd" not found',
          { uid: 'uid-s02-data' },
        ),
      ],
    },
    expect: {
      object: 'PersistentVolumeClaim/s02/data',
      reason: 'PVCPendingClassNotFound',
      words: /fast-ssd/,
    },
  });
  add({
    id: 's03-provisioning-failed',
    area: 'storage',
    source:
      'kubernetes-csi/external-provisioner controller ("failed to provision volume with StorageClass %q: %v")',
    lists: {
      classes: [storageClass('standard-immediate', { volumeBindingMode: 'Immediate' })],
      claims: [claim('s03', 'data', { storageClassName: 'standard-immediate' })],
      events: [
        event(
          'PersistentVolumeClaim',
          's03',
          'data',
          'ProvisioningFailed',
          'failed to provision volume with StorageClass "standard-immediate": rpc error: code = ResourceExhausted desc = Maximum number of volumes (64) reached in project',
          { uid: 'uid-s03-data' },
        ),
      ],
    },
    expect: {
      object: 'PersistentVolumeClaim/s03/data',
      reason: 'PVCPendingProvisioningFailed',
      words: /ResourceExhausted|Maximum number of volumes/,
    },
  });
  add({
    id: 's04-no-provisioner',
    area: 'storage',
    source:
      'StorageClass provisioner kubernetes.io/no-provisioner: pv_controller.go waits for a matching static volume',
    lists: {
      classes: [
        storageClass('local', {
          provisioner: 'kubernetes.io/no-provisioner',
          volumeBindingMode: 'Immediate',
        }),
      ],
      claims: [claim('s04', 'data', { storageClassName: 'local' })],
    },
    expect: { object: 'PersistentVolumeClaim/s04/data', reason: 'NoProvisionerClass' },
  });
  add({
    id: 's05-claim-lost',
    area: 'storage',
    source:
      'pkg/controller/volume/persistentvolume/pv_controller.go (syncBoundClaim: the volume is gone, claim phase Lost, event ClaimLost)',
    lists: {
      claims: [claim('s05', 'data', { phase: 'Lost', volumeName: 's05-pv', storageClassName: 'standard' })],
      events: [
        event(
          'PersistentVolumeClaim',
          's05',
          'data',
          'ClaimLost',
          'Bound claim has lost its PersistentVolume. Data on the volume is lost!',
          { uid: 'uid-s05-data' },
        ),
      ],
    },
    expect: { object: 'PersistentVolumeClaim/s05/data', reason: 'PVCLost' },
  });
  add({
    id: 's06-volume-failed',
    area: 'storage',
    source:
      'pkg/controller/volume/persistentvolume/pv_controller.go (reclaim Delete without a deleter: phase Failed with the error as status.message)',
    lists: {
      volumes: [
        volume('s06-pv', {
          phase: 'Failed',
          reclaimPolicy: 'Delete',
          message:
            'error getting deleter volume plugin for volume "s06-pv": no deletable volume plugin matched',
        }),
      ],
    },
    expect: {
      object: 'PersistentVolume/s06-pv',
      reason: 'PVFailed',
      words: /no deletable volume plugin matched/,
    },
  });
  add({
    id: 's07-attach-error',
    area: 'storage',
    source:
      'kubernetes-csi/external-attacher (status.attachError from the CSI ControllerPublishVolume error)',
    lists: {
      attachments: [
        attachment('csi-0a1b', {
          volume: 's07-pv',
          node: 's07-n1',
          attachError:
            'rpc error: code = Internal desc = Could not attach volume "vol-s07" to node "i-0abc": attachment of disk "vol-s07" failed, expected device to be attached but was attaching',
        }),
      ],
    },
    expect: {
      object: 'VolumeAttachment/csi-0a1b',
      reason: 'VolumeAttachFailed',
      words: /Could not attach volume/,
    },
  });
  add({
    id: 's08-prebound-missing-volume',
    area: 'storage',
    source:
      'pkg/controller/volume/persistentvolume/pv_controller.go (syncUnboundClaim: claim.spec.volumeName names a volume that does not exist)',
    lists: { claims: [claim('s08', 'data', { volumeName: 'pv-from-backup', storageClassName: '' })] },
    expect: {
      object: 'PersistentVolumeClaim/s08/data',
      reason: 'PVCPending',
      words: /pv-from-backup, which does not exist/,
    },
  });
  add({
    id: 's09-rwo-two-nodes',
    area: 'storage',
    source:
      'pkg/controller/volume/attachdetach/reconciler/reconciler.go ("Multi-Attach error … Volume is already used by pod(s) %s")',
    lists: {
      claims: [claim('s09', 'data', { phase: 'Bound', volumeName: 's09-pv', storageClassName: 'standard' })],
      volumes: [volume('s09-pv', { claim: { namespace: 's09', name: 'data' } })],
      pods: [
        pod('s09', 'web-a', {
          node: 's09-n1',
          spec: { volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }] },
        }),
        pod('s09', 'web-b', {
          node: 's09-n2',
          phase: 'Pending',
          containers: [waiting('app', 'ContainerCreating')],
          spec: { volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }] },
        }),
      ],
      events: [
        event(
          'Pod',
          's09',
          'web-b',
          'FailedAttachVolume',
          'Multi-Attach error for volume "s09-pv" Volume is already used by pod(s) web-a',
        ),
      ],
    },
    expect: {
      object: 'Pod/s09/web-b',
      reason: 'StuckContainerCreating',
      words: /Multi-Attach error for volume "s09-pv"/,
    },
  });
  add({
    id: 's10-pod-kept-by-claim-class',
    area: 'storage',
    source:
      'pkg/scheduler/framework/plugins/volumebinding/volume_binding.go ("pod has unbound immediate PersistentVolumeClaims"); pv_controller.go ProvisioningFailed',
    lists: {
      classes: [storageClass('standard', { isDefault: true })],
      claims: [claim('s10', 'data-db-0', { storageClassName: 'premium' })],
      events: [
        event(
          'PersistentVolumeClaim',
          's10',
          'data-db-0',
          'ProvisioningFailed',
          'storageclass.storage.k8s.io "premium" not found',
          { uid: 'uid-s10-data-db-0' },
        ),
      ],
      pods: [
        pending(
          's10',
          'db-0',
          `0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. ${PREEMPT(3)}`,
          {
            volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data-db-0' } }],
          },
        ),
      ],
    },
    expect: { object: 'Pod/s10/db-0', reason: 'PodBlockedByPVC' },
    root: { object: 'PersistentVolumeClaim/s10/data-db-0', reason: 'PVCPendingClassNotFound' },
  });
  add({
    id: 's11-released-retain',
    area: 'storage',
    source:
      'pkg/controller/volume/persistentvolume/pv_controller.go (claim deleted, reclaim Retain: phase Released)',
    lists: {
      volumes: [
        volume('s11-pv', {
          phase: 'Released',
          reclaimPolicy: 'Retain',
          claim: { namespace: 's11', name: 'old' },
        }),
      ],
    },
    expect: { object: 'PersistentVolume/s11-pv', reason: 'PVReleased' },
  });
  return list;
}

function serviceScenarios(): Scenario[] {
  const list: Scenario[] = [];
  const add = (s: Scenario) => list.push(s);
  {
    const pods = [pod('v01', 'api-7d9c5-a', { labels: { app: 'api-server' }, ip: '10.244.1.1' })];
    add({
      id: 'v01-selector-typo',
      area: 'services',
      source: 'pkg/controller/endpointslice: no pod matches, the slice is written empty',
      lists: {
        pods,
        services: [service('v01', 'api', { selector: { app: 'api-sever' } })],
        endpointSlices: [slice('v01', 'api', [])],
      },
      expect: { object: 'Service/v01/api', reason: 'SelectorMatchesNoPods', words: /matches no pods/ },
    });
  }
  {
    const pods = ['a', 'b'].map((n, i) =>
      pod('v02', `api-${n}`, {
        labels: { app: 'api' },
        ip: `10.244.2.${i + 1}`,
        containers: [
          crashing(
            'app',
            {
              exitCode: 1,
              reason: 'Error',
              message: 'dial tcp: lookup orders-db on 10.96.0.10:53: no such host',
            },
            5,
          ),
        ],
      }),
    );
    add({
      id: 'v02-no-ready-crashing',
      area: 'services',
      source: 'pkg/controller/endpointslice (endpoints ready=false); kubelet termination message',
      lists: { pods, services: [service('v02', 'api')], endpointSlices: [slice('v02', 'api', pods)] },
      expect: {
        object: 'Service/v02/api',
        reason: 'NoReadyEndpoints',
        words: /all 2 pods CrashLoopBackOff: .*no such host/,
      },
      root: { object: 'Pod/v02/api-a', reason: 'CrashLoopBackOff' },
    });
  }
  {
    const p = pod('v03', 'api-a', { labels: { app: 'api' }, ip: '10.244.3.1' });
    p.spec!.containers[0]!.ports = [{ name: 'http', containerPort: 8080, protocol: 'TCP' }];
    add({
      id: 'v03-target-port',
      area: 'services',
      source: 'pkg/controller/endpointslice (slice port from the Service targetPort)',
      lists: {
        pods: [p],
        services: [
          service('v03', 'api', { ports: [{ name: 'http', port: 80, targetPort: 9090, protocol: 'TCP' }] }),
        ],
        endpointSlices: [slice('v03', 'api', [p], 9090)],
      },
      expect: { object: 'Service/v03/api', reason: 'TargetPortMismatch', words: /targetPort 9090/ },
    });
  }
  add({
    id: 'v04-no-selector-no-endpoints',
    area: 'services',
    source: 'a Service without selector gets no EndpointSlice from pkg/controller/endpointslice',
    lists: { services: [service('v04', 'legacy-db', { selector: undefined })] },
    expect: { object: 'Service/v04/legacy-db', reason: 'ServiceWithoutSelector' },
  });
  {
    const pods = [pod('v05', 'web-a', { labels: { app: 'web' } })];
    const lb = service('v05', 'web', { type: 'LoadBalancer' });
    add({
      id: 'v05-lb-pending',
      area: 'services',
      source:
        'k8s.io/cloud-provider/controllers/service/controller.go (Warning SyncLoadBalancerFailed "Error syncing load balancer: %v")',
      lists: {
        pods,
        services: [lb],
        endpointSlices: [slice('v05', 'web', pods)],
        events: [
          event(
            'Service',
            'v05',
            'web',
            'SyncLoadBalancerFailed',
            "Error syncing load balancer: failed to ensure load balancer: googleapi: Error 403: QUOTA_EXCEEDED - Quota 'FORWARDING_RULES' exceeded.  Limit: 15.0 globally.",
            { uid: 'uid-v05-web' },
          ),
        ],
      },
      expect: { object: 'Service/v05/web', reason: 'ServiceWarningEvent', words: /QUOTA_EXCEEDED/ },
    });
  }
  {
    const good = pod('v06', 'web-a', { labels: { app: 'web' }, ip: '10.244.6.1' });
    const bad = pod('v06', 'web-b', {
      labels: { app: 'web' },
      ip: '10.244.6.2',
      containers: [running('app', { ready: false })],
    });
    add({
      id: 'v06-some-not-ready',
      area: 'services',
      source: 'pkg/kubelet/prober/prober.go ("Readiness probe failed: %s"); endpointslice ready=false',
      lists: {
        pods: [good, bad],
        services: [service('v06', 'web')],
        endpointSlices: [slice('v06', 'web', [good, bad])],
        events: [
          event(
            'Pod',
            'v06',
            'web-b',
            'Unhealthy',
            'Readiness probe failed: HTTP probe failed with statuscode: 503',
            { fieldPath: 'spec.containers{app}' },
          ),
        ],
      },
      expect: { object: 'Service/v06/web', reason: 'SomeEndpointsNotReady' },
    });
  }
  {
    const pods = [pod('v07', 'web-a', { labels: { app: 'web' }, ip: '10.244.7.1' })];
    add({
      id: 'v07-ready-pod-missing',
      area: 'services',
      source:
        'EndpointSlice without the ready pod (an endpointslice controller that is not running or a stale mirror)',
      lists: { pods, services: [service('v07', 'web')], endpointSlices: [slice('v07', 'web', [])] },
      expect: { object: 'Service/v07/web', reason: 'ReadyPodsNotInEndpoints' },
    });
  }
  {
    const pods = [
      pod('v08', 'web-a', {
        labels: { app: 'web' },
        ip: '10.244.8.1',
        phase: 'Pending',
        containers: [waiting('app', 'ImagePullBackOff', 'Back-off pulling image "registry.example/web:9.9"')],
      }),
    ];
    add({
      id: 'v08-no-ready-image',
      area: 'services',
      source: 'pkg/kubelet/images/image_manager.go ("Back-off pulling image %q")',
      lists: { pods, services: [service('v08', 'web')], endpointSlices: [slice('v08', 'web', pods)] },
      expect: { object: 'Service/v08/web', reason: 'NoReadyEndpoints', words: /1 pod ImagePullBackOff/ },
      root: { object: 'Pod/v08/web-a', reason: 'ImagePullBackOff' },
    });
  }
  {
    const pods = [pending('v09', 'web-a', fit(3, '3 Insufficient memory'))];
    pods[0]!.metadata!.labels = { app: 'web' };
    add({
      id: 'v09-no-ready-unschedulable',
      area: 'services',
      source: 'pkg/scheduler/framework/plugins/noderesources/fit.go ("Insufficient memory")',
      lists: { pods, services: [service('v09', 'web')], endpointSlices: [slice('v09', 'web', [])] },
      expect: { object: 'Service/v09/web', reason: 'NoReadyEndpoints', words: /Unschedulable/ },
      root: { object: 'Pod/v09/web-a', reason: 'Unschedulable' },
    });
  }
  return list;
}

export const SCENARIOS: Scenario[] = [
  ...podScenarios(),
  ...nodeScenarios(),
  ...storageScenarios(),
  ...serviceScenarios(),
  ...workloadScenarios(),
];
