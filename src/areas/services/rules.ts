// Service rules: why a Service does not reach its pods, one file per concern under rules/ (endpoints, the
// selector and its near misses, findings). Plain objects in, findings out; no I/O.

export {
  LOAD_BALANCER_GRACE_SECONDS,
  endpointSetsOf,
  distinctEndpoints,
  countEndpoints,
  podIsReady,
  matchesServiceSelector,
} from './rules/endpoints.js';
export type {
  EndpointSource,
  ServiceEndpoint,
  EndpointPort,
  EndpointSet,
  EndpointCounts,
  ServiceInput,
  SelectedPod,
  ServiceAnalysis,
} from './rules/endpoints.js';
export { similarLabelValue, selectorNearMisses } from './rules/selector.js';
export type { LabelMismatch, NearMiss } from './rules/selector.js';
export { analyzeService } from './rules/findings.js';
