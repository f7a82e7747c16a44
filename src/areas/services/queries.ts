// The services area: why a Service does not reach its pods. Every query reads a constant number of
// collections (services, EndpointSlices, pods, Service events, pod events; legacy Endpoints only when
// some Service has no slice), never one request per Service.

import { z } from 'zod';
import { NotFound } from '../../cluster/errors.js';
import type { ClusterReader } from '../../cluster/source.js';
import { eventsAbout, indexEventsByObject } from '../../diagnose/events.js';
import { countBySeverity } from '../../diagnose/finding.js';
import { podStatus } from '../pods/rules.js';
import { analyzeService, endpointSetsOf, type EndpointSet, type ServiceAnalysis } from './rules.js';
import { selectorFromMap } from '../../kube/labels.js';
import type { Endpoints, EndpointSlice, Event, Pod, Service } from '../../kube/types.js';
import { serviceDetailText, serviceEndpointsText, serviceReportText } from './text.js';
import { assertNamespaceExists, eventResult, sourceOf } from '../../queries/common.js';
import * as input from '../../queries/inputs.js';
import { defineQuery } from '../../queries/query.js';
import type { selectedPod } from './schema.js';
import { type ServiceSummary, reportOutput, detailOutput, endpointsOutput } from './schema.js';

/** The label the EndpointSlice controller puts on every slice of a Service. */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

// ---------------------------------------------------------------- reading

/** What the rules need, read in a constant number of lists. */
interface ServiceData {
  services: Service[];
  slices: EndpointSlice[];
  legacy: Endpoints[];
  pods: Pod[];
  serviceEvents: Event[];
  podEvents: Event[];
}

function nsName(namespace: string | undefined, name: string | undefined): string {
  return `${namespace ?? ''}/${name ?? ''}`;
}

function lacksSlices(services: Service[], slices: EndpointSlice[]): boolean {
  const owners = new Set(
    slices.map((s) => nsName(s.metadata?.namespace, s.metadata?.labels?.[SERVICE_NAME_LABEL])),
  );
  return services.some(
    (svc) =>
      svc.spec?.type !== 'ExternalName' && !owners.has(nsName(svc.metadata?.namespace, svc.metadata?.name)),
  );
}

/** Services of a namespace (or all allowed ones) and everything behind them: five lists, plus Endpoints only if needed. */
async function readNamespace(
  cluster: ClusterReader,
  namespace: string | undefined,
  selector: string | undefined,
): Promise<ServiceData> {
  const [services, slices, pods, serviceEvents, podEvents] = await Promise.all([
    cluster.list<Service>('services', { namespace, labelSelector: selector }),
    cluster.list<EndpointSlice>('endpointslices', { namespace, labelSelector: SERVICE_NAME_LABEL }),
    cluster.list<Pod>('pods', { namespace }),
    cluster.list<Event>('events', { namespace, fieldSelector: 'involvedObject.kind=Service' }),
    cluster.list<Event>('events', { namespace, fieldSelector: 'involvedObject.kind=Pod' }),
  ]);
  // Core Endpoints is deprecated (1.33): read it once, and only when some Service has no EndpointSlice.
  const legacy = lacksSlices(services, slices)
    ? await cluster.list<Endpoints>('endpoints', { namespace })
    : [];
  return { services, slices, legacy, pods, serviceEvents, podEvents };
}

async function optionalEndpoints(
  cluster: ClusterReader,
  namespace: string,
  name: string,
): Promise<Endpoints | undefined> {
  try {
    return await cluster.get<Endpoints>('endpoints', name, namespace);
  } catch (error) {
    if (error instanceof NotFound) return undefined;
    throw error;
  }
}

/** One Service and what is behind it: one get, four lists, plus its Endpoints only if it has no slice. */
async function readOneService(cluster: ClusterReader, namespace: string, name: string): Promise<ServiceData> {
  const service = await cluster.get<Service>('services', name, namespace);
  const [slices, pods, serviceEvents, podEvents] = await Promise.all([
    cluster.list<EndpointSlice>('endpointslices', {
      namespace,
      labelSelector: `${SERVICE_NAME_LABEL}=${name}`,
    }),
    cluster.list<Pod>('pods', { namespace }),
    cluster.list<Event>('events', {
      namespace,
      fieldSelector: `involvedObject.kind=Service,involvedObject.name=${name}`,
    }),
    cluster.list<Event>('events', { namespace, fieldSelector: 'involvedObject.kind=Pod' }),
  ]);
  const legacy = lacksSlices([service], slices)
    ? await optionalEndpoints(cluster, namespace, name)
    : undefined;
  return { services: [service], slices, legacy: legacy ? [legacy] : [], pods, serviceEvents, podEvents };
}

// ---------------------------------------------------------------- joining

