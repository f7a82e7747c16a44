// People's views of the storage queries: the kubectl-style tables of claims, pods, volumes, classes and
// attachments, and the one-claim description.

import { eventsSection, findingsSection, section } from '../../render/sections.js';
import type { Finding } from '../../diagnose/finding.js';
import { accessModesText } from './rules.js';
import { age } from '../../kube/time.js';
import type { ClaimDescription, StorageReport } from './schema.js';
import { topFindingCell } from '../../render/findings.js';
import { sourceLine } from '../../render/findings-text.js';
import { findingsPhrase, plural } from '../../render/words.js';
import { claimClassText } from './text.js';
import { bold, severityText, table, truncate, type Style } from '../../render/table.js';

function statusCell(status: string, findings: Finding[], style: Style): string {
  const top = findings[0];
  return top && top.severity !== 'info' ? severityText(style, top.severity, status) : status;
}

function titled(title: string, body: string, style: Style): string {
  return `${bold(style, title)}\n${body}`;
}

function claimsTable(report: StorageReport, wide: boolean, style: Style, now: Date): string {
  const showNamespace = report.scope.allNamespaces;
  const head = [
    ...(showNamespace ? ['NAMESPACE'] : []),
    'NAME',
    'STATUS',
    'VOLUME',
    'CAPACITY',
    'ACCESS MODES',
    'STORAGECLASS',
    'USED BY',
    'AGE',
    ...(wide ? ['REQUESTED', 'VOLUMEMODE', 'NODES'] : []),
    'FINDING',
  ];
  const rows = report.claims.map((c) => [
    ...(showNamespace ? [c.namespace] : []),
    c.name,
    statusCell(c.status, c.findings, style),
    c.volume ?? '',
    c.capacity ?? '',
    accessModesText(c.accessModes),
    claimClassText(c),
    c.consumers.map((p) => p.name).join(',') || '<none>',
    age(c.createdAt, now),
    ...(wide
      ? [
          c.requested ?? '',
          c.volumeMode ?? 'Filesystem',
          [...new Set(c.consumers.map((p) => p.node).filter(Boolean))].join(','),
        ]
      : []),
    topFindingCell(c.findings, style),
  ]);
  return table(head, rows, style);
}

function podsTable(report: StorageReport, wide: boolean, style: Style): string {
  const showNamespace = report.scope.allNamespaces;
  const head = [...(showNamespace ? ['NAMESPACE'] : []), 'NAME', 'STATUS', 'NODE', 'CLAIMS', 'FINDING'];
  const rows = report.pods.map((p) => [
    ...(showNamespace ? [p.namespace] : []),
    p.name,
    statusCell(p.status, p.findings, style),
    p.node ?? '<none>',
    p.claims.join(','),
    topFindingCell(p.findings, style),
  ]);
  return table(head, rows, style);
}

function volumesTable(report: StorageReport, wide: boolean, style: Style, now: Date): string {
  const head = [
    'NAME',
    'CAPACITY',
    'ACCESS MODES',
    'RECLAIM POLICY',
    'STATUS',
    'CLAIM',
    'STORAGECLASS',
    'AGE',
    ...(wide ? ['DRIVER', 'MESSAGE'] : []),
    'FINDING',
  ];
  const rows = report.volumes.map((v) => [
    v.name,
    v.capacity ?? '',
    accessModesText(v.accessModes),
    v.reclaimPolicy ?? '',
    statusCell(v.status, v.findings, style),
    v.claim ?? '',
    v.storageClass ?? '',
    age(v.createdAt, now),
    ...(wide ? [v.driver ?? '', truncate(v.message ?? '', 60)] : []),
    topFindingCell(v.findings, style),
  ]);
  return table(head, rows, style);
}

function classesTable(report: StorageReport, wide: boolean, style: Style, now: Date): string {
  const head = [
    'NAME',
    'PROVISIONER',
    'RECLAIMPOLICY',
    'VOLUMEBINDINGMODE',
    'ALLOWVOLUMEEXPANSION',
    'AGE',
    'FINDING',
  ];
  const rows = report.storageClasses.map((c) => [
    c.isDefault ? `${c.name} (default)` : c.name,
    c.provisioner,
    c.reclaimPolicy,
    c.volumeBindingMode,
    String(c.allowVolumeExpansion),
    age(c.createdAt, now),
    topFindingCell(c.findings, style),
  ]);
  return table(head, rows, style);
}

