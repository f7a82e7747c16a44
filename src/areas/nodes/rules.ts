// Node rules, one file per concern under rules/ (facts about a node, pods and their resources, taints,
// findings). Plain objects in, findings out; no I/O.

export {
  HIGH_REQUEST_RATIO,
  HIGH_USAGE_RATIO,
  TOO_MANY_PODS_RATIO,
  OVERCOMMIT_MEMORY_LIMITS_RATIO,
  OVERCOMMIT_CPU_LIMITS_RATIO,
  KUBELET_SKEW_WARNING_MINORS,
  BLOCKED_PODS_SHOWN,
  nodeCondition,
  nodeReadiness,
  nodeStatus,
  nodeRoles,
  PRESSURE_CONDITIONS,
  pressureConditions,
  internalIP,
  lastHeartbeat,
  parseKubeletVersion,
  newestKubelet,
} from './rules/facts.js';
export type {
  Readiness,
  ResourceAmounts,
  PodResources,
  NodeAllocation,
  NodeUsage,
  KubeletVersion,
  NodeContext,
  PressureCondition,
} from './rules/facts.js';
export {
  isTerminated,
  isUnscheduled,
  podResources,
  nodeAllocation,
  ratio,
  percent,
} from './rules/resources.js';
export {
  toleratesTaint,
  podToleratesTaint,
  isHardTaint,
  isReportedElsewhere,
  taintText,
  podCanSelectNode,
} from './rules/taints.js';
export {
  conditionFindings,
  capacityFindings,
  taintFindings,
  skewFindings,
  diagnoseNode,
  indexNodeEvents,
} from './rules/findings.js';
export { keptByCondition, keptByCordon, keptByTaint, schedulerMessage } from './rules/kept.js';
