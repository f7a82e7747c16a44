// People's views of the pods queries: the list table and the one-pod description.

import { eventsSection, findingsSection, section } from '../../render/sections.js';
import type { PodDescription, PodReport } from './schema.js';
import { age } from '../../kube/time.js';
import { sourceLine } from '../../render/findings-text.js';
import { listSummary } from '../../render/words.js';
import { severityText, table, truncate, type Style } from '../../render/table.js';
import { findingsBlock, topFindingCell } from '../../render/findings.js';

export function podTable(report: PodReport, wide: boolean, style: Style): string {
  const now = new Date(report.source.observedAt);
  const showNamespace = report.scope.allNamespaces;
  const head = [
    ...(showNamespace ? ['NAMESPACE'] : []),
    'NAME',
    'READY',
    'STATUS',
    'RESTARTS',
    'AGE',
    ...(wide ? ['NODE', 'IP', 'LAST EXIT'] : []),
    'FINDING',
  ];
  const rows = report.pods.map((pod) => {
    const top = pod.findings[0];
    return [
      ...(showNamespace ? [pod.namespace] : []),
      pod.name,
      pod.ready,
      top ? severityText(style, top.severity, pod.status) : pod.status,
      String(pod.restarts),
      age(pod.createdAt, now),
      ...(wide ? [pod.node ?? '<none>', pod.ip ?? '<none>', pod.lastExit ?? ''] : []),
      topFindingCell(pod.findings, style, pod.status),
    ];
  });
  if (style.headers === false) return table(head, rows, style);
  const where = report.scope.allNamespaces ? 'all namespaces' : `namespace ${report.scope.namespace}`;
  const lines: string[] = [];
  if (report.source.kind === 'snapshot') lines.push(sourceLine(report.source), '');
  if (report.totalPods === 0) {
    lines.push(`No pods in ${where}${report.scope.selector ? ` matching ${report.scope.selector}` : ''}.`);
    if (report.noPodsBecause?.length)
      lines.push(
        '',
        section(
          'Why: controllers here cannot create pods:',
          findingsBlock(report.noPodsBecause, style),
          style,
        ),
      );
    return lines.join('\n');
  }
  // The summary comes first: with 1,500 pods the problems must not scroll away under it.
  lines.push(
    listSummary({
      total: report.totalPods,
      withFindings: report.podsWithFindings,
      one: 'pod',
      where: `${where}${report.scope.selector ? ` matching ${report.scope.selector}` : ''}`,
      counts: report.counts,
      shown: report.pods.length,
    }),
  );
  if (report.pods.length) lines.push('', table(head, rows, style));
  return lines.join('\n');
}

function stateText(s: { state: string; reason?: string; exitCode?: number }): string {
  return [s.state, s.reason, s.exitCode !== undefined ? `exit ${s.exitCode}` : ''].filter(Boolean).join(' ');
}

export function podDescription(result: PodDescription, style: Style): string {
  const p = result.pod;
  const now = new Date(result.source.observedAt);
  const top = result.findings[0];
  const header = [
    `Pod:        ${p.namespace}/${p.name}`,
    `Status:     ${top ? severityText(style, top.severity, p.status) : p.status} (phase ${p.phase})`,
    `Ready:      ${p.ready}   Restarts: ${p.restarts}   Age: ${age(p.createdAt, now)}${p.qosClass ? `   QoS: ${p.qosClass}` : ''}`,
    `Node:       ${p.node ?? '<none>'}   IP: ${p.ip ?? '<none>'}`,
    ...(p.owners.length ? [`Owners:     ${p.owners.join(', ')}`] : []),
    ...(p.deletionTimestamp ? [`Deleting:   since ${p.deletionTimestamp}`] : []),
    sourceLine(result.source),
  ];
  const parts = [header.join('\n')];
  if (result.conditions.length) {
    parts.push(
      section(
        'Conditions:',
        table(
          ['TYPE', 'STATUS', 'REASON', 'MESSAGE'],
          result.conditions.map((c) => [c.type, c.status, c.reason ?? '', truncate(c.message ?? '', 100)]),
          style,
        ),
        style,
      ),
    );
  }
  parts.push(
    section(
      'Containers:',
      table(
        ['NAME', 'READY', 'STATE', 'RESTARTS', 'LAST STATE', 'REQUESTS', 'LIMITS'],
        result.containers.map((c) => [
          c.kind === 'init' ? `${c.name} (init)` : c.name,
          String(c.ready),
          stateText(c.state),
          String(c.restartCount),
          c.lastState ? stateText(c.lastState) : '',
          Object.entries(c.requests)
            .map(([k, v]) => `${k}=${v}`)
            .join(','),
          Object.entries(c.limits)
            .map(([k, v]) => `${k}=${v}`)
            .join(','),
        ]),
        style,
      ),
      style,
    ),
  );
  parts.push(eventsSection(result.events, now, style));
  if (result.log) {
    const title = `Log (${result.log.previous ? 'previous instance of ' : ''}${result.log.container}, last ${result.log.tailLines} lines):`;
    parts.push(
      section(
        title,
        result.log.error ? `unavailable: ${result.log.error}` : result.log.text?.trimEnd() || '<empty>',
        style,
      ),
    );
  }
  parts.push(findingsSection(result.findings, 'none: the pod looks healthy', style));
  return parts.join('\n\n');
}
