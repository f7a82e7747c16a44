// The pods area's result contracts: what its queries return, shared by the queries and both renderers.

import { z } from 'zod';
import {
  condition,
  event,
  finding,
  listScope,
  severity,
  severityCounts,
  observedSource,
} from '../../queries/schemas.js';

export const podSummary = z.object({
  namespace: z.string(),
  name: z.string(),
  status: z.string().describe('The real reason: CrashLoopBackOff, OOMKilled, Pending: Unschedulable, …'),
  ready: z.string().describe('ready/total containers'),
  restarts: z.number(),
  createdAt: z.string().optional(),
  node: z.string().optional(),
  ip: z.string().optional(),
  lastExit: z.string().optional().describe('Most recent container termination'),
  findings: z.array(finding),
});

export type PodSummary = z.output<typeof podSummary>;

export const containerState = z.object({
  state: z.enum(['waiting', 'running', 'terminated', 'unknown']),
  reason: z.string().optional(),
  message: z.string().optional(),
  exitCode: z.number().optional(),
  signal: z.number().optional(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
});

export const containerDetail = z.object({
  name: z.string(),
  kind: z.enum(['init', 'app']),
  image: z.string().optional(),
  ready: z.boolean(),
  restartCount: z.number(),
  state: containerState,
  lastState: containerState.optional(),
  requests: z.record(z.string(), z.string()),
  limits: z.record(z.string(), z.string()),
  probes: z
    .array(z.string())
    .describe('liveness http-get :8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3'),
  ports: z.array(z.string()),
  mounts: z.array(z.string()).describe('/data from data (ro)'),
});

/** Who a pod is and how it is doing: how a pod's description and a pod on a node both begin. */
export const podHeadline = z.object({
  namespace: z.string(),
  name: z.string(),
  status: z.string(),
  phase: z.string(),
  ready: z.string(),
  restarts: z.number(),
});

export const podDetail = podHeadline.extend({
  node: z.string().optional(),
  ip: z.string().optional(),
  qosClass: z.string().optional(),
  createdAt: z.string().optional(),
  startTime: z.string().optional(),
  deletionTimestamp: z.string().optional(),
  labels: z.record(z.string(), z.string()),
  owners: z.array(z.string()),
  hostIP: z.string().optional(),
  serviceAccount: z.string().optional(),
  priority: z.number().optional(),
  priorityClass: z.string().optional(),
  nodeSelector: z.record(z.string(), z.string()),
  tolerations: z.array(z.string()),
  volumes: z.array(z.object({ name: z.string(), type: z.string(), source: z.string() })),
});

export const logResult = z.object({
  container: z.string(),
  previous: z.boolean(),
  tailLines: z.number(),
  text: z.string().optional(),
  truncated: z.boolean().optional(),
  error: z.string().optional(),
});

export const reportOutput = {
  source: observedSource,
  scope: listScope,
  totalPods: z.number(),
  podsWithFindings: z.number(),
  counts: severityCounts.describe('Findings by severity'),
  byReason: z
    .array(
      z.object({
        reason: z.string(),
        severity,
        pods: z.array(z.string()).describe('namespace/name of every pod with this finding'),
        example: z.string().describe('The finding on the first of them: message and hint'),
      }),
    )
    .describe('Every finding reason with the pods that have it, most severe first'),
  pods: z.array(podSummary),
  /** Only when the namespace has no pod: controllers there that cannot create them (FailedCreate). */
  noPodsBecause: z.array(finding).optional(),
};

export type PodReport = z.output<z.ZodObject<typeof reportOutput>>;

export const statusOutput = {
  source: observedSource,
  pod: podDetail,
  conditions: z.array(condition),
  containers: z.array(containerDetail),
  findings: z.array(finding),
};

export type PodStatusResult = z.output<z.ZodObject<typeof statusOutput>>;

export const eventsOutput = {
  source: observedSource,
  namespace: z.string(),
  pod: z.string(),
  events: z.array(event),
};

export type PodEventsResult = z.output<z.ZodObject<typeof eventsOutput>>;

export const logsOutput = {
  source: observedSource,
  namespace: z.string(),
  pod: z.string(),
  container: z.string(),
  previous: z.boolean(),
  tailLines: z.number(),
  sinceSeconds: z.number().optional(),
  lines: z.number(),
  truncated: z.boolean(),
  text: z.string(),
};

export type PodLogResult = z.output<z.ZodObject<typeof logsOutput>>;

export const describeOutput = {
  ...statusOutput,
  controlledBy: z.array(z.string()).describe('Owner chain: ReplicaSet/web-7d9c5, then Deployment/web'),
  events: z.array(event),
  log: logResult.optional(),
};

export type PodDescription = z.output<z.ZodObject<typeof describeOutput>>;
