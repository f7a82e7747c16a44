// People's views of the services queries: the Service table and the one-Service description.

import { eventsSection, findingsSection, section } from '../../render/sections.js';
import { age } from '../../kube/time.js';
import type { EndpointSetResult, ServiceDetail, ServiceReport, ServiceSummary } from './schema.js';
import { topFindingCell } from '../../render/findings.js';
import { sourceLine } from '../../render/findings-text.js';
import { listSummary } from '../../render/words.js';
import { endpointCountsText, portsText } from './text.js';
import { severityText, table, type Style } from '../../render/table.js';

/** READY, NOT-READY and PODS cells; an ExternalName Service has none of them. */
function backendCells(s: ServiceSummary): string[] {
  if (s.type === 'ExternalName') return ['-', '-', '-'];
  const pods = s.selector ? `${s.pods.ready}/${s.pods.matching}` : '-';
  return [String(s.endpoints.ready), String(s.endpoints.notReady), pods];
}

function externalCell(s: ServiceSummary): string {
  if (s.type === 'ExternalName') return s.externalName ?? '';
  if (s.loadBalancerIngress.length) return s.loadBalancerIngress.join(',');
  return s.type === 'LoadBalancer' ? '<pending>' : '<none>';
}

export function serviceTable(report: ServiceReport, wide: boolean, style: Style): string {
  const now = new Date(report.source.observedAt);
  const showNamespace = report.scope.allNamespaces;
  const head = [
    ...(showNamespace ? ['NAMESPACE'] : []),
    'NAME',
    'TYPE',
    'SELECTOR',
    'PORTS',
    'READY',
    'NOT-READY',
    'PODS',
    ...(wide ? ['CLUSTER-IP', 'EXTERNAL', 'AGE'] : []),
    'FINDING',
  ];
  const rows = report.services.map((s) => {
    return [
      ...(showNamespace ? [s.namespace] : []),
      s.name,
      s.type,
      s.selector || '<none>',
      portsText(s.ports),
      ...backendCells(s),
      ...(wide ? [s.clusterIP ?? '<none>', externalCell(s), age(s.createdAt, now)] : []),
      topFindingCell(s.findings, style),
    ];
  });
  if (style.headers === false) return table(head, rows, style);
  const where = report.scope.allNamespaces ? 'all namespaces' : `namespace ${report.scope.namespace}`;
  const lines: string[] = [];
  if (report.source.kind === 'snapshot') lines.push(sourceLine(report.source), '');
  if (report.totalServices === 0) {
    lines.push(
      `No services in ${where}${report.scope.selector ? ` labelled ${report.scope.selector}` : ''}.`,
    );
    return lines.join('\n');
  }
  lines.push(
    listSummary({
      total: report.totalServices,
      withFindings: report.servicesWithFindings,
      one: 'service',
      where: `${where}${report.scope.selector ? ` labelled ${report.scope.selector}` : ''}`,
      counts: report.counts,
      shown: report.services.length,
    }),
  );
  if (report.services.length) lines.push('', table(head, rows, style));
  return lines.join('\n');
}

function slicePorts(set: EndpointSetResult): string {
  return (
    set.ports.map((p) => `${p.name ? `${p.name}:` : ''}${p.port ?? '*'}/${p.protocol ?? 'TCP'}`).join(',') ||
    '<none>'
  );
}

function endpointsTable(sets: EndpointSetResult[], style: Style): string {
  const rows = sets.flatMap((set) => {
    if (set.endpoints.length === 0) return [[set.name, '<none>', '', '', '', '', '', slicePorts(set)]];
    return set.endpoints.map((e) => [
      set.name,
      e.addresses.join(','),
      String(e.ready),
      String(e.serving),
      String(e.terminating),
      e.pod ?? '',
      e.node ?? '',
      slicePorts(set),
    ]);
  });
  const kind = sets[0]?.kind === 'Endpoints' ? 'ENDPOINTS' : 'SLICE';
  return table([kind, 'ADDRESS', 'READY', 'SERVING', 'TERMINATING', 'POD', 'NODE', 'PORTS'], rows, style);
}

function header(result: ServiceDetail, style: Style): string {
  const s = result.service;
  const now = new Date(result.source.observedAt);
  const top = s.findings[0];
  const type = top ? severityText(style, top.severity, s.type) : s.type;
  return [
    `Service:    ${s.namespace}/${s.name}`,
    `Type:       ${type}   Cluster IP: ${s.clusterIP ?? '<none>'}   Age: ${age(s.createdAt, now)}`,
    s.type === 'ExternalName'
      ? `External:   ${s.externalName ?? ''}`
      : `Selector:   ${s.selector || '<none>'}`,
    ...(s.type === 'LoadBalancer' ? [`Ingress:    ${externalCell(s)}`] : []),
    sourceLine(result.source),
  ].join('\n');
}

export function serviceDescription(result: ServiceDetail, style: Style): string {
  const s = result.service;
  const now = new Date(result.source.observedAt);
  const parts = [header(result, style)];
  parts.push(
    section(
      'Ports:',
      s.ports.length
        ? table(
            ['NAME', 'PORT', 'PROTOCOL', 'TARGET PORT', 'NODE PORT'],
            s.ports.map((p) => [
              p.name ?? '',
              String(p.port),
              p.protocol,
              String(p.targetPort),
              p.nodePort ? String(p.nodePort) : '',
            ]),
            style,
          )
        : '<none>',
      style,
    ),
  );
  if (s.type !== 'ExternalName') {
    parts.push(
      section(
        `Endpoints: ${endpointCountsText(s.endpoints)}`,
        result.endpointSets.length ? endpointsTable(result.endpointSets, style) : '<none>',
        style,
      ),
    );
  }
  if (s.selector && s.type !== 'ExternalName') {
    parts.push(
      section(
        `Pods matching ${s.selector}: ${s.pods.matching} (${s.pods.ready} ready)`,
        result.pods.length
          ? table(
              ['NAME', 'READY', 'STATUS', 'IP', 'NODE', 'IN ENDPOINTS', 'FINDING'],
              result.pods.map((p) => {
                const top = p.findings[0];
                return [
                  p.name,
                  String(p.ready),
                  top ? severityText(style, top.severity, p.status) : p.status,
                  p.ip ?? '<none>',
                  p.node ?? '<none>',
                  String(p.inEndpoints),
                  topFindingCell(p.findings, style),
                ];
              }),
              style,
            )
          : '<none>',
        style,
      ),
    );
  }
  parts.push(eventsSection(result.events, now, style));
  parts.push(findingsSection(s.findings, 'none: the Service reaches its pods', style));
  return parts.join('\n\n');
}