interface Analyzed {
  service: Service;
  sets: EndpointSet[];
  analysis: ServiceAnalysis;
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** Joins the lists in memory (O(objects)) and runs the rules on each Service. */
function analyzeAll(data: ServiceData, now: Date): Analyzed[] {
  const slicesOf = groupBy(data.slices, (s) =>
    nsName(s.metadata?.namespace, s.metadata?.labels?.[SERVICE_NAME_LABEL]),
  );
  const legacyOf = new Map(data.legacy.map((e) => [nsName(e.metadata?.namespace, e.metadata?.name), e]));
  const podsOf = groupBy(data.pods, (p) => p.metadata?.namespace ?? '');
  const serviceEvents = indexEventsByObject(data.serviceEvents);
  const podEvents = indexEventsByObject(data.podEvents);
  return data.services
    .map((service) => {
      const key = nsName(service.metadata?.namespace, service.metadata?.name);
      const sets = endpointSetsOf(slicesOf.get(key) ?? [], legacyOf.get(key));
      const analysis = analyzeService(
        {
          service,
          endpointSets: sets,
          namespacePods: podsOf.get(service.metadata?.namespace ?? '') ?? [],
          serviceEvents: serviceEvents.get(key) ?? [],
          podEvents,
        },
        now,
      );
      return { service, sets, analysis };
    })
    .sort(
      (a, b) =>
        (a.service.metadata?.namespace ?? '').localeCompare(b.service.metadata?.namespace ?? '') ||
        (a.service.metadata?.name ?? '').localeCompare(b.service.metadata?.name ?? ''),
    );
}

function summarize({ service, analysis }: Analyzed): ServiceSummary {
  const spec = service.spec ?? {};
  return {
    namespace: service.metadata?.namespace ?? '',
    name: service.metadata?.name ?? '',
    type: spec.type ?? 'ClusterIP',
    clusterIP: spec.clusterIP,
    externalName: spec.externalName,
    selector: selectorFromMap(spec.selector),
    ports: (spec.ports ?? []).map((p) => ({
      name: p.name,
      port: p.port,
      targetPort: p.targetPort ?? p.port,
      protocol: p.protocol ?? 'TCP',
      nodePort: p.nodePort,
    })),
    endpoints: analysis.counts,
    pods: { matching: analysis.selected.length, ready: analysis.selected.filter((s) => s.ready).length },
    loadBalancerIngress: (service.status?.loadBalancer?.ingress ?? []).flatMap(
      (i) => i.ip ?? i.hostname ?? [],
    ),
    createdAt: service.metadata?.creationTimestamp,
    findings: analysis.findings,
  };
}

function selectedPods(analysis: ServiceAnalysis): z.output<typeof selectedPod>[] {
  return analysis.selected.map((s) => ({
    name: s.pod.metadata?.name ?? '',
    status: podStatus(s.pod),
    ready: s.ready,
    inEndpoints: s.inEndpoints,
    ip: s.pod.status?.podIP,
    node: s.pod.spec?.nodeName,
    findings: s.findings,
  }));
}

async function oneService(cluster: ClusterReader, namespace: string | undefined, name: string) {
  const data = await readOneService(cluster, namespace ?? cluster.defaultNamespace, name);
  const [analyzed] = analyzeAll(data, cluster.now());
  return { analyzed: analyzed!, data };
}

// ---------------------------------------------------------------- queries

const serviceInput = {
  namespace: input.namespace.optional(),
  service: input.objectName('service'),
};

export const diagnoseServices = defineQuery({
  name: 'diagnose_services',
  title: 'Diagnose services',
  description:
    'Why Services do not reach their pods: selectors matching nothing (and near misses), no ready endpoints, wrong targetPorts, pending load balancers. Healthy ones counted unless includeHealthy.',
  input: {
    namespace: input.namespace.optional(),
    allNamespaces: input.allNamespaces.optional(),
    selector: input.labelSelector.optional().describe('Label selector on the Services’ own labels.'),
    includeHealthy: z.boolean().optional(),
  },
  output: reportOutput,
  async run({ cluster }, args) {
    const namespace = args.allNamespaces ? undefined : (args.namespace ?? cluster.defaultNamespace);
    const data = await readNamespace(cluster, namespace, args.selector);
    if (data.services.length === 0 && namespace !== undefined)
      await assertNamespaceExists(cluster, namespace);
    const summaries = analyzeAll(data, cluster.now()).map(summarize);
    const withFindings = summaries.filter((s) => s.findings.length > 0);
    return {
      source: sourceOf(cluster),
      scope: { namespace, allNamespaces: namespace === undefined, selector: args.selector },
      totalServices: summaries.length,
      servicesWithFindings: withFindings.length,
      counts: countBySeverity(summaries.flatMap((s) => s.findings)),
      services: args.includeHealthy ? summaries : withFindings,
    };
  },
  text: serviceReportText,
});

export const getService = defineQuery({
  name: 'get_service',
  title: 'Get service',
  description:
    'One Service in depth: ports, endpoints, the pods it selects with their findings, events, and why it reaches them or not.',
  input: serviceInput,
  output: detailOutput,
  async run({ cluster }, args) {
    const { analyzed, data } = await oneService(cluster, args.namespace, args.service);
    return {
      source: sourceOf(cluster),
      service: summarize(analyzed),
      endpointSets: analyzed.sets,
      pods: selectedPods(analyzed.analysis),
      events: eventsAbout(analyzed.service, 'Service', data.serviceEvents).slice(0, 20).map(eventResult),
    };
  },
  text: serviceDetailText,
});

export const getEndpoints = defineQuery({
  name: 'get_endpoints',
  title: 'Get service endpoints',
  description:
    "A Service's endpoints (EndpointSlices, else Endpoints): each address with its pod, node and readiness; findings.",
  input: serviceInput,
  output: endpointsOutput,
  async run({ cluster }, args) {
    const { analyzed } = await oneService(cluster, args.namespace, args.service);
    const summary = summarize(analyzed);
    return {
      source: sourceOf(cluster),
      namespace: summary.namespace,
      service: summary.name,
      type: summary.type,
      selector: summary.selector,
      endpoints: summary.endpoints,
      endpointSets: analyzed.sets,
      findings: summary.findings,
    };
  },
  text: serviceEndpointsText,
});

// list_pods_by_selector (the pods area) answers "which pods does this selector match"; it is not repeated here.
export const serviceQueries = [diagnoseServices, getService, getEndpoints] as const;
