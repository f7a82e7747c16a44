// Compact text for the services queries: what a model reads first (structuredContent carries the rest).

import type {
  EndpointSetResult,
  ServiceDetail as Detail,
  ServiceEndpointsResult as EndpointsResult,
  ServiceReport as Report,
  ServiceSummary as Summary,
} from './schema.js';
import { countsText, eventLines, findingLines, sourceLine } from '../../render/findings-text.js';
import { boundedNames } from '../../render/grouped.js';

/** kubectl's PORT(S) column with the target: `80→8080/TCP`, `443→https:30443/TCP` with a node port. */
export function portsText(ports: Summary['ports']): string {
  if (ports.length === 0) return '<none>';
  return ports
    .map((p) => `${p.port}→${p.targetPort}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol}`)
    .join(',');
}

export function endpointCountsText(counts: Summary['endpoints']): string {
  if (counts.source === 'none') return 'no endpoints';
  return `${counts.ready} ready, ${counts.notReady} not ready, ${counts.terminating} terminating (${counts.source})`;
}

function scopeText(scope: Report['scope']): string {
  const where = scope.allNamespaces ? 'all namespaces' : `namespace ${scope.namespace}`;
  return scope.selector ? `${where}, services labelled ${scope.selector}` : where;
}

function summaryLine(s: Summary): string {
  const target =
    s.type === 'ExternalName'
      ? ` externalName=${s.externalName ?? ''}`
      : ` selector=${s.selector || '<none>'} ports=${portsText(s.ports)} endpoints: ${endpointCountsText(s.endpoints)}; pods ready ${s.pods.ready}/${s.pods.matching}`;
  return `${s.namespace}/${s.name} type=${s.type}${target}`;
}

export function serviceReportText(report: Report): string {
  const lines = [
    `${report.totalServices} services in ${scopeText(report.scope)}; ${report.servicesWithFindings} with findings (${countsText(report.counts)}).`,
    sourceLine(report.source),
  ];
  for (const service of report.services) {
    lines.push(summaryLine(service));
    for (const finding of service.findings) lines.push(...findingLines(finding, '  '));
  }
  if (report.totalServices === 0) lines.push('No services found.');
  return lines.join('\n');
}

/** Up to this many endpoints (or selected pods) are listed one by one; more are grouped by state. */
const DETAILED = 20;

type EndpointDetail = EndpointSetResult['endpoints'][number];

function endpointState(e: EndpointDetail): string {
  return `${e.ready ? 'ready' : 'not-ready'}${e.serving ? ' serving' : ''}${e.terminating ? ' terminating' : ''}`;
}

/** Many endpoints: ready ones counted, every other state one line naming its pods (or addresses). */
function groupedEndpointLines(endpoints: EndpointDetail[]): string[] {
  const byState = new Map<string, EndpointDetail[]>();
  for (const e of endpoints) byState.set(endpointState(e), [...(byState.get(endpointState(e)) ?? []), e]);
  return [...byState].map(([state, members]) =>
    /^ready( serving)?$/.test(state)
      ? `    ${state} (${members.length}): counted, not listed`
      : `    ${state} (${members.length}): ${boundedNames(members.map((e) => e.pod ?? e.addresses.join(',')))}`,
  );
}

function endpointSetLines(sets: EndpointSetResult[]): string[] {
  return sets.flatMap((set) => [
    `  ${set.kind} ${set.name}${set.addressType ? ` (${set.addressType})` : ''} ports ${set.ports.map((p) => `${p.name ? `${p.name}:` : ''}${p.port ?? '*'}/${p.protocol ?? 'TCP'}`).join(',') || '<none>'}`,
    ...(set.endpoints.length > DETAILED
      ? groupedEndpointLines(set.endpoints)
      : set.endpoints.map(
          (e) =>
            `    ${e.addresses.join(',')} ${endpointState(e)}${e.pod ? ` pod=${e.pod}` : ''}${e.node ? ` node=${e.node}` : ''}`,
        )),
    ...(set.endpoints.length === 0 ? ['    (no endpoints)'] : []),
  ]);
}

type SelectedPod = Detail['pods'][number];

/** The pods a Service selects: one by one when few; else ready ones in endpoints counted, the rest by state. */
function selectedPodLines(pods: SelectedPod[]): string[] {
  const line = (pod: SelectedPod) => [
    `  ${pod.name} ${pod.status} ${pod.ready ? 'ready' : 'not-ready'}${pod.ip ? ` ip=${pod.ip}` : ''}${pod.inEndpoints ? '' : ' (not in endpoints)'}`,
    ...pod.findings.map((f) => `    [${f.severity}] ${f.reason}: ${f.message}`),
  ];
  if (pods.length <= DETAILED) return pods.flatMap(line);
  const fine = pods.filter((p) => p.ready && p.inEndpoints && p.findings.length === 0);
  const byState = new Map<string, SelectedPod[]>();
  for (const pod of pods.filter((p) => !fine.includes(p))) {
    const state = `${pod.findings[0]?.reason ?? pod.status}${pod.ready ? '' : ', not ready'}${pod.inEndpoints ? '' : ', not in endpoints'}`;
    byState.set(state, [...(byState.get(state) ?? []), pod]);
  }
  return [
    `  ready and in endpoints (${fine.length}): counted, not listed`,
    ...[...byState].map(
      ([state, members]) => `  ${state} (${members.length}): ${boundedNames(members.map((p) => p.name))}`,
    ),
  ];
}

export function serviceDetailText(result: Detail): string {
  const s = result.service;
  const lines = [
    `service ${s.namespace}/${s.name}: ${s.type}${s.clusterIP ? ` ${s.clusterIP}` : ''}${s.externalName ? ` → ${s.externalName}` : ''}, selector ${s.selector || '<none>'}${s.loadBalancerIngress.length ? `, ingress ${s.loadBalancerIngress.join(',')}` : ''}`,
    sourceLine(result.source),
    ...s.ports.map(
      (p) =>
        `  port ${p.name ? `${p.name} ` : ''}${p.port}/${p.protocol} → targetPort ${p.targetPort}${p.nodePort ? ` (nodePort ${p.nodePort})` : ''}`,
    ),
    `endpoints: ${endpointCountsText(s.endpoints)}`,
    ...endpointSetLines(result.endpointSets),
  ];
  if (s.type !== 'ExternalName' && s.selector) {
    lines.push(`pods matched by the selector: ${s.pods.matching} (${s.pods.ready} ready)`);
    lines.push(...selectedPodLines(result.pods));
  }
  lines.push(...eventLines('recent events:', result.events));
  lines.push(s.findings.length ? 'findings:' : 'no findings.');
  for (const finding of s.findings) lines.push(...findingLines(finding, '  '));
  return lines.join('\n');
}

export function serviceEndpointsText(result: EndpointsResult): string {
  const lines = [
    `endpoints of service ${result.namespace}/${result.service} (${result.type}, selector ${result.selector || '<none>'}): ${endpointCountsText(result.endpoints)}`,
    sourceLine(result.source),
    ...endpointSetLines(result.endpointSets),
  ];
  lines.push(result.findings.length ? 'findings:' : 'no findings.');
  for (const finding of result.findings) lines.push(...findingLines(finding, '  '));
  return lines.join('\n');
}
