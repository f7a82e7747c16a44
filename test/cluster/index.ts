/**
 * The real control plane for kubectl-diag's tests: kube-apiserver + etcd on 127.0.0.1 with RBAC,
 * service-account tokens, the aggregation layer and an audit log, plus stand-ins for a kubelet
 * (pod logs) and metrics-server (metrics.k8s.io), reached through the apiserver.
 *
 *   const cp = await startControlPlane();          // builds the binaries on first use
 *   const ns = await cp.seed.namespace();
 *   await cp.seed.node('node-1');
 *   await cp.seed.pod(ns, 'web', { node: 'node-1', status: podStatus({ containerStatuses: [containerStatus.oomKilled('app')] }) });
 *   await cp.kubectl(['get', 'pods', '-n', ns], { kubeconfig: cp.viewerKubeconfig });
 *   await cp.stop();
 */
export {
  startControlPlane,
  connectControlPlane,
  isRunning,
  stopRecordedProcesses,
  clearState,
} from './controlplane.js';
export type { ControlPlane, KubectlResult, KubeconfigOptions, StartOptions } from './controlplane.js';
export { Seeder } from './seed.js';
export { LiveScenario, WaitTimeout } from './live.js';
export type { LiveNodeOptions, LiveWorkloadOptions, Taint } from './live.js';
export type { LogLineInput, MetricsApiMode, ResourceUsage } from './seed.js';
export * from './builders.js';
export type { AuditEvent, AuditFilter } from './audit.js';
export { KubeApi, KubeApiError, isStatus } from './kubeapi.js';
export type { KubeObject, ObjectRef } from './resources.js';
export { ensureBinaries, ensureComponentBinaries, findGo } from './binaries.js';
export type { Binaries, ComponentBinaries } from './binaries.js';
export { viewerServiceAccount, viewerNamespace, viewerUsername, metricsApiServiceName } from './platform.js';
export { adminUser as adminUsername } from './pki.js';
export {
  defaultLiveStateDir,
  defaultStateDir,
  e2eLiveStateDir,
  e2eStateDir,
  e2eThrottledStateDir,
} from './paths.js';
export { controllers, heartbeat, kwokNodeLabel } from './components.js';
export type { NodeMetrics, PodMetrics } from './standins/metrics.js';
