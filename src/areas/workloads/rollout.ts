// Where a rollout stands, in `kubectl rollout status` words: the status viewers of
// k8s.io/kubectl/pkg/polymorphichelpers/rollout_status.go (v0.36.3), ported line for line so a person who
// knows kubectl reads the same sentence. Pure.

import type { DaemonSet, Deployment, StatefulSet } from './types.js';

export interface RolloutState {
  done: boolean;
  /** kubectl's sentence, without its trailing newline. */
  message: string;
  /** kubectl ends with an error here (a progress deadline exceeded, a strategy without rollouts). */
  failed: boolean;
}

const waiting = (message: string): RolloutState => ({ done: false, message, failed: false });
const notRollingUpdate = (): RolloutState => ({
  done: true,
  failed: true,
  message: 'rollout status is only available for RollingUpdate strategy type',
});

export function deploymentRollout(d: Deployment): RolloutState {
  const name = d.metadata?.name ?? '';
  const status = d.status ?? {};
  if ((d.metadata?.generation ?? 0) > (status.observedGeneration ?? 0))
    return waiting('Waiting for deployment spec update to be observed...');
  const progressing = status.conditions?.find((c) => c.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded')
    return { done: false, failed: true, message: `deployment "${name}" exceeded its progress deadline` };
  const replicas = d.spec?.replicas ?? 1;
  const updated = status.updatedReplicas ?? 0;
  if (updated < replicas)
    return waiting(
      `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${replicas} new replicas have been updated...`,
    );
  if ((status.replicas ?? 0) > updated)
    return waiting(
      `Waiting for deployment "${name}" rollout to finish: ${(status.replicas ?? 0) - updated} old replicas are pending termination...`,
    );
  if ((status.availableReplicas ?? 0) < updated)
    return waiting(
      `Waiting for deployment "${name}" rollout to finish: ${status.availableReplicas ?? 0} of ${updated} updated replicas are available...`,
    );
  return { done: true, failed: false, message: `deployment "${name}" successfully rolled out` };
}

export function daemonSetRollout(ds: DaemonSet): RolloutState {
  const name = ds.metadata?.name ?? '';
  if ((ds.spec?.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return notRollingUpdate();
  const s = ds.status ?? {};
  if ((ds.metadata?.generation ?? 0) > (s.observedGeneration ?? 0))
    return waiting('Waiting for daemon set spec update to be observed...');
  const desired = s.desiredNumberScheduled ?? 0;
  if ((s.updatedNumberScheduled ?? 0) < desired)
    return waiting(
      `Waiting for daemon set "${name}" rollout to finish: ${s.updatedNumberScheduled ?? 0} out of ${desired} new pods have been updated...`,
    );
  if ((s.numberAvailable ?? 0) < desired)
    return waiting(
      `Waiting for daemon set "${name}" rollout to finish: ${s.numberAvailable ?? 0} of ${desired} updated pods are available...`,
    );
  return { done: true, failed: false, message: `daemon set "${name}" successfully rolled out` };
}

export function statefulSetRollout(sts: StatefulSet): RolloutState {
  if ((sts.spec?.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return notRollingUpdate();
  const s = sts.status ?? {};
  const observed = s.observedGeneration ?? 0;
  if (observed === 0 || (sts.metadata?.generation ?? 0) > observed)
    return waiting('Waiting for statefulset spec update to be observed...');
  const replicas = sts.spec?.replicas ?? 1;
  if ((s.readyReplicas ?? 0) < replicas)
    return waiting(`Waiting for ${replicas - (s.readyReplicas ?? 0)} pods to be ready...`);
  const rolling = sts.spec?.updateStrategy?.rollingUpdate;
  if (rolling) {
    if (rolling.partition !== undefined && (s.updatedReplicas ?? 0) < replicas - rolling.partition)
      return waiting(
        `Waiting for partitioned roll out to finish: ${s.updatedReplicas ?? 0} out of ${replicas - rolling.partition} new pods have been updated...`,
      );
    return {
      done: true,
      failed: false,
      message: `partitioned roll out complete: ${s.updatedReplicas ?? 0} new pods have been updated...`,
    };
  }
  if (s.updateRevision !== s.currentRevision)
    return waiting(
      `waiting for statefulset rolling update to complete ${s.updatedReplicas ?? 0} pods at revision ${s.updateRevision}...`,
    );
  return {
    done: true,
    failed: false,
    message: `statefulset rolling update complete ${s.currentReplicas ?? 0} pods at revision ${s.currentRevision}...`,
  };
}
