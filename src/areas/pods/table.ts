// People's views of the pods queries: the list table and the one-pod description.

import { eventsSection, findingsSection, section } from '../../render/sections.js';
import type { PodDescription, PodReport } from './schema.js';
import { age } from '../../kube/time.js';
import { sourceLine } from '../../render/findings-text.js';
import { scopeText } from '../../render/words.js';
import { AGE, listView } from '../../render/list.js';
import { table, truncate, withNamespace, type Column, type Style } from '../../render/table.js';
import { statusCell, topFindingCell } from '../../render/findings.js';

type PodRow = PodReport['pods'][number];

const POD_COLUMNS: readonly Column<PodRow>[] = [
  { header: 'NAME', cell: (p) => p.name },
  { header: 'READY', cell: (p) => p.ready },
  { header: 'STATUS', cell: (p, v) => statusCell(p.status, p.findings, v.style) },
  { header: 'RESTARTS', cell: (p) => String(p.restarts) },
  AGE,
  { header: 'NODE', cell: (p) => p.node ?? '<none>', wide: true },
  { header: 'IP', cell: (p) => p.ip ?? '<none>', wide: true },
  { header: 'LAST EXIT', cell: (p) => p.lastExit ?? '', wide: true },
  { header: 'FINDING', cell: (p, v) => topFindingCell(p.findings, v.style, p.status) },
];

export function podTable(report: PodReport, wide: boolean, style: Style): string {
  const where = scopeText(report.scope);
  return listView(
    {
      source: report.source,
      columns: withNamespace(POD_COLUMNS, report.scope.allNamespaces),
      items: report.pods,
      summary: {
        total: report.totalPods,
        withFindings: report.podsWithFindings,
        one: 'pod',
        where,
        counts: report.counts,
      },
      empty: `No pods in ${where}.`,
    },
    { style, wide, now: new Date(report.source.observedAt) },
  );
}

function stateText(s: { state: string; reason?: string; exitCode?: number }): string {
  return [s.state, s.reason, s.exitCode !== undefined ? `exit ${s.exitCode}` : ''].filter(Boolean).join(' ');
}

export function podDescription(result: PodDescription, style: Style): string {
  const p = result.pod;
  const now = new Date(result.source.observedAt);
  const header = [
    `Pod:        ${p.namespace}/${p.name}`,
    `Status:     ${statusCell(p.status, result.findings, style)} (phase ${p.phase})`,
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
