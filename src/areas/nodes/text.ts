// Compact text for the nodes queries: what a model reads first (structuredContent carries the rest).

import type {
  NodeConditionsResult,
  NodeDescription,
  NodeMetricsResult,
  NodeReport,
  NodeSummary,
  PodOnNode,
  PodScope,
  PodsOnNodeResult,
} from './schema.js';
import { formatBytes, formatMilliCores } from '../../kube/quantity.js';
import { humanDuration } from '../../kube/time.js';
import { countsText, eventLines, findingLines, sourceLine } from '../../render/findings-text.js';

type Resources = NodeSummary['resources'];

export function cpuText(milli: number): string {
  return formatMilliCores(milli);
}

export function memoryText(value: number): string {
  return formatBytes(value);
}

export function percentText(value: number | undefined): string {
  return value === undefined ? 'n/a' : `${value}%`;
}

/** `cpu 1800m/4 requested (45%), used 12%` — usage says n/a when metrics are not served. */
function resourceText(resources: Resources): string {
  const { cpu, memory, pods } = resources;
  return [
    `cpu req ${cpuText(cpu.requests)}/${cpuText(cpu.allocatable)} (${percentText(cpu.requestsPercent)}) used ${percentText(cpu.usagePercent)}`,
    `mem req ${memoryText(memory.requests)}/${memoryText(memory.allocatable)} (${percentText(memory.requestsPercent)}) used ${percentText(memory.usagePercent)}`,
    `pods ${pods.count}/${pods.allocatable}`,
  ].join(', ');
}

/** Notes that change how to read the numbers: usage missing, pods outside the fence not counted. */
export function notes(metrics: { available: boolean; note?: string }, scope: PodScope): string[] {
  return [metrics.note ? `note: ${metrics.note}` : '', scope.note ? `note: ${scope.note}` : ''].filter(
    Boolean,
  );
}

function nodeLine(node: NodeSummary): string {
  const extra = [
    node.roles.length ? `roles=${node.roles.join(',')}` : '',
    node.pressure.length ? `pressure=${node.pressure.join(',')}` : '',
    node.taints.length
      ? `taints=${node.taints.map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`).join(',')}`
      : '',
    node.kubeletVersion ? `kubelet=${node.kubeletVersion}` : '',
  ].filter(Boolean);
  return `${node.name} ${node.status}; ${resourceText(node.resources)}${extra.length ? `; ${extra.join(' ')}` : ''}`;
}

export function nodeReportText(report: NodeReport): string {
  const lines = [
    `${report.totalNodes} nodes${report.selector ? ` matching ${report.selector}` : ''}; ${report.nodesWithFindings} with findings (${countsText(report.counts)}).`,
    sourceLine(report.source),
    ...notes(report.metrics, report.podScope),
  ];
  for (const node of report.nodes) {
    lines.push(nodeLine(node));
    for (const finding of node.findings) lines.push(...findingLines(finding, '  '));
  }
  if (report.totalNodes === 0) lines.push('No nodes found.');
  return lines.join('\n');
}

function conditionLine(c: NodeConditionsResult['conditions'][number]): string {
  return `  condition ${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ''}${c.lastTransitionTime ? ` since ${c.lastTransitionTime}` : ''}${c.message ? `: ${c.message}` : ''}`;
}

function taintLine(t: NodeConditionsResult['taints'][number]): string {
  return `  taint ${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`;
}

export function nodeConditionsText(result: NodeConditionsResult): string {
  const beat =
    result.secondsSinceHeartbeat !== undefined
      ? `; kubelet last posted status ${humanDuration(result.secondsSinceHeartbeat)} ago (${result.lastHeartbeatTime})`
      : '; no heartbeat recorded';
  const lines = [
    `node ${result.node}: ${result.status}${beat}`,
    sourceLine(result.source),
    ...result.conditions.map(conditionLine),
    ...result.taints.map(taintLine),
  ];
  lines.push(result.findings.length ? 'findings:' : 'no findings.');
  for (const finding of result.findings) lines.push(...findingLines(finding, '  '));
  return lines.join('\n');
}

export function nodeMetricsText(result: NodeMetricsResult): string {
  const lines = [
    `${result.nodes.length} node${result.nodes.length === 1 ? '' : 's'}; usage ${result.metrics.available ? 'from metrics.k8s.io' : 'unavailable'}.`,
    sourceLine(result.source),
    ...notes(result.metrics, result.podScope),
  ];
  for (const node of result.nodes) {
    const { cpu, memory } = node.resources;
    lines.push(
      `${node.name} ${node.status}; ${resourceText(node.resources)}; limits cpu ${cpuText(cpu.limits)} (${percentText(cpu.limitsPercent)}) mem ${memoryText(memory.limits)} (${percentText(memory.limitsPercent)})` +
        (cpu.usage !== undefined && memory.usage !== undefined
          ? `; usage cpu ${cpuText(cpu.usage)} mem ${memoryText(memory.usage)}`
          : ''),
    );
    for (const finding of node.findings) lines.push(...findingLines(finding, '  '));
  }
  return lines.join('\n');
}

function podLine(pod: PodOnNode): string {
  return `${pod.namespace}/${pod.name} status=${pod.status} ready=${pod.ready} restarts=${pod.restarts} requests cpu=${cpuText(pod.requests.cpu)} mem=${memoryText(pod.requests.memory)}${pod.terminated ? ' (terminated: holds no resources)' : ''}`;
}

export function podsOnNodeText(result: PodsOnNodeResult): string {
  const lines = [
    `${result.totalPods} pods on node ${result.node}${result.namespace ? ` in namespace ${result.namespace}` : ''}; ${result.podsWithFindings} with findings (${countsText(result.counts)}); requests cpu ${cpuText(result.requests.cpu)} mem ${memoryText(result.requests.memory)}.`,
    sourceLine(result.source),
    ...(result.podScope.note ? [`note: ${result.podScope.note}`] : []),
  ];
  for (const pod of result.pods) {
    lines.push(podLine(pod));
    for (const finding of pod.findings) lines.push(...findingLines(finding, '  '));
  }
  return lines.join('\n');
}

export function nodeDescriptionText(result: NodeDescription): string {
  const n = result.node;
  const lines = [
    `node ${n.name}: ${n.status}${n.roles.length ? `, roles ${n.roles.join(',')}` : ''}, kubelet ${n.kubeletVersion ?? 'unknown'}, ${n.addresses.map((a) => `${a.type} ${a.address}`).join(', ')}`,
    sourceLine(result.source),
    ...notes(result.metrics, result.podScope),
    `  ${resourceText(n.resources)}`,
    ...result.conditions.map(conditionLine),
    ...n.taints.map(taintLine),
  ];
  lines.push(result.findings.length ? 'findings:' : 'no node findings.');
  for (const finding of result.findings) lines.push(...findingLines(finding, '  '));
  lines.push(`${result.pods.length} pods on the node, ${result.podsWithFindings} with findings:`);
  for (const pod of result.pods) {
    lines.push(`  ${podLine(pod)}`);
    for (const finding of pod.findings) lines.push(...findingLines(finding, '    '));
  }
  lines.push(...eventLines('recent node events:', result.events));
  return lines.join('\n');
}
