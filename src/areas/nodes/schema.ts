// The nodes area's result contracts: what its queries return, shared by the queries and both renderers.

import { z } from 'zod';
import { podHeadline } from '../pods/schema.js';
import { condition, event, finding, severityCounts, observedSource } from '../../queries/schemas.js';

export const amount = z.object({
  capacity: z.number(),
  allocatable: z.number(),
  requests: z.number().describe('Sum of the requests of non-terminated pods on the node'),
  limits: z.number().describe('Sum of the limits of non-terminated pods (containers without a limit add 0)'),
  usage: z.number().optional().describe('Measured by metrics.k8s.io; absent when not served'),
  requestsPercent: z.number().optional().describe('requests / allocatable, in %'),
  limitsPercent: z.number().optional(),
  usagePercent: z.number().optional(),
});

export const nodeResources = z.object({
  cpu: amount.describe('CPU in millicores'),
  memory: amount.describe('Memory in bytes'),
  pods: z.object({
    count: z.number().describe('Non-terminated pods on the node'),
    allocatable: z.number(),
    capacity: z.number(),
    percent: z.number().optional(),
  }),
});

export const taint = z.object({
  key: z.string(),
  value: z.string().optional(),
  effect: z.string(),
  timeAdded: z.string().optional(),
});

export const readiness = z.enum(['Ready', 'NotReady', 'Unknown']);

export const nodeSummary = z.object({
  name: z.string(),
  status: z.string().describe('Ready / NotReady / Unknown, with ",SchedulingDisabled" when cordoned'),
  ready: readiness,
  unschedulable: z.boolean(),
  roles: z.array(z.string()),
  pressure: z
    .array(z.string())
    .describe('Conditions that are True: MemoryPressure, DiskPressure, PIDPressure, NetworkUnavailable'),
  resources: nodeResources,
  taints: z.array(taint),
  createdAt: z.string().optional(),
  kubeletVersion: z.string().optional(),
  internalIP: z.string().optional(),
  warningEvents: z.number().describe('Warning events about the node still held by the API server'),
  findings: z.array(finding),
});

export type NodeSummary = z.output<typeof nodeSummary>;

export const metricsState = z
  .object({ available: z.boolean(), note: z.string().optional() })
  .describe('Whether metrics.k8s.io served usage; when not, everything else is still complete');

export const podScope = z
  .object({
    allNamespaces: z.boolean(),
    namespaces: z.array(z.string()).optional(),
    note: z.string().optional(),
  })
  .describe('Which pods were seen (and so counted in requests, limits and pod counts)');

export type PodScope = z.output<typeof podScope>;

export const resourcePair = z.object({
  cpu: z.number().describe('millicores'),
  memory: z.number().describe('bytes'),
});

export const podOnNode = podHeadline.extend({
  createdAt: z.string().optional(),
  terminated: z.boolean().describe('Succeeded or Failed: holds no resources any more'),
  requests: resourcePair,
  limits: resourcePair,
  findings: z.array(finding),
});

export type PodOnNode = z.output<typeof podOnNode>;

export const nodeCondition = condition.extend({ lastHeartbeatTime: z.string().optional() });

export const reportOutput = {
  source: observedSource,
  selector: z.string().optional(),
  metrics: metricsState,
  podScope,
  totalNodes: z.number(),
  nodesWithFindings: z.number(),
  counts: severityCounts.describe('Findings by severity'),
  nodes: z.array(nodeSummary),
};

export type NodeReport = z.output<z.ZodObject<typeof reportOutput>>;

export const nodeDetail = nodeSummary.extend({
  addresses: z.array(z.object({ type: z.string(), address: z.string() })),
  labels: z.record(z.string(), z.string()),
  capacity: z.record(z.string(), z.string()),
  allocatable: z.record(z.string(), z.string()),
  os: z.string().optional(),
  kernel: z.string().optional(),
  containerRuntime: z.string().optional(),
  architecture: z.string().optional(),
  lastHeartbeatTime: z.string().optional(),
});

export const describeOutput = {
  source: observedSource,
  metrics: metricsState,
  podScope,
  node: nodeDetail,
  conditions: z.array(nodeCondition),
  pods: z.array(podOnNode),
  podsWithFindings: z.number(),
  events: z.array(event),
  findings: z.array(finding).describe('Findings about the node; findings about its pods are under pods'),
};

export type NodeDescription = z.output<z.ZodObject<typeof describeOutput>>;

export const conditionsOutput = {
  source: observedSource,
  node: z.string(),
  status: z.string(),
  ready: readiness,
  unschedulable: z.boolean(),
  lastHeartbeatTime: z.string().optional(),
  secondsSinceHeartbeat: z.number().optional(),
  conditions: z.array(nodeCondition),
  taints: z.array(taint),
  findings: z.array(finding),
};

export type NodeConditionsResult = z.output<z.ZodObject<typeof conditionsOutput>>;

export const nodeMetricsEntry = z.object({
  name: z.string(),
  status: z.string(),
  resources: nodeResources,
  usageTimestamp: z.string().optional(),
  usageWindow: z.string().optional(),
  findings: z.array(finding).describe('HighUsage, HighRequestRatio, Overcommitted, TooManyPods'),
});

export const metricsOutput = {
  source: observedSource,
  metrics: metricsState,
  podScope,
  nodes: z.array(nodeMetricsEntry),
};

export type NodeMetricsResult = z.output<z.ZodObject<typeof metricsOutput>>;

export const podsOnNodeOutput = {
  source: observedSource,
  node: z.string(),
  namespace: z.string().optional(),
  podScope,
  totalPods: z.number(),
  podsWithFindings: z.number(),
  counts: severityCounts,
  requests: resourcePair.describe('Sum over the non-terminated pods listed'),
  limits: resourcePair,
  pods: z.array(podOnNode),
};

export type PodsOnNodeResult = z.output<z.ZodObject<typeof podsOnNodeOutput>>;
