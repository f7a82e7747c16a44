// Workload rules (pure), one file per concern under rules/: why a controller cannot create pods, rollouts
// that do not progress, replicas that are not available, failed Jobs, CronJobs, autoscalers, disruption
// budgets and quotas near their limit. The facts come from the objects' conditions and status, their
// Warning events and the pods' own findings, which the query joins.

export * from './rules/create.js';
export * from './rules/pods.js';
export * from './rules/controllers.js';
export * from './rules/jobs.js';
export * from './rules/quotas.js';
export * from './rules/autoscaling.js';
export * from './rules/cronjobs.js';
export * from './rules/sets.js';
