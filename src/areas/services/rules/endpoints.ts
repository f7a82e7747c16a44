// What a Service routes to: its endpoints from EndpointSlices (or legacy Endpoints), their counts, and the
// pods its selector matches. Plain objects in; no I/O.

import type { Endpoints, EndpointSlice, Event, Pod, Service } from '../../../kube/types.js';
import { sortFindings, type Finding } from '../../../diagnose/finding.js';
import { diagnosePod } from '../../pods/rules.js';

/** At most this many pods are named in one piece of evidence; the rest are counted. */
export const NAMED_PODS = 5;
/** Cloud load balancers usually take a minute or two; a younger pending one is only noted. */
export const LOAD_BALANCER_GRACE_SECONDS = 120;

export type EndpointSource = 'EndpointSlice' | 'Endpoints' | 'none';

/** One endpoint as kube-proxy sees it, whether it came from an EndpointSlice or a legacy Endpoints. */
export interface ServiceEndpoint {
  addresses: string[];
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  pod?: string;
  node?: string;
  zone?: string;
}

export interface EndpointPort {
  name?: string;
  port?: number;
  protocol?: string;
}

/** An EndpointSlice, or the one legacy Endpoints object of a Service that has no slices. */
export interface EndpointSet {
  kind: 'EndpointSlice' | 'Endpoints';
  name: string;
  addressType?: string;
  ports: EndpointPort[];
  endpoints: ServiceEndpoint[];
}

export interface EndpointCounts {
  source: EndpointSource;
  /** Distinct endpoints (a dual-stack pod listed in an IPv4 and an IPv6 slice counts once). */
  total: number;
  ready: number;
  /** Not ready and not terminating: the ones that should be serving. */
  notReady: number;
  terminating: number;
}

export interface ServiceInput {
  service: Service;
  endpointSets: EndpointSet[];
  /** Every pod of the Service's namespace: the selector is matched here, near misses are found here. */
  namespacePods: Pod[];
  /** Events about the Service (others are ignored). */
  serviceEvents: Event[];
  /** Events of pods by "namespace/name", as indexEventsByObject builds them. */
  podEvents: ReadonlyMap<string, Event[]>;
}

/** A pod the Service's selector matches, with its readiness and its own findings. */
export interface SelectedPod {
  pod: Pod;
  ready: boolean;
  inEndpoints: boolean;
  findings: Finding[];
}

export interface ServiceAnalysis {
  selected: SelectedPod[];
  counts: EndpointCounts;
  findings: Finding[];
}

/** Slices say nothing about readiness when `ready` is absent; the API says to read that as ready. */
function sliceEndpoint(e: NonNullable<EndpointSlice['endpoints']>[number]): ServiceEndpoint {
  const terminating = e.conditions?.terminating ?? false;
  const ready = e.conditions?.ready ?? !terminating;
  return {
    addresses: e.addresses,
    ready,
    serving: e.conditions?.serving ?? ready,
    terminating,
    pod: e.targetRef?.kind === 'Pod' ? e.targetRef.name : undefined,
    node: e.nodeName,
    zone: e.zone,
  };
}

function legacyEndpoints(endpoints: Endpoints): EndpointSet {
  const subsets = endpoints.subsets ?? [];
  const address = (a: { ip: string; nodeName?: string; targetRef?: { kind?: string; name?: string } }) => ({
    addresses: [a.ip],
    pod: a.targetRef?.kind === 'Pod' ? a.targetRef.name : undefined,
    node: a.nodeName,
  });
  const ports = new Map<string, EndpointPort>();
  for (const port of subsets.flatMap((s) => s.ports ?? []))
    ports.set(`${port.name ?? ''}/${port.port}/${port.protocol ?? ''}`, port);
  return {
    kind: 'Endpoints',
    name: endpoints.metadata?.name ?? '',
    ports: [...ports.values()],
    endpoints: subsets.flatMap((s) => [
      ...(s.addresses ?? []).map((a) => ({ ...address(a), ready: true, serving: true, terminating: false })),
      ...(s.notReadyAddresses ?? []).map((a) => ({
        ...address(a),
        ready: false,
        serving: false,
        terminating: false,
      })),
    ]),
  };
}

/**
 * The endpoints of a Service: its EndpointSlices, or only when it has none, its legacy Endpoints
 * (deprecated since 1.33, still written by hand for Services without a selector).
 */
export function endpointSetsOf(slices: EndpointSlice[], legacy: Endpoints | undefined): EndpointSet[] {
  if (slices.length > 0) {
    return [...slices]
      .sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''))
      .map((slice) => ({
        kind: 'EndpointSlice' as const,
        name: slice.metadata?.name ?? '',
        addressType: slice.addressType,
        ports: slice.ports ?? [],
        endpoints: (slice.endpoints ?? []).map(sliceEndpoint),
      }));
  }
  return legacy ? [legacyEndpoints(legacy)] : [];
}

function endpointKey(e: ServiceEndpoint): string {
  return e.pod !== undefined ? `pod/${e.pod}` : `ip/${e.addresses[0] ?? ''}`;
}

/** Distinct endpoints across the sets, the first listing of each winning. */
export function distinctEndpoints(sets: EndpointSet[]): ServiceEndpoint[] {
  const seen = new Map<string, ServiceEndpoint>();
  for (const e of sets.flatMap((s) => s.endpoints))
    if (!seen.has(endpointKey(e))) seen.set(endpointKey(e), e);
  return [...seen.values()];
}

export function countEndpoints(sets: EndpointSet[]): EndpointCounts {
  const all = distinctEndpoints(sets);
  return {
    source: sets[0]?.kind ?? 'none',
    total: all.length,
    ready: all.filter((e) => e.ready).length,
    notReady: all.filter((e) => !e.ready && !e.terminating).length,
    terminating: all.filter((e) => !e.ready && e.terminating).length,
  };
}

export function podIsReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** Whether an endpoint lists the pod, by its targetRef or its IP. */
function listedIn(pod: Pod, endpoints: ServiceEndpoint[]): boolean {
  const name = pod.metadata?.name;
  const ip = pod.status?.podIP;
  return endpoints.some((e) => e.pod === name || (ip !== undefined && e.addresses.includes(ip)));
}

export function matchesServiceSelector(selector: Record<string, string>, pod: Pod): boolean {
  const labels = pod.metadata?.labels ?? {};
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

export function hasSelector(service: Service): boolean {
  return Object.keys(service.spec?.selector ?? {}).length > 0;
}

function podKey(pod: Pod): string {
  return `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
}

export function selectPods(input: ServiceInput, endpoints: ServiceEndpoint[], now: Date): SelectedPod[] {
  const selector = input.service.spec?.selector ?? {};
  if (!hasSelector(input.service) || input.service.spec?.type === 'ExternalName') return [];
  return input.namespacePods
    .filter((pod) => matchesServiceSelector(selector, pod))
    .sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''))
    .map((pod) => ({
      pod,
      ready: podIsReady(pod),
      inEndpoints: listedIn(pod, endpoints),
      findings: sortFindings(diagnosePod(pod, input.podEvents.get(podKey(pod)) ?? [], now)),
    }));
}
