import assert from 'node:assert/strict';
import {
  diagnosePod,
  failingContainer,
  lastTermination,
  podStatus,
} from '../../../../src/areas/pods/rules.js';
import { NOW, makePod, minutesAgo, podEvent, runningStatus } from '../../builders/pods.js';
import { only, reasons } from '../../builders/findings.js';

const crashLooping = (reason: string, exitCode: number) =>
  makePod('web-1', {
    status: {
      containerStatuses: [
        {
          name: 'app',
          ready: false,
          restartCount: 7,
          state: {
            waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container=app' },
          },
          lastState: {
            terminated: { reason, exitCode, finishedAt: minutesAgo(2), startedAt: minutesAgo(3) },
          },
        },
      ],
    },
  });

/** A Pending pod whose only container waits with this reason (and message). */
function waitingPod(reason: string, message?: string) {
  return makePod('web-1', {
    status: {
      phase: 'Pending',
      containerStatuses: [
        { name: 'app', ready: false, restartCount: 0, state: { waiting: { reason, message } } },
      ],
    },
  });
}

describe('pod rules', () => {
  it('finds nothing wrong with a running, ready pod', () => {
    const pod = makePod('web-1');
    assert.deepEqual(diagnosePod(pod, [], NOW), []);
    assert.equal(podStatus(pod), 'Running');
  });

  it('shows CrashLoopBackOff with the last exit reason and code', () => {
    const pod = crashLooping('Error', 1);
    const f = only(diagnosePod(pod, [], NOW), 'CrashLoopBackOff');
    assert.equal(f.severity, 'critical');
    assert.equal(f.message, 'Container "app" keeps crashing: last exit Error (exit code 1), 7 restarts');
    assert.deepEqual(f.object, { kind: 'Pod', namespace: 'shop', name: 'web-1' });
    assert.equal(podStatus(pod), 'CrashLoopBackOff');
    assert.deepEqual(failingContainer(pod), { container: 'app', previous: true });
  });

  it('reports OOMKilled with the memory limit, alongside the crash loop', () => {
    const findings = diagnosePod(crashLooping('OOMKilled', 137), [], NOW);
    assert.deepEqual(reasons(findings), ['CrashLoopBackOff', 'OOMKilled']);
    const oom = only(findings, 'OOMKilled');
    assert.match(oom.message, /memory limit 128Mi/);
    assert.match(oom.hint, /raise resources.limits.memory/);
  });

  it('gives OOMKilled without a memory limit a hint of its own: the node ran out, not the limit', () => {
    const pod = crashLooping('OOMKilled', 137);
    const spec = pod.spec!.containers[0]!;
    spec.resources = { requests: { cpu: '100m' } };
    const withLimit = only(diagnosePod(crashLooping('OOMKilled', 137), [], NOW), 'OOMKilled');
    const oom = only(diagnosePod(pod, [], NOW), 'OOMKilled');
    assert.match(oom.message, /no memory limit: the node ran out of memory/);
    assert.match(oom.hint, /no memory limit.*node ran out of memory.*requests\.memory/);
    assert.doesNotMatch(oom.hint, /more memory than its limit|raise resources\.limits\.memory/);
    assert.notEqual(oom.hint, withLimit.hint);
    // The crash loop's hint follows the same exit: both findings say the same thing.
    assert.equal(only(diagnosePod(pod, [], NOW), 'CrashLoopBackOff').hint, oom.hint);
  });

  it('explains exit codes 127 and 0 in the hint', () => {
    assert.match(
      only(diagnosePod(crashLooping('Error', 127), [], NOW), 'CrashLoopBackOff').hint,
      /not found in the image/,
    );
    assert.match(
      only(diagnosePod(crashLooping('Completed', 0), [], NOW), 'CrashLoopBackOff').hint,
      /must keep running/,
    );
  });

  for (const reason of ['ImagePullBackOff', 'ErrImagePull', 'InvalidImageName']) {
    it(`reports ${reason} with the image`, () => {
      const pod = waitingPod(reason, 'rpc error: manifest unknown: shop/web:1.0 not found');
      const f = only(diagnosePod(pod, [], NOW), reason);
      assert.equal(f.severity, 'critical');
      assert.match(f.message, /shop\/web:1.0/);
      assert.equal(podStatus(pod), reason);
      if (reason !== 'InvalidImageName') assert.match(f.hint, /tag does not exist/);
    });
  }

  it('reports ErrImageNeverPull with the image and a generic pull hint', () => {
    // The kubelet's words (pkg/kubelet/images/image_manager.go) for an image missing under pull policy Never.
    const pod = waitingPod(
      'ErrImageNeverPull',
      'Container image "shop/web:1.0" is not present with pull policy of Never',
    );
    const f = only(diagnosePod(pod, [], NOW), 'ErrImageNeverPull');
    assert.equal(f.severity, 'critical');
    assert.match(f.message, /cannot pull image/);
    assert.match(f.hint, /image name, tag and registry credentials/);
  });

  for (const reason of [
    'CreateContainerError',
    'RunContainerError',
    'PreCreateHookError',
    'PostStartHookError',
  ]) {
    it(`reports ${reason} as a container that cannot start, with the runtime's message`, () => {
      const pod = waitingPod(reason, 'failed to create containerd task: exec: "/app": permission denied');
      const f = only(diagnosePod(pod, [], NOW), reason);
      assert.equal(f.severity, 'critical');
      assert.match(f.message, /cannot start: failed to create containerd task/);
      assert.deepEqual(f.evidence, ['failed to create containerd task: exec: "/app": permission denied']);
      assert.match(f.hint, /command, mounts and security context/);
    });
  }

  it('reports a waiting reason it has no rule for as ContainerWaiting, quoting the kubelet', () => {
    const pod = waitingPod('ImageInspectError', 'Failed to inspect image "shop/web:1.0"');
    const f = only(diagnosePod(pod, [], NOW), 'ContainerWaiting');
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /is waiting: ImageInspectError: Failed to inspect image/);
  });

  it('explains a CreateContainerConfigError caused by a missing ConfigMap key', () => {
    const pod = waitingPod(
      'CreateContainerConfigError',
      "couldn't find key db-url in ConfigMap shop/app-config",
    );
    const f = only(diagnosePod(pod, [], NOW), 'CreateContainerConfigError');
    assert.match(f.hint, /ConfigMap shop\/app-config has no key "db-url"/);
  });

  it("reports Unschedulable with the scheduler's message and a hint that fits it", () => {
    const message =
      '0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {dedicated: gpu}.';
    const pod = makePod('big-1', {
      spec: { nodeName: undefined },
      status: {
        phase: 'Pending',
        containerStatuses: undefined,
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message }],
      },
    });
    const f = only(diagnosePod(pod, [], NOW), 'Unschedulable');
    assert.match(f.message, /Insufficient cpu/);
    // Two nodes rejected it for the taint, one for cpu: the hint follows the taint.
    assert.match(f.hint, /taints the pod does not tolerate/);
    assert.doesNotMatch(f.hint, /capacity|selector/);
    assert.match(
      f.evidence[0]!,
      /reasons by nodes rejected: 2 node\(s\) had untolerated taint \{dedicated: gpu\}; 1 Insufficient cpu/,
    );
    assert.equal(podStatus(pod), 'Pending: Unschedulable');
  });

  it('hints at tolerations and node selectors when those block scheduling', () => {
    const make = (message: string) =>
      makePod('p', {
        spec: { nodeName: undefined, nodeSelector: { disk: 'ssd' } },
        status: {
          phase: 'Pending',
          containerStatuses: undefined,
          conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message }],
        },
      });
    assert.match(
      only(
        diagnosePod(make('0/2 nodes are available: 2 node(s) had untolerated taint {a: b}.'), [], NOW),
        'Unschedulable',
      ).hint,
      /toleration/,
    );
    assert.match(
      only(
        diagnosePod(
          make("0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector."),
          [],
          NOW,
        ),
        'Unschedulable',
      ).hint,
      /disk=ssd/,
    );
  });

  it('warns when no scheduler has looked at a pending pod for minutes', () => {
    const pod = makePod('p', {
      spec: { nodeName: undefined },
      status: { phase: 'Pending', conditions: [], containerStatuses: undefined },
    });
    assert.equal(only(diagnosePod(pod, [], NOW), 'NotScheduled').severity, 'warning');
  });

  it('reports failing readiness and liveness probes from Unhealthy events', () => {
    const pod = makePod('web-1', {
      status: { containerStatuses: [runningStatus('app', { ready: false, restartCount: 2 })] },
    });
    const events = [
      podEvent(pod, 'Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503'),
      podEvent(
        pod,
        'Unhealthy',
        'Liveness probe failed: Get "http://10.0.0.5:8080/healthz": connection refused',
      ),
    ];
    const findings = diagnosePod(pod, events, NOW);
    assert.equal(only(findings, 'LivenessProbeFailed').severity, 'critical');
    const readiness = only(findings, 'ReadinessProbeFailed');
    assert.match(readiness.message, /container "app" is failing \(3 times/);
    assert.deepEqual(readiness.evidence, ['Readiness probe failed: HTTP probe failed with statuscode: 503']);
    assert.ok(!reasons(findings).includes('ContainerNotReady'), 'probe events already explain the readiness');
  });

  it('says when a probe last failed as kubectl does, "102s ago" against the time of judging, not a timestamp', () => {
    const pod = makePod('web-1', {
      status: { containerStatuses: [runningStatus('app', { ready: false })] },
    });
    const lastSeen = new Date(NOW.getTime() - 102_000).toISOString();
    const events = [
      podEvent(pod, 'Unhealthy', 'Readiness probe failed: 503', { count: 33, lastTimestamp: lastSeen }),
    ];
    const readiness = only(diagnosePod(pod, events, NOW), 'ReadinessProbeFailed');
    assert.match(readiness.message, /is failing \(33 times, last 102s ago\)$/);
    assert.doesNotMatch(readiness.message, /\d{4}-\d\d-\d\dT/);
    // The core/v1 series and an events.k8s.io eventTime count too; an event without any time says so.
    const series = podEvent(pod, 'Unhealthy', 'Readiness probe failed: 503', {
      lastTimestamp: undefined,
      series: { count: 4, lastObservedTime: minutesAgo(5) },
    });
    assert.match(
      only(diagnosePod(pod, [series], NOW), 'ReadinessProbeFailed').message,
      /\(4 times, last 5m ago\)/,
    );
    const timeless = podEvent(pod, 'Unhealthy', 'Readiness probe failed: 503', {
      lastTimestamp: undefined,
      firstTimestamp: undefined,
    });
    assert.match(only(diagnosePod(pod, [timeless], NOW), 'ReadinessProbeFailed').message, /last unknown\)/);
  });

  it('reports a startup probe that has not passed yet as a warning with a hint about slow starts', () => {
    const pod = makePod('web-1');
    const events = [
      podEvent(pod, 'Unhealthy', 'Startup probe failed: Get "http://10.0.0.5:8080/ready": EOF'),
    ];
    const f = only(diagnosePod(pod, events, NOW), 'StartupProbeFailed');
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /Startup probe of container "app" is failing \(3 times/);
    assert.match(f.hint, /failureThreshold/);
  });

  it('ignores events of another pod with the same name (older uid)', () => {
    const pod = makePod('web-1');
    const stale = podEvent(pod, 'Unhealthy', 'Readiness probe failed: 503');
    stale.involvedObject.uid = 'uid-of-an-older-pod';
    assert.deepEqual(diagnosePod(pod, [stale], NOW), []);
  });

  it('reports a pod node-lifecycle marked not ready on a silent node, with its NodeNotReady event', () => {
    // As the real node-lifecycle controller leaves it (seen on the live plane, test/e2e/live.test.ts):
    // Ready=False without a reason, containers still "ready" from the kubelet's last report.
    const pod = makePod('web-1', {
      status: {
        conditions: [
          { type: 'Ready', status: 'False', lastTransitionTime: minutesAgo(1) },
          { type: 'ContainersReady', status: 'True' },
          { type: 'PodScheduled', status: 'True' },
        ],
      },
    });
    const f = only(
      diagnosePod(pod, [podEvent(pod, 'NodeNotReady', 'Node is not ready')], NOW),
      'OnNotReadyNode',
    );
    assert.equal(f.severity, 'critical');
    assert.match(f.message, /node node-1 is not ready/);
    assert.deepEqual(f.evidence.slice(1), ['event NodeNotReady: Node is not ready']);
    assert.deepEqual(diagnosePod(makePod('web-2'), [], NOW), [], 'a ready pod has no such finding');
  });

  it('reports Evicted pods with the kubelet message', () => {
    const pod = makePod('web-1', {
      status: {
        phase: 'Failed',
        reason: 'Evicted',
        message: 'The node was low on resource: memory.',
        containerStatuses: [],
      },
    });
    const f = only(diagnosePod(pod, [], NOW), 'Evicted');
    assert.match(f.message, /low on resource: memory/);
    assert.equal(podStatus(pod), 'Evicted');
  });

  it('reports a non-zero exit of a finished container', () => {
    const pod = makePod('job-1', {
      spec: { restartPolicy: 'Never' },
      status: {
        phase: 'Failed',
        containerStatuses: [
          {
            name: 'app',
            ready: false,
            restartCount: 0,
            state: { terminated: { exitCode: 3, reason: 'Error', finishedAt: minutesAgo(5) } },
          },
        ],
      },
    });
    const f = only(diagnosePod(pod, [], NOW), 'NonZeroExit');
    assert.equal(f.severity, 'critical');
    assert.match(f.message, /exit code 3/);
    assert.deepEqual(failingContainer(pod), { container: 'app', previous: false });
    assert.equal(lastTermination(pod)?.terminated.exitCode, 3);
  });

  it('reports a pod stuck terminating, naming its finalizers', () => {
    const pod = makePod('web-1', {
      metadata: { deletionTimestamp: minutesAgo(15), finalizers: ['example.com/cleanup'] },
    });
    const f = only(diagnosePod(pod, [], NOW), 'StuckTerminating');
    assert.match(f.message, /15m after its grace period/);
    assert.ok(f.evidence.includes('finalizers: example.com/cleanup'));
    assert.equal(podStatus(pod), 'Terminating');
  });

  it('does not call a pod inside its grace period stuck', () => {
    const pod = makePod('web-1', {
      metadata: { deletionTimestamp: new Date(NOW.getTime() + 20_000).toISOString() },
    });
    assert.ok(!reasons(diagnosePod(pod, [], NOW)).includes('StuckTerminating'));
  });

  it('reports a pod stuck in ContainerCreating with its FailedMount event', () => {
    const pod = waitingPod('ContainerCreating');
    const mount = podEvent(
      pod,
      'FailedMount',
      'MountVolume.SetUp failed for volume "config" : configmap "app-config" not found',
    );
    mount.involvedObject.fieldPath = undefined;
    const f = only(diagnosePod(pod, [mount], NOW), 'StuckContainerCreating');
    assert.equal(f.severity, 'critical');
    assert.match(f.evidence[0]!, /configmap "app-config" not found/);
    assert.match(
      f.message,
      /FailedMount: MountVolume.SetUp failed for volume "config" : configmap "app-config" not found/,
    );
    assert.match(f.hint, /ConfigMap or Secret the volume mounts does not exist/);
  });

  it('reports a sandbox failure the same way', () => {
    const pod = waitingPod('ContainerCreating');
    const sandbox = podEvent(
      pod,
      'FailedCreatePodSandBox',
      'Failed to create pod sandbox: plugin type="calico" failed',
    );
    assert.match(only(diagnosePod(pod, [sandbox], NOW), 'StuckContainerCreating').hint, /CNI/);
  });

  it('reports frequent restarts of a container that runs now', () => {
    const pod = makePod('web-1', {
      status: {
        containerStatuses: [
          runningStatus('app', {
            restartCount: 9,
            lastState: { terminated: { exitCode: 137, reason: 'Error', finishedAt: minutesAgo(4) } },
          }),
        ],
      },
    });
    const f = only(diagnosePod(pod, [], NOW), 'FrequentRestarts');
    assert.match(f.message, /restarted 9 times/);
    assert.match(f.hint, /SIGKILL/);
  });

  it('reports a running container that never became ready', () => {
    const pod = makePod('web-1', { status: { containerStatuses: [runningStatus('app', { ready: false })] } });
    assert.equal(only(diagnosePod(pod, [], NOW), 'ContainerNotReady').severity, 'warning');
  });

  it('prints init container progress and failures like kubectl', () => {
    const pod = makePod('web-1', {
      spec: { initContainers: [{ name: 'migrate' }, { name: 'seed' }] },
      status: {
        phase: 'Pending',
        initContainerStatuses: [
          {
            name: 'migrate',
            ready: false,
            restartCount: 4,
            state: { waiting: { reason: 'CrashLoopBackOff' } },
            lastState: { terminated: { exitCode: 2, reason: 'Error' } },
          },
          { name: 'seed', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } },
        ],
      },
    });
    assert.equal(podStatus(pod), 'Init:CrashLoopBackOff');
    assert.match(only(diagnosePod(pod, [], NOW), 'CrashLoopBackOff').message, /^Init container "migrate"/);
  });
});
