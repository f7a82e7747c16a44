// People's views of the pods queries: the list table and the one-pod description.

import type { PodReport } from './schema.js';
import { age } from '../../kube/time.js';
import { sourceLine } from '../../render/findings-text.js';
import { listSummary } from '../../render/words.js';
import { severityText, table, type Style } from '../../render/table.js';
import { topFindingCell } from '../../render/findings.js';

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

// One pod in depth: ./describe.ts.
export { podDescription } from './describe.js';
