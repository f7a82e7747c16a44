// Compact text for the services queries: what a model reads first (structuredContent carries the rest).

import type {
  EndpointSetResult,
  ServiceDetail as Detail,
  ServiceEndpointsResult as EndpointsResult,
  ServiceReport as Report,
  ServiceSummary as Summary,
} from './schema.js';
import { countsText, eventLines, findingLines, sourceLine } from '../../render/findings-text.js';

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

function endpointSetLines(sets: EndpointSetResult[]): string[] {
  return sets.flatMap((set) => [
    `  ${set.kind} ${set.name}${set.addressType ? ` (${set.addressType})` : ''} ports ${set.ports.map((p) => `${p.name ? `${p.name}:` : ''}${p.port ?? '*'}/${p.protocol ?? 'TCP'}`).join(',') || '<none>'}`,
    ...set.endpoints.map(
      (e) =>
        `    ${e.addresses.join(',')} ${e.ready ? 'ready' : 'not-ready'}${e.serving ? ' serving' : ''}${e.terminating ? ' terminating' : ''}${e.pod ? ` pod=${e.pod}` : ''}${e.node ? ` node=${e.node}` : ''}`,
    ),
    ...(set.endpoints.length === 0 ? ['    (no endpoints)'] : []),
  ]);
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
    for (const pod of result.pods) {
      lines.push(
        `  ${pod.name} ${pod.status} ${pod.ready ? 'ready' : 'not-ready'}${pod.ip ? ` ip=${pod.ip}` : ''}${pod.inEndpoints ? '' : ' (not in endpoints)'}`,
        ...pod.findings.map((f) => `    [${f.severity}] ${f.reason}: ${f.message}`),
      );
    }
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
