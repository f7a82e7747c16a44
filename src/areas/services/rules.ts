// Service rules: why a Service does not reach its pods. Plain objects in (the Service, its EndpointSlices
// or legacy Endpoints, the pods of its namespace, events), findings out. No I/O; `now` is passed in.
// Pod problems are not re-judged here: the pods' own findings come from diagnosePod and are linked.

import { selectorFromMap } from '../../kube/labels.js';
import { humanDuration, secondsBetween } from '../../kube/time.js';
import type { Endpoints, EndpointSlice, Event, Pod, Service, ServicePort } from '../../kube/types.js';
import { eventsAbout, occurrences } from '../../diagnose/events.js';
import { sortFindings, type Finding, type ObjectRef } from '../../diagnose/finding.js';
import { finding } from './reasons.js';
import { diagnosePod, podStatus } from '../pods/rules.js';

/** At most this many pods are named in one piece of evidence; the rest are counted. */
const NAMED_PODS = 5;
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

// ---------------------------------------------------------------- endpoints

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

// ---------------------------------------------------------------- pods

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

function hasSelector(service: Service): boolean {
  return Object.keys(service.spec?.selector ?? {}).length > 0;
}

function podKey(pod: Pod): string {
  return `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
}

function selectPods(input: ServiceInput, endpoints: ServiceEndpoint[], now: Date): SelectedPod[] {
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

// ---------------------------------------------------------------- near misses

export interface LabelMismatch {
  key: string;
  wanted: string;
  /** The pod's value for the key; absent when the pod lacks the key. */
  actual?: string;
  /** Another key under which the pod carries the wanted value (`app.kubernetes.io/name=web` for `app=web`). */
  otherKey?: string;
  /** A near spelling, a version suffix, or the right value under another key. */
  similar: boolean;
}

export interface NearMiss {
  pod: string;
  mismatches: LabelMismatch[];
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** `web` ~ `web-v2`, `frontend` ~ `front-end`, `nginx` ~ `ngnix`, `Web` ~ `web`; `api` is not like `db`. */
export function similarLabelValue(actual: string, wanted: string): boolean {
  const a = actual.toLowerCase();
  const w = wanted.toLowerCase();
  if (a === w) return true;
  if (Math.min(a.length, w.length) >= 2 && (a.startsWith(w) || w.startsWith(a))) return true;
  return Math.min(a.length, w.length) >= 3 && editDistance(a, w) <= 2;
}

function mismatchesOf(selector: Record<string, string>, labels: Record<string, string>): LabelMismatch[] {
  return Object.entries(selector)
    .filter(([key, wanted]) => labels[key] !== wanted)
    .map(([key, wanted]) => {
      const actual = labels[key];
      if (actual !== undefined) return { key, wanted, actual, similar: similarLabelValue(actual, wanted) };
      const otherKey = Object.keys(labels).find((k) => labels[k] === wanted && !(k in selector));
      return { key, wanted, otherKey, similar: otherKey !== undefined };
    });
}

/**
 * Pods that almost match a Service selector: every mismatch is a near spelling (or the right value under
 * another key), or, for a selector of several labels, the pod matches all but one. Closest first.
 */
export function selectorNearMisses(selector: Record<string, string>, pods: Pod[]): NearMiss[] {
  const keys = Object.keys(selector).length;
  const unlike = (m: NearMiss) => m.mismatches.filter((x) => !x.similar).length;
  return pods
    .map((pod) => ({
      pod: pod.metadata?.name ?? '',
      mismatches: mismatchesOf(selector, pod.metadata?.labels ?? {}),
    }))
    .filter(
      ({ mismatches }) =>
        mismatches.length > 0 &&
        (mismatches.every((m) => m.similar) || (mismatches.length === 1 && keys >= 2)),
    )
    .sort(
      (a, b) =>
        a.mismatches.length - b.mismatches.length || unlike(a) - unlike(b) || a.pod.localeCompare(b.pod),
    );
}

function mismatchText(m: LabelMismatch): string {
  if (m.actual !== undefined) return `${m.key}=${m.actual} instead of ${m.key}=${m.wanted}`;
  if (m.otherKey !== undefined) return `${m.otherKey}=${m.wanted} but no ${m.key} label`;
  return `no ${m.key} label`;
}

function namedPods(pods: string[]): string {
  const more = pods.length - NAMED_PODS;
  return `${pods.slice(0, NAMED_PODS).join(', ')}${more > 0 ? ` (+${more} more)` : ''}`;
}

/** Near misses grouped by how they differ, closest group first: "app=web-v2 instead of app=web" → pods. */
function groupNearMisses(misses: NearMiss[]): { differs: LabelMismatch[]; text: string; pods: string[] }[] {
  const groups = new Map<string, { differs: LabelMismatch[]; text: string; pods: string[] }>();
  for (const miss of misses) {
    const text = miss.mismatches.map(mismatchText).join(', ');
    const group = groups.get(text) ?? { differs: miss.mismatches, text, pods: [] };
    group.pods.push(miss.pod);
    groups.set(text, group);
  }
  return [...groups.values()];
}

/** The selector a group of near misses would match: their values (or keys) in place of the wanted ones. */
function selectorFor(selector: Record<string, string>, differs: LabelMismatch[]): string | undefined {
  const fixed: Record<string, string> = { ...selector };
  for (const m of differs) {
    if (m.actual !== undefined) fixed[m.key] = m.actual;
    else if (m.otherKey !== undefined) {
      delete fixed[m.key];
      fixed[m.otherKey] = m.wanted;
    } else return undefined;
  }
  return selectorFromMap(fixed);
}

/** "app=web: 0 of 7 pods (values here: api ×3, web-v2 ×2)" for each label of the selector. */
function requirementEvidence(selector: Record<string, string>, pods: Pod[]): string[] {
  return Object.entries(selector).map(([key, wanted]) => {
    const values = new Map<string, number>();
    for (const pod of pods) {
      const value = pod.metadata?.labels?.[key];
      if (value !== undefined) values.set(value, (values.get(value) ?? 0) + 1);
    }
    const matching = values.get(wanted) ?? 0;
    const others = [...values]
      .filter(([v]) => v !== wanted)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 5)
      .map(([v, n]) => `${v} ×${n}`);
    const note = others.length
      ? ` (other values here: ${others.join(', ')})`
      : values.size
        ? ''
        : ' (no pod has the key)';
    return `${key}=${wanted}: ${matching} of ${pods.length} pods${note}`;
  });
}

// ---------------------------------------------------------------- findings

function refOf(service: Service): ObjectRef {
  return { kind: 'Service', namespace: service.metadata?.namespace, name: service.metadata?.name ?? '' };
}

function externalNameNote(service: Service): Finding {
  const target = service.spec?.externalName ?? '';
  return finding('ExternalNameService', refOf(service), {
    message: `Service is a DNS alias (CNAME) for ${target}: it has no endpoints and selects no pods`,
    evidence: [
      `externalName: ${target}`,
      hasSelector(service) ? `its selector ${selectorFromMap(service.spec?.selector)} is ignored` : '',
      service.spec?.ports?.length ? 'its ports are not used for routing (clients connect to the name)' : '',
    ],
    facts: { target },
  });
}

function headlessNote(service: Service, counts: EndpointCounts): Finding {
  return finding('HeadlessService', refOf(service), {
    message:
      'Service is headless (clusterIP None): no virtual IP and no load balancing; DNS answers with the endpoint addresses',
    evidence: [
      `${counts.ready} ready endpoints: ${counts.ready === 0 ? 'a DNS lookup of the Service name finds no address' : 'a DNS lookup returns one A/AAAA record per ready endpoint'}`,
    ],
  });
}

function withoutSelector(service: Service): Finding {
  return finding('ServiceWithoutSelector', refOf(service), {
    message: 'Service has no selector and no manually managed endpoints: traffic to it goes nowhere',
    evidence: [
      'spec.selector is empty',
      'no EndpointSlice labelled kubernetes.io/service-name and no Endpoints object',
    ],
  });
}

function selectorMatchesNoPods(service: Service, pods: Pod[]): Finding {
  const selector = service.spec?.selector ?? {};
  const text = selectorFromMap(selector);
  const ns = service.metadata?.namespace ?? '';
  if (pods.length === 0) {
    return finding('SelectorMatchesNoPods', refOf(service), {
      message: `Selector ${text} matches no pods: namespace ${ns} has no pods at all`,
      evidence: [`selector: ${text}`],
      facts: { case: 'empty namespace', namespace: ns },
    });
  }
  const groups = groupNearMisses(selectorNearMisses(selector, pods));
  const closest = groups[0];
  const evidence = [
    `selector: ${text}`,
    ...requirementEvidence(selector, pods),
    ...groups
      .slice(0, 3)
      .map((g) => `${g.pods.length === 1 ? 'pod' : 'pods'} ${namedPods(g.pods)} almost match: ${g.text}`),
  ];
  if (closest) {
    const keys = [...new Set(closest.differs.map((m) => m.key))].join(', ');
    const fixed = selectorFor(selector, closest.differs);
    return finding('SelectorMatchesNoPods', refOf(service), {
      message: `Selector ${text} matches no pods: label ${keys} did not match; nearby ${closest.pods.length === 1 ? 'pod has' : `${closest.pods.length} pods have`} ${closest.text}`,
      evidence: evidence,
      facts: {
        case: 'near miss',
        namespace: ns,
        fixed,
        wantedLabels: closest.differs.map((m) => `${m.key}=${m.wanted}`).join(','),
      },
    });
  }
  const absent = Object.entries(selector)
    .filter(([key, value]) => !pods.some((p) => p.metadata?.labels?.[key] === value))
    .map(([key, value]) => `${key}=${value}`);
  return finding('SelectorMatchesNoPods', refOf(service), {
    message: `Selector ${text} matches none of the ${pods.length} pods in namespace ${ns}: no pod has ${absent.length ? absent.join(' or ') : 'all of these labels together'}`,
    evidence: evidence,
    facts: { case: 'no pod close', namespace: ns },
  });
}

function podLine(selected: SelectedPod): string {
  const name = selected.pod.metadata?.name ?? '';
  const top = selected.findings[0];
  const status = podStatus(selected.pod);
  return top
    ? `pod ${name} (${status}): ${top.reason}: ${top.message}`
    : `pod ${name} (${status}): not ready, no finding of its own`;
}

function noReadyEndpoints(service: Service, selected: SelectedPod[], counts: EndpointCounts): Finding {
  const ns = service.metadata?.namespace ?? '';
  const selector = selectorFromMap(service.spec?.selector);
  if (selected.length === 0) {
    return finding('NoReadyEndpoints', refOf(service), {
      message: `None of the ${counts.total} manually managed endpoints is ready`,
      evidence: [
        `${counts.notReady} not ready, ${counts.terminating} terminating (source: ${counts.source})`,
      ],
      facts: { manual: true },
    });
  }
  const withFindings = selected.filter((s) => s.findings.length > 0).length;
  return finding('NoReadyEndpoints', refOf(service), {
    message: `${selected.length} ${selected.length === 1 ? 'pod matches' : 'pods match'} but none is ready: the Service has no endpoint to send traffic to`,
    evidence: [
      `${counts.ready} ready of ${counts.total} endpoints (source: ${counts.source})`,
      ...selected.slice(0, NAMED_PODS).map(podLine),
      selected.length > NAMED_PODS ? `… and ${selected.length - NAMED_PODS} more pods` : '',
    ],
    facts: { manual: false, namespace: ns, selector, withFindings: withFindings > 0 },
  });
}

function someEndpointsNotReady(
  service: Service,
  selected: SelectedPod[],
  endpoints: ServiceEndpoint[],
  counts: EndpointCounts,
): Finding {
  const notReady = endpoints.filter((e) => !e.ready && !e.terminating);
  const byName = new Map(selected.map((s) => [s.pod.metadata?.name ?? '', s]));
  const lines = notReady.slice(0, NAMED_PODS).map((e) => {
    const pod = e.pod !== undefined ? byName.get(e.pod) : undefined;
    return pod ? `${e.addresses.join(',')}: ${podLine(pod)}` : `${e.addresses.join(',')}: not ready`;
  });
  return finding('SomeEndpointsNotReady', refOf(service), {
    message: `${counts.notReady} of ${counts.total} endpoints are not ready: traffic goes to the other ${counts.ready}`,
    evidence: [...lines, notReady.length > NAMED_PODS ? `… and ${notReady.length - NAMED_PODS} more` : ''],
  });
}

function readyPodsNotInEndpoints(service: Service, unlisted: SelectedPod[], counts: EndpointCounts): Finding {
  const names = unlisted.map((s) => s.pod.metadata?.name ?? '');
  return finding('ReadyPodsNotInEndpoints', refOf(service), {
    message: `${unlisted.length} ready ${unlisted.length === 1 ? 'pod is' : 'pods are'} not listed in any endpoint of the Service${counts.ready === 0 ? ': it has no endpoint to send traffic to' : ''}`,
    evidence: [
      `ready pods without an endpoint: ${namedPods(names)}`,
      `${counts.total} endpoints listed (source: ${counts.source})`,
    ],
    severity: counts.ready === 0 ? 'critical' : 'warning',
  });
}

function endpointFindings(
  service: Service,
  selected: SelectedPod[],
  endpoints: ServiceEndpoint[],
  counts: EndpointCounts,
): Finding[] {
  const unlisted = selected.filter(
    (s) => s.ready && !s.inEndpoints && !s.pod.metadata?.deletionTimestamp && s.pod.status?.podIP,
  );
  const findings: Finding[] = [];
  if (unlisted.length > 0) findings.push(readyPodsNotInEndpoints(service, unlisted, counts));
  const expected = hasSelector(service) ? selected.length > 0 : counts.total > 0;
  if (counts.ready === 0 && unlisted.length === 0 && expected)
    findings.push(noReadyEndpoints(service, selected, counts));
  if (counts.ready > 0 && counts.notReady > 0)
    findings.push(someEndpointsNotReady(service, selected, endpoints, counts));
  return findings;
}

interface NamedContainerPort {
  pod: string;
  container: string;
  name?: string;
  port: number;
  protocol: string;
}

function containerPorts(pods: Pod[]): NamedContainerPort[] {
  return pods.flatMap((pod) =>
    (pod.spec?.containers ?? []).flatMap((c) =>
      (c.ports ?? []).map((p) => ({
        pod: pod.metadata?.name ?? '',
        container: c.name,
        name: p.name,
        port: p.containerPort,
        protocol: p.protocol ?? 'TCP',
      })),
    ),
  );
}

function portsEvidence(ports: NamedContainerPort[]): string {
  if (ports.length === 0) return 'the matched pods declare no container ports';
  const distinct = [
    ...new Set(ports.map((p) => `${p.container}:${p.port}/${p.protocol}${p.name ? ` (${p.name})` : ''}`)),
  ];
  return `container ports of the matched pods: ${distinct.slice(0, 8).join(', ')}`;
}

function portLabel(port: ServicePort): string {
  return `port ${port.name ? `"${port.name}" ` : ''}${port.port}/${port.protocol ?? 'TCP'}`;
}

function targetPortFinding(service: Service, port: ServicePort, pods: Pod[]): Finding | undefined {
  const target = port.targetPort ?? port.port;
  const protocol = port.protocol ?? 'TCP';
  const declared = containerPorts(pods).filter((p) => p.protocol === protocol);
  const podNames = pods.map((p) => p.metadata?.name ?? '');
  if (typeof target === 'string') {
    const having = new Set(declared.filter((p) => p.name === target).map((p) => p.pod));
    if (having.size === pods.length) return undefined;
    const lacking = podNames.filter((n) => !having.has(n));
    return finding('TargetPortMismatch', refOf(service), {
      message: `targetPort "${target}" of ${portLabel(port)} is not a named ${protocol} container port of ${having.size === 0 ? 'any matched pod' : `${lacking.length} of ${pods.length} matched pods`}`,
      evidence: [`pods without it: ${namedPods(lacking)}`, portsEvidence(declared)],
      severity: having.size === 0 ? 'critical' : 'warning',
      facts: { target },
    });
  }
  // Declaring container ports is optional; with no declaration at all nothing can be concluded.
  if (declared.length === 0 || declared.some((p) => p.port === target)) return undefined;
  return finding('TargetPortMismatch', refOf(service), {
    message: `targetPort ${target} of ${portLabel(port)} is not a ${protocol} container port of any matched pod`,
    evidence: [portsEvidence(declared)],
    facts: { target },
  });
}

function targetPortFindings(service: Service, selected: SelectedPod[]): Finding[] {
  const running = selected
    .map((s) => s.pod)
    .filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
  if (running.length === 0) return [];
  return (service.spec?.ports ?? []).flatMap((port) => targetPortFinding(service, port, running) ?? []);
}

function loadBalancerPending(service: Service, now: Date): Finding[] {
  if (service.spec?.type !== 'LoadBalancer') return [];
  if ((service.status?.loadBalancer?.ingress ?? []).length > 0) return [];
  const waited = secondsBetween(service.metadata?.creationTimestamp, now);
  const young = waited !== undefined && waited < LOAD_BALANCER_GRACE_SECONDS;
  return [
    finding('LoadBalancerPending', refOf(service), {
      message: `LoadBalancer Service has no external address after ${humanDuration(waited)}${young ? ' (provisioning usually takes a minute or two)' : ''}`,
      evidence: [
        'status.loadBalancer.ingress is empty (EXTERNAL-IP <pending>)',
        service.spec?.loadBalancerClass ? `loadBalancerClass: ${service.spec.loadBalancerClass}` : '',
      ],
      severity: young ? 'info' : 'warning',
    }),
  ];
}

function serviceWarningEvents(service: Service, events: Event[]): Finding[] {
  const latest = new Map<string, Event>();
  for (const event of eventsAbout(service, 'Service', events)) {
    if (event.type !== 'Warning' || latest.has(event.reason ?? '')) continue;
    latest.set(event.reason ?? '', event);
  }
  return [...latest.values()].map((event) =>
    finding('ServiceWarningEvent', refOf(service), {
      message: `Warning event ${event.reason ?? ''} (x${occurrences(event)}): ${(event.message ?? '').trim()}`,
      evidence: [`from ${event.source?.component ?? event.reportingComponent ?? 'unknown component'}`],
      facts: { eventReason: event.reason ?? '' },
    }),
  );
}

/** Everything about one Service: the pods it selects (with their findings), endpoint counts, findings. */
export function analyzeService(input: ServiceInput, now: Date): ServiceAnalysis {
  const { service } = input;
  const endpoints = distinctEndpoints(input.endpointSets);
  const counts = countEndpoints(input.endpointSets);
  const events = serviceWarningEvents(service, input.serviceEvents);
  if (service.spec?.type === 'ExternalName') {
    return { selected: [], counts, findings: sortFindings([externalNameNote(service), ...events]) };
  }
  const selected = selectPods(input, endpoints, now);
  const findings: Finding[] = [];
  if (service.spec?.clusterIP === 'None') findings.push(headlessNote(service, counts));
  if (!hasSelector(service) && counts.total === 0) findings.push(withoutSelector(service));
  if (hasSelector(service) && selected.length === 0)
    findings.push(selectorMatchesNoPods(service, input.namespacePods));
  findings.push(
    ...endpointFindings(service, selected, endpoints, counts),
    ...targetPortFindings(service, selected),
    ...loadBalancerPending(service, now),
    ...events,
  );
  return { selected, counts, findings: sortFindings(findings) };
}