function attachmentsTable(report: StorageReport, wide: boolean, style: Style, now: Date): string {
  const head = ['NAME', 'ATTACHER', 'PV', 'CLAIM', 'NODE', 'ATTACHED', 'AGE', 'FINDING'];
  const rows = report.attachments.map((a) => [
    a.name,
    a.attacher ?? '',
    a.volume ?? '<inline>',
    a.claim ?? '',
    a.node ?? '',
    statusCell(String(a.attached), a.findings, style),
    age(a.createdAt, now),
    topFindingCell(a.findings, style),
  ]);
  return table(head, rows, style);
}

/** Claims first (what the user asked about), then the pods that mount them, then the cluster-wide objects. */
export function storageTables(report: StorageReport, wide: boolean, style: Style): string {
  const now = new Date(report.source.observedAt);
  const where = report.scope.allNamespaces ? 'all namespaces' : `namespace ${report.scope.namespace}`;
  const parts: string[] = [];
  if (report.source.kind === 'snapshot') parts.push(sourceLine(report.source));
  parts.push(
    report.claims.length
      ? claimsTable(report, wide, style, now)
      : `No PersistentVolumeClaims in ${where}${report.scope.selector ? ` matching ${report.scope.selector}` : ''}.`,
  );
  if (report.pods.some((p) => p.findings.length > 0)) {
    const blocked = { ...report, pods: report.pods.filter((p) => p.findings.length > 0) };
    parts.push(titled('Pods waiting for storage:', podsTable(blocked, wide, style), style));
  }
  if (report.volumes.length)
    parts.push(titled('PersistentVolumes:', volumesTable(report, wide, style, now), style));
  if (report.storageClasses.length)
    parts.push(titled('StorageClasses:', classesTable(report, wide, style, now), style));
  if (report.attachments.length)
    parts.push(titled('VolumeAttachments:', attachmentsTable(report, wide, style, now), style));
  if (style.headers === false) return parts.filter((p) => !p.startsWith('source:')).join('\n');
  const t = report.totals;
  // The summary comes first, after where the data came from.
  const summary = `${plural(t.claims, 'claim')} in ${where}, ${plural(t.volumes, 'volume')}, ${plural(t.storageClasses, 'storage class', 'storage classes')}, ${plural(t.attachments, 'attachment')}: ${findingsPhrase(report.counts)}.`;
  parts.splice(report.source.kind === 'snapshot' ? 1 : 0, 0, summary);
  return parts.join('\n\n');
}

export function claimDescription(result: ClaimDescription, style: Style): string {
  const c = result.claim;
  const now = new Date(result.source.observedAt);
  const top = result.findings[0];
  const header = [
    `PersistentVolumeClaim: ${c.namespace}/${c.name}`,
    `Status:        ${top && top.severity !== 'info' ? severityText(style, top.severity, c.status) : c.status}   Age: ${age(c.createdAt, now)}`,
    `Volume:        ${c.volume ?? '<none>'}`,
    `Capacity:      ${c.capacity ?? '<none>'} (requested ${c.requested ?? '?'})`,
    `Access modes:  ${accessModesText(c.accessModes) || '<none>'}   Volume mode: ${c.volumeMode ?? 'Filesystem'}`,
    `StorageClass:  ${claimClassText(c) || '<none>'}${result.storageClass ? ` (provisioner ${result.storageClass.provisioner}, ${result.storageClass.volumeBindingMode})` : c.storageClassSource === 'spec' ? ' (not found)' : ''}`,
    ...(c.selectedNode ? [`Selected node: ${c.selectedNode}`] : []),
    `Used by:       ${c.consumers.map((p) => `${p.name} (${p.status}${p.node ? ` on ${p.node}` : ''})`).join(', ') || '<none>'}`,
    sourceLine(result.source),
  ];
  const parts = [header.join('\n')];
  if (result.volume) {
    const v = result.volume;
    parts.push(
      section(
        'Volume:',
        [
          `${v.name}: ${v.status}, ${v.capacity ?? '?'} ${accessModesText(v.accessModes)}, reclaim ${v.reclaimPolicy ?? '?'}${v.driver ? `, driver ${v.driver}` : ''}`,
          ...(v.message ? [`message: ${v.message}`] : []),
        ].join('\n'),
        style,
      ),
    );
  }
  if (result.attachments.length) {
    parts.push(
      section(
        'Attachments:',
        table(
          ['NODE', 'ATTACHED', 'ERROR'],
          result.attachments.map((a) => [
            a.node ?? '',
            String(a.attached),
            truncate(
              a.attachError ? `attach: ${a.attachError}` : a.detachError ? `detach: ${a.detachError}` : '',
              100,
            ),
          ]),
          style,
        ),
        style,
      ),
    );
  }
  parts.push(eventsSection(result.events, now, style, true));
  parts.push(findingsSection(result.findings, 'none: the claim looks healthy', style));
  return parts.join('\n\n');
}
