// The services area's result contracts: what its queries return, shared by the queries and both renderers.

import { z } from 'zod';
import { event, finding, listScope, observedSource, severityCounts } from '../../queries/schemas.js';

export const servicePort = z.object({
  name: z.string().optional(),
  port: z.number(),
  targetPort: z.union([z.number(), z.string()]).describe('Container port number or name traffic goes to'),
  protocol: z.string(),
  nodePort: z.number().optional(),
});

export const endpointCounts = z.object({
  source: z.enum(['EndpointSlice', 'Endpoints', 'none']).describe('Where the endpoints were read'),
  total: z.number(),
  ready: z.number(),
  notReady: z.number().describe('Not ready and not terminating'),
  terminating: z.number(),
});

export const serviceSummary = z.object({
  namespace: z.string(),
  name: z.string(),
  type: z.string(),
  clusterIP: z.string().optional(),
  externalName: z.string().optional(),
  selector: z.string().describe('Equality selector "k=v,…"; empty when the Service has none'),
  ports: z.array(servicePort),
  endpoints: endpointCounts,
  pods: z.object({
    matching: z.number().describe('Pods the selector matches'),
    ready: z.number(),
  }),
  loadBalancerIngress: z.array(z.string()),
  createdAt: z.string().optional(),
  findings: z.array(finding),
});

export type ServiceSummary = z.output<typeof serviceSummary>;

export const endpointDetail = z.object({
  addresses: z.array(z.string()),
  ready: z.boolean(),
  serving: z.boolean(),
  terminating: z.boolean(),
  pod: z.string().optional(),
  node: z.string().optional(),
  zone: z.string().optional(),
});

export const endpointSet = z.object({
  kind: z.enum(['EndpointSlice', 'Endpoints']),
  name: z.string(),
  addressType: z.string().optional(),
  ports: z.array(
    z.object({ name: z.string().optional(), port: z.number().optional(), protocol: z.string().optional() }),
  ),
  endpoints: z.array(endpointDetail),
});

export type EndpointSetResult = z.output<typeof endpointSet>;

export const selectedPod = z.object({
  name: z.string(),
  status: z.string(),
  ready: z.boolean(),
  inEndpoints: z.boolean().describe('Listed by an endpoint of the Service'),
  ip: z.string().optional(),
  node: z.string().optional(),
  findings: z.array(finding).describe("The pod's own findings"),
});

export const reportOutput = {
  source: observedSource,
  scope: listScope,
  totalServices: z.number(),
  servicesWithFindings: z.number(),
  counts: severityCounts.describe('Findings by severity'),
  services: z.array(serviceSummary),
};

export type ServiceReport = z.output<z.ZodObject<typeof reportOutput>>;

export const detailOutput = {
  source: observedSource,
  service: serviceSummary,
  endpointSets: z.array(endpointSet),
  pods: z.array(selectedPod),
  events: z.array(event),
};

export type ServiceDetail = z.output<z.ZodObject<typeof detailOutput>>;

export const endpointsOutput = {
  source: observedSource,
  namespace: z.string(),
  service: z.string(),
  type: z.string(),
  selector: z.string(),
  endpoints: endpointCounts,
  endpointSets: z.array(endpointSet),
  findings: z.array(finding),
};

export type ServiceEndpointsResult = z.output<z.ZodObject<typeof endpointsOutput>>;
