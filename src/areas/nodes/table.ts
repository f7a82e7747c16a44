// People's views of the nodes queries: the node table and the one-node description.

import { eventsSection, findingsSection, section, tableSection } from '../../render/sections.js';
import type { NodeDescription, NodeReport, NodeSummary, PodOnNode } from './schema.js';
import { age, secondsBetween, humanDuration } from '../../kube/time.js';
import { statusCell, topFindingCell } from '../../render/findings.js';
import { sourceLine } from '../../render/findings-text.js';
import { AGE, FINDING, listView } from '../../render/list.js';
import { cpuText, memoryText, percentText } from './text.js';
import { table, truncate, type Column, type Style } from '../../render/table.js';

type Amount = NodeSummary['resources']['cpu'];

function taintList(node: NodeSummary): string {
  return node.taints.map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`).join(',');
}

/** `45%`, or with -o wide `1800m (45%)`. */
function amountText(value: number, pct: number | undefined, format: (v: number) => string, wide: boolean) {
  return wide ? `${format(value)} (${percentText(pct)})` : percentText(pct);
}

type Resource = 'cpu' | 'memory';
const FORMAT: Record<Resource, (v: number) => string> = { cpu: cpuText, memory: memoryText };

function requestsColumn(header: string, r: Resource): Column<NodeSummary> {
  return {
    header,
    cell: (n, v) => amountText(n.resources[r].requests, n.resources[r].requestsPercent, FORMAT[r], v.wide),
  };
}

function usageColumn(header: string, r: Resource): Column<NodeSummary> {
  return {
    header,
    cell: (n, v) => {
      const a = n.resources[r];
      return a.usage === undefined ? 'n/a' : amountText(a.usage, a.usagePercent, FORMAT[r], v.wide);
    },
  };
}

function limitsColumn(header: string, r: Resource): Column<NodeSummary> {
  return {
    header,
    cell: (n) => amountText(n.resources[r].limits, n.resources[r].limitsPercent, FORMAT[r], true),
    wide: true,
  };
}

const NODE_COLUMNS: readonly Column<NodeSummary>[] = [
  { header: 'NAME', cell: (n) => n.name },
  { header: 'STATUS', cell: (n, v) => statusCell(n.status, n.findings, v.style) },
  { header: 'ROLES', cell: (n) => n.roles.join(',') || '<none>' },
  { header: 'PRESSURE', cell: (n) => n.pressure.join(',') || '<none>' },
  requestsColumn('CPU REQ', 'cpu'),
  requestsColumn('MEM REQ', 'memory'),
  usageColumn('CPU USE', 'cpu'),
  usageColumn('MEM USE', 'memory'),
  limitsColumn('CPU LIM', 'cpu'),
  limitsColumn('MEM LIM', 'memory'),
  { header: 'PODS', cell: (n) => `${n.resources.pods.count}/${n.resources.pods.allocatable}` },
  { header: 'TAINTS', cell: (n, v) => (v.wide ? taintList(n) || '<none>' : String(n.taints.length)) },
  AGE,
  { header: 'VERSION', cell: (n) => n.kubeletVersion ?? '<unknown>' },
  { header: 'INTERNAL-IP', cell: (n) => n.internalIP ?? '<none>', wide: true },
  FINDING,
];

/** Lines under a table or header that change how to read it. */
function noteLines(metrics: NodeReport['metrics'], scope: NodeReport['podScope']): string[] {
  const lines: string[] = [];
  if (!metrics.available) lines.push(`Usage: n/a. ${metrics.note ?? 'metrics.k8s.io is not served.'}`);
  else if (metrics.note) lines.push(`Usage: ${metrics.note}.`);
  if (scope.note) lines.push(scope.note);
  return lines;
}

export function nodeTable(report: NodeReport, wide: boolean, style: Style): string {
  return listView(
    {
      source: report.source,
      columns: NODE_COLUMNS,
      items: report.nodes,
      summary: {
        total: report.totalNodes,
        withFindings: report.nodesWithFindings,
        one: 'node',
        where: '',
        counts: report.counts,
      },
      empty: `No nodes${report.selector ? ` matching ${report.selector}` : ''}.`,
      notes: noteLines(report.metrics, report.podScope),
    },
    { style, wide, now: new Date(report.source.observedAt) },
  );
}

function resourceRows(result: NodeDescription): string[][] {
  const n = result.node;
  const row = (name: string, a: Amount, format: (v: number) => string) => [
    name,
    format(a.capacity),
    format(a.allocatable),
    `${format(a.requests)} (${percentText(a.requestsPercent)})`,
    `${format(a.limits)} (${percentText(a.limitsPercent)})`,
    a.usage === undefined ? 'n/a' : `${format(a.usage)} (${percentText(a.usagePercent)})`,
  ];
  const pods = n.resources.pods;
  return [
    row('cpu', n.resources.cpu, cpuText),
    row('memory', n.resources.memory, memoryText),
    [
      'pods',
      String(pods.capacity),
      String(pods.allocatable),
      `${pods.count} (${percentText(pods.percent)})`,
      '',
      '',
    ],
  ];
}

function podRow(pod: PodOnNode, now: Date, style: Style): string[] {
  return [
    pod.namespace,
    pod.name,
    statusCell(pod.status, pod.findings, style),
    pod.terminated ? '-' : cpuText(pod.requests.cpu),
    pod.terminated ? '-' : memoryText(pod.requests.memory),
    pod.terminated ? '-' : cpuText(pod.limits.cpu),
    pod.terminated ? '-' : memoryText(pod.limits.memory),
    age(pod.createdAt, now),
    topFindingCell(pod.findings, style),
  ];
}

function header(result: NodeDescription, now: Date, style: Style): string {
  const n = result.node;
  const beat = secondsBetween(n.lastHeartbeatTime, now);
  return [
    `Node:       ${n.name}`,
    `Status:     ${statusCell(n.status, result.findings, style)}   Roles: ${n.roles.join(',') || '<none>'}   Age: ${age(n.createdAt, now)}   Kubelet: ${n.kubeletVersion ?? '<unknown>'}`,
    `Addresses:  ${n.addresses.map((a) => `${a.type} ${a.address}`).join(', ') || '<none>'}`,
    `System:     ${[n.os, n.kernel && `kernel ${n.kernel}`, n.containerRuntime, n.architecture].filter(Boolean).join(', ') || '<unknown>'}`,
    `Taints:     ${taintList(n) || '<none>'}`,
    `Heartbeat:  ${beat !== undefined ? `${humanDuration(beat)} ago (${n.lastHeartbeatTime})` : '<never>'}`,
    sourceLine(result.source),
  ].join('\n');
}

export function nodeDescription(result: NodeDescription, style: Style): string {
  const now = new Date(result.source.observedAt);
  const parts = [header(result, now, style)];
  parts.push(
    section(
      'Conditions:',
      table(
        ['TYPE', 'STATUS', 'REASON', 'LAST TRANSITION', 'LAST HEARTBEAT', 'MESSAGE'],
        result.conditions.map((c) => [
          c.type,
          c.status,
          c.reason ?? '',
          c.lastTransitionTime ? `${age(c.lastTransitionTime, now)} ago` : '',
          c.lastHeartbeatTime ? `${age(c.lastHeartbeatTime, now)} ago` : '',
          truncate(c.message ?? '', 80),
        ]),
        style,
      ),
      style,
    ),
  );
  const notes = noteLines(result.metrics, result.podScope);
  parts.push(
    section(
      'Resources:',
      [
        table(
          ['RESOURCE', 'CAPACITY', 'ALLOCATABLE', 'REQUESTS', 'LIMITS', 'USAGE'],
          resourceRows(result),
          style,
        ),
        ...notes,
      ].join('\n'),
      style,
    ),
  );
  parts.push(
    tableSection(
      `Pods (${result.pods.length}, ${result.podsWithFindings} with findings):`,
      ['NAMESPACE', 'NAME', 'STATUS', 'CPU REQ', 'MEM REQ', 'CPU LIM', 'MEM LIM', 'AGE', 'FINDING'],
      result.pods.map((p) => podRow(p, now, style)),
      style,
    ),
  );
  parts.push(eventsSection(result.events, now, style));
  parts.push(findingsSection(result.findings, 'none: the node looks healthy', style));
  return parts.join('\n\n');
}
