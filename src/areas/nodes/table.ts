// People's views of the nodes queries: the node table and the one-node description.

import { eventsSection, findingsSection, section } from '../../render/sections.js';
import type { NodeDescription, NodeReport, NodeSummary, PodOnNode } from './schema.js';
import { age, secondsBetween, humanDuration } from '../../kube/time.js';
import { topFindingCell } from '../../render/findings.js';
import { sourceLine } from '../../render/findings-text.js';
import { listSummary } from '../../render/words.js';
import { cpuText, memoryText, percentText } from './text.js';
import { severityText, table, truncate, type Style } from '../../render/table.js';

type Amount = NodeSummary['resources']['cpu'];

function taintList(node: NodeSummary): string {
  return node.taints.map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`).join(',');
}

/** `45%`, or with -o wide `1800m (45%)`. */
function amountCell(
  value: number,
  pct: number | undefined,
  format: (v: number) => string,
  wide: boolean,
): string {
  return wide ? `${format(value)} (${percentText(pct)})` : percentText(pct);
}

function usageCell(amount: Amount, format: (v: number) => string, wide: boolean): string {
  if (amount.usage === undefined) return 'n/a';
  return amountCell(amount.usage, amount.usagePercent, format, wide);
}

function nodeRow(node: NodeSummary, now: Date, wide: boolean, style: Style): string[] {
  const top = node.findings[0];
  const { cpu, memory, pods } = node.resources;
  return [
    node.name,
    top ? severityText(style, top.severity, node.status) : node.status,
    node.roles.join(',') || '<none>',
    node.pressure.join(',') || '<none>',
    amountCell(cpu.requests, cpu.requestsPercent, cpuText, wide),
    amountCell(memory.requests, memory.requestsPercent, memoryText, wide),
    usageCell(cpu, cpuText, wide),
    usageCell(memory, memoryText, wide),
    ...(wide
      ? [
          amountCell(cpu.limits, cpu.limitsPercent, cpuText, true),
          amountCell(memory.limits, memory.limitsPercent, memoryText, true),
        ]
      : []),
    `${pods.count}/${pods.allocatable}`,
    wide ? taintList(node) || '<none>' : String(node.taints.length),
    age(node.createdAt, now),
    node.kubeletVersion ?? '<unknown>',
    ...(wide ? [node.internalIP ?? '<none>'] : []),
    topFindingCell(node.findings, style),
  ];
}

/** Lines under a table or header that change how to read it. */
function noteLines(metrics: NodeReport['metrics'], scope: NodeReport['podScope']): string[] {
  const lines: string[] = [];
  if (!metrics.available) lines.push(`Usage: n/a. ${metrics.note ?? 'metrics.k8s.io is not served.'}`);
  else if (metrics.note) lines.push(`Usage: ${metrics.note}.`);
  if (scope.note) lines.push(scope.note);
  return lines;
}

export function nodeTable(report: NodeReport, wide: boolean, style: Style): string {
  const now = new Date(report.source.observedAt);
  const head = [
    'NAME',
    'STATUS',
    'ROLES',
    'PRESSURE',
    'CPU REQ',
    'MEM REQ',
    'CPU USE',
    'MEM USE',
    ...(wide ? ['CPU LIM', 'MEM LIM'] : []),
    'PODS',
    'TAINTS',
    'AGE',
    'VERSION',
    ...(wide ? ['INTERNAL-IP'] : []),
    'FINDING',
  ];
  const rows = report.nodes.map((n) => nodeRow(n, now, wide, style));
  if (style.headers === false) return table(head, rows, style);
  const lines: string[] = [];
  if (report.source.kind === 'snapshot') lines.push(sourceLine(report.source), '');
  if (report.totalNodes === 0) {
    lines.push(`No nodes${report.selector ? ` matching ${report.selector}` : ''}.`);
  } else {
    lines.push(
      listSummary({
        total: report.totalNodes,
        withFindings: report.nodesWithFindings,
        one: 'node',
        where: '',
        counts: report.counts,
        shown: report.nodes.length,
      }),
    );
    if (rows.length) lines.push('', table(head, rows, style));
  }
  const notes = noteLines(report.metrics, report.podScope);
  if (notes.length) lines.push('', ...notes);
  return lines.join('\n');
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
  const top = pod.findings[0];
  return [
    pod.namespace,
    pod.name,
    top ? severityText(style, top.severity, pod.status) : pod.status,
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
  const top = result.findings[0];
  const beat = secondsBetween(n.lastHeartbeatTime, now);
  return [
    `Node:       ${n.name}`,
    `Status:     ${top ? severityText(style, top.severity, n.status) : n.status}   Roles: ${n.roles.join(',') || '<none>'}   Age: ${age(n.createdAt, now)}   Kubelet: ${n.kubeletVersion ?? '<unknown>'}`,
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
    section(
      `Pods (${result.pods.length}, ${result.podsWithFindings} with findings):`,
      result.pods.length
        ? table(
            ['NAMESPACE', 'NAME', 'STATUS', 'CPU REQ', 'MEM REQ', 'CPU LIM', 'MEM LIM', 'AGE', 'FINDING'],
            result.pods.map((p) => podRow(p, now, style)),
            style,
          )
        : '<none>',
      style,
    ),
  );
  parts.push(eventsSection(result.events, now, style));
  parts.push(findingsSection(result.findings, 'none: the node looks healthy', style));
  return parts.join('\n\n');
}
