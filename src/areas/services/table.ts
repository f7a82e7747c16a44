// People's views of the services queries: the Service table and the one-Service description.

import { eventsSection, findingsSection, section, tableSection } from '../../render/sections.js';
import { age } from '../../kube/time.js';
import type { EndpointSetResult, ServiceDetail, ServiceReport, ServiceSummary } from './schema.js';
import { statusCell, topFindingCell } from '../../render/findings.js';
import { sourceLine } from '../../render/findings-text.js';
import { AGE, FINDING, listView } from '../../render/list.js';
import { scopeText } from '../../render/words.js';
import { endpointCountsText, portsText } from './text.js';
import { table, withNamespace, type Column, type Style } from '../../render/table.js';

/** READY, NOT-READY and PODS cells; an ExternalName Service has none of them. */
function backendCell(pick: (s: ServiceSummary) => string): (s: ServiceSummary) => string {
  return (s) => (s.type === 'ExternalName' ? '-' : pick(s));
}

function externalCell(s: ServiceSummary): string {
  if (s.type === 'ExternalName') return s.externalName ?? '';
  if (s.loadBalancerIngress.length) return s.loadBalancerIngress.join(',');
  return s.type === 'LoadBalancer' ? '<pending>' : '<none>';
}

const SERVICE_COLUMNS: readonly Column<ServiceSummary>[] = [
  { header: 'NAME', cell: (s) => s.name },
  { header: 'TYPE', cell: (s) => s.type },
  { header: 'SELECTOR', cell: (s) => s.selector || '<none>' },
  { header: 'PORTS', cell: (s) => portsText(s.ports) },
  { header: 'READY', cell: backendCell((s) => String(s.endpoints.ready)) },
  { header: 'NOT-READY', cell: backendCell((s) => String(s.endpoints.notReady)) },
  { header: 'PODS', cell: backendCell((s) => (s.selector ? `${s.pods.ready}/${s.pods.matching}` : '-')) },
  { header: 'CLUSTER-IP', cell: (s) => s.clusterIP ?? '<none>', wide: true },
  { header: 'EXTERNAL', cell: externalCell, wide: true },
  { ...AGE, wide: true },
  FINDING,
];

export function serviceTable(report: ServiceReport, wide: boolean, style: Style): string {
  const where = scopeText(report.scope, 'labelled');
  return listView(
    {
      source: report.source,
      columns: withNamespace(SERVICE_COLUMNS, report.scope.allNamespaces),
      items: report.services,
      summary: {
        total: report.totalServices,
        withFindings: report.servicesWithFindings,
        one: 'service',
        where,
        counts: report.counts,
      },
      empty: `No services in ${where}.`,
    },
    { style, wide, now: new Date(report.source.observedAt) },
  );
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
  const type = statusCell(s.type, s.findings, style);
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
    tableSection(
      'Ports:',
      ['NAME', 'PORT', 'PROTOCOL', 'TARGET PORT', 'NODE PORT'],
      s.ports.map((p) => [
        p.name ?? '',
        String(p.port),
        p.protocol,
        String(p.targetPort),
        p.nodePort ? String(p.nodePort) : '',
      ]),
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
      tableSection(
        `Pods matching ${s.selector}: ${s.pods.matching} (${s.pods.ready} ready)`,
        ['NAME', 'READY', 'STATUS', 'IP', 'NODE', 'IN ENDPOINTS', 'FINDING'],
        result.pods.map((p) => [
          p.name,
          String(p.ready),
          statusCell(p.status, p.findings, style),
          p.ip ?? '<none>',
          p.node ?? '<none>',
          String(p.inEndpoints),
          topFindingCell(p.findings, style),
        ]),
        style,
      ),
    );
  }
  parts.push(eventsSection(result.events, now, style));
  parts.push(findingsSection(s.findings, 'none: the Service reaches its pods', style));
  return parts.join('\n\n');
}
