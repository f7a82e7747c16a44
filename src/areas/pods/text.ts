// Compact text for the pods queries: what a model reads first (structuredContent carries the rest).

import type {
  PodDescription as Description,
  PodEventsResult as Events,
  PodLogResult as Log,
  PodReport as Report,
  PodStatusResult as Status,
} from './schema.js';
import { countsText, eventLines, findingLines, sourceLine } from '../../render/findings-text.js';
import { namesByNamespace } from '../../render/grouped.js';

function scopeText(scope: Report['scope']): string {
  const where = scope.allNamespaces ? 'all namespaces' : `namespace ${scope.namespace}`;
  return scope.selector ? `${where}, selector ${scope.selector}` : where;
}

/** Up to this many pods with findings are shown one by one, with evidence; more are grouped by reason. */
export const DETAILED_PODS = 20;

export function podReportText(report: Report): string {
  const healthy = report.totalPods - report.podsWithFindings;
  const shownHealthy = report.pods.filter((p) => p.findings.length === 0).length;
  const lines = [
    `${report.totalPods} pods in ${scopeText(report.scope)}; ${report.podsWithFindings} with findings (${countsText(report.counts)}); ${healthy} healthy${healthy > 0 && shownHealthy === 0 ? ' (counted, not listed)' : ''}.`,
    sourceLine(report.source),
  ];
  if (report.podsWithFindings > DETAILED_PODS) {
    // Every failing pod is still named with its reason: one line per reason (each namespace written once),
    // then the healthy ones.
    for (const group of report.byReason) {
      lines.push(
        `[${group.severity}] ${group.reason} (${group.pods.length}): ${namesByNamespace(group.pods)}`,
      );
      lines.push(`  e.g. ${group.example}`);
    }
    for (const pod of report.pods.filter((p) => p.findings.length === 0))
      lines.push(`${pod.namespace}/${pod.name}  status=${pod.status} ready=${pod.ready}`);
  } else {
    for (const pod of report.pods) {
      lines.push(
        `${pod.namespace}/${pod.name}  status=${pod.status} ready=${pod.ready} restarts=${pod.restarts}${pod.node ? ` node=${pod.node}` : ''}`,
      );
      for (const finding of pod.findings) lines.push(...findingLines(finding, '  '));
    }
  }
  if (report.totalPods === 0) lines.push('No pods found.');
  if (report.noPodsBecause?.length) {
    lines.push('Controllers here cannot create pods:');
    for (const finding of report.noPodsBecause) lines.push(...findingLines(finding, '  '));
  }
  return lines.join('\n');
}

function containerLines(containers: Status['containers']): string[] {
  return containers.map((c) => {
    const state = [
      c.state.state,
      c.state.reason,
      c.state.exitCode !== undefined ? `exit ${c.state.exitCode}` : '',
    ]
      .filter(Boolean)
      .join(' ');
    const last = c.lastState
      ? `; last: ${[c.lastState.state, c.lastState.reason, c.lastState.exitCode !== undefined ? `exit ${c.lastState.exitCode}` : ''].filter(Boolean).join(' ')}`
      : '';
    return `  ${c.kind === 'init' ? 'init ' : ''}container ${c.name}: ${state}, ready=${c.ready}, restarts=${c.restartCount}${last}`;
  });
}

export function podStatusText(result: Status): string {
  const p = result.pod;
  const lines = [
    `pod ${p.namespace}/${p.name}: ${p.status} (phase ${p.phase}), ready ${p.ready}, restarts ${p.restarts}${p.node ? `, node ${p.node}` : ''}`,
    sourceLine(result.source),
    ...result.conditions.map(
      (c) =>
        `  condition ${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ''}${c.message ? `: ${c.message}` : ''}`,
    ),
    ...containerLines(result.containers),
  ];
  lines.push(result.findings.length ? 'findings:' : 'no findings.');
  for (const finding of result.findings) lines.push(...findingLines(finding, '  '));
  return lines.join('\n');
}

export function podEventsText(result: Events): string {
  if (result.events.length === 0)
    return `no events for pod ${result.namespace}/${result.pod} (events expire after about an hour).`;
  return [
    `${result.events.length} events for pod ${result.namespace}/${result.pod}, newest first:`,
    ...result.events.map((e) => `  ${e.lastSeen ?? '?'} ${e.type} ${e.reason} (x${e.count}): ${e.message}`),
  ].join('\n');
}

export function podLogText(result: Log): string {
  const which = `${result.previous ? 'previous instance of ' : ''}container ${result.container} of pod ${result.namespace}/${result.pod}`;
  const head = `last ${result.lines} lines of ${which}${result.truncated ? ' (cut at 1 MiB)' : ''}:`;
  return result.lines === 0 ? `the log of ${which} is empty.` : `${head}\n${result.text}`;
}

export function podDescriptionText(result: Description): string {
  const p = result.pod;
  const lines = [podStatusText(result)];
  const about = [
    result.controlledBy.length ? `controlled by ${result.controlledBy.join(' <- ')}` : '',
    p.serviceAccount ? `service account ${p.serviceAccount}` : '',
    p.qosClass ? `QoS ${p.qosClass}` : '',
  ].filter(Boolean);
  if (about.length) lines.push(about.join('; '));
  if (p.volumes.length)
    lines.push(`volumes: ${p.volumes.map((v) => `${v.name}=${v.type} ${v.source}`.trim()).join(', ')}`);
  for (const c of result.containers.filter((c) => c.probes.length))
    lines.push(`probes of ${c.name}: ${c.probes.join('; ')}`);
  lines.push(...eventLines('recent events:', result.events));
  if (result.log?.text !== undefined) {
    lines.push(
      `log tail of ${result.log.previous ? 'previous instance of ' : ''}container ${result.log.container}:`,
      result.log.text.trimEnd(),
    );
  } else if (result.log?.error) {
    lines.push(`log of container ${result.log.container} unavailable: ${result.log.error}`);
  }
  return lines.join('\n');
}
