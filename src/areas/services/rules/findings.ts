// Service findings: everything about one Service from its endpoints, selected pods, ports and events.
// Pod problems are not re-judged here: the pods' own findings come from diagnosePod and are linked.

import { selectorFromMap } from '../../../kube/labels.js';
import { humanDuration, secondsBetween } from '../../../kube/time.js';
import type { Event, Pod, Service, ServicePort } from '../../../kube/types.js';
import { eventsAbout, occurrences } from '../../../diagnose/events.js';
import { link, sortFindings, type Finding, type ObjectRef } from '../../../diagnose/finding.js';
import { finding } from '../reasons.js';
import { podStatus } from '../../pods/rules.js';
import type {
  EndpointCounts,
  SelectedPod,
  ServiceAnalysis,
  ServiceEndpoint,
  ServiceInput,
} from './endpoints.js';
import {
  LOAD_BALANCER_GRACE_SECONDS,
  NAMED_PODS,
  countEndpoints,
  distinctEndpoints,
  hasSelector,
  selectPods,
} from './endpoints.js';
import {
  groupNearMisses,
  namedPods,
  requirementEvidence,
  selectorFor,
  selectorNearMisses,
} from './selector.js';

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

/**
 * Why the selected pods are not ready, in their own top findings' words: the most common reason, how many
 * pods have it, and the first such pod's headline ("3 pods CrashLoopBackOff: Container "app" keeps crashing: …").
 */
function commonCause(selected: SelectedPod[]): string | undefined {
  const byReason = new Map<string, SelectedPod[]>();
  for (const s of selected) {
    const top = s.findings[0];
    if (top) byReason.set(top.reason, [...(byReason.get(top.reason) ?? []), s]);
  }
  const [reason, pods] = [...byReason].sort((a, b) => b[1].length - a[1].length)[0] ?? [];
  if (!reason || !pods) return undefined;
  const n = pods.length;
  return `${n === selected.length && n > 1 ? 'all ' : ''}${n} ${n === 1 ? 'pod' : 'pods'} ${reason}: ${pods[0]!.findings[0]!.message}`;
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
  const why = commonCause(selected);
  return linkedToPods(
    selected,
    finding('NoReadyEndpoints', refOf(service), {
      message: `${selected.length} ${selected.length === 1 ? 'pod matches' : 'pods match'} but none is ready${why ? `: ${why}` : ': the Service has no endpoint to send traffic to'}`,
      evidence: [
        `${counts.ready} ready of ${counts.total} endpoints (source: ${counts.source})`,
        ...selected.slice(0, NAMED_PODS).map(podLine),
        selected.length > NAMED_PODS ? `… and ${selected.length - NAMED_PODS} more pods` : '',
      ],
      facts: { manual: false, namespace: ns, selector, withFindings: withFindings > 0 },
    }),
  );
}

/** The Service's finding is the symptom of the not-ready pods' own top findings. */
function linkedToPods(pods: readonly SelectedPod[], f: Finding): Finding {
  link(
    f,
    pods.filter((s) => !s.ready).flatMap((s) => (s.findings[0] ? [s.findings[0]] : [])),
  );
  return f;
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
  return linkedToPods(
    selected,
    finding('SomeEndpointsNotReady', refOf(service), {
      message: `${counts.notReady} of ${counts.total} endpoints are not ready: traffic goes to the other ${counts.ready}`,
      evidence: [...lines, notReady.length > NAMED_PODS ? `… and ${notReady.length - NAMED_PODS} more` : ''],
    }),
  );
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
  const balancer = loadBalancerPending(service, now);
  // The service controller's own failure (SyncLoadBalancerFailed, k8s.io/cloud-provider/controllers/service)
  // says why there is no external address.
  for (const f of balancer)
    link(
      f,
      events.filter((e) => /^Warning event \S*LoadBalancer/.test(e.message)),
    );
  findings.push(
    ...endpointFindings(service, selected, endpoints, counts),
    ...targetPortFindings(service, selected),
    ...balancer,
    ...events,
  );
  return { selected, counts, findings: sortFindings(findings) };
}
