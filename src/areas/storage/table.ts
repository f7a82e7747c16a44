// People's views of the storage queries: the kubectl-style tables of claims, pods, volumes, classes and
// attachments, and the one-claim description.

import { eventsSection, findingsSection, section } from '../../render/sections.js';
import type { Finding } from '../../diagnose/finding.js';
import { accessModesText } from './rules.js';
import { age } from '../../kube/time.js';
import { AGE, FINDING } from '../../render/list.js';
import type { ClaimDescription, StorageReport } from './schema.js';
import { statusCell } from '../../render/findings.js';
import { sourceLine } from '../../render/findings-text.js';
import { findingsPhrase, plural, scopeText } from '../../render/words.js';
import { claimClassText } from './text.js';
import {
  bold,
  columnsTable,
  table,
  truncate,
  withNamespace,
  type Column,
  type Style,
} from '../../render/table.js';

type Row<K extends 'claims' | 'pods' | 'volumes' | 'storageClasses' | 'attachments'> =
  StorageReport[K][number];

/** Storage STATUS cells are colored by warnings and criticals only: an info finding is no trouble. */
function status<T extends { findings: Finding[] }>(text: (o: T) => string): Column<T>['cell'] {
  return (o, v) => statusCell(text(o), o.findings, v.style, false);
}

function titled(title: string, body: string, style: Style): string {
  return `${bold(style, title)}\n${body}`;
}

const CLAIM_COLUMNS: readonly Column<Row<'claims'>>[] = [
  { header: 'NAME', cell: (c) => c.name },
  { header: 'STATUS', cell: status((c) => c.status) },
  { header: 'VOLUME', cell: (c) => c.volume ?? '' },
  { header: 'CAPACITY', cell: (c) => c.capacity ?? '' },
  { header: 'ACCESS MODES', cell: (c) => accessModesText(c.accessModes) },
  { header: 'STORAGECLASS', cell: claimClassText },
  { header: 'USED BY', cell: (c) => c.consumers.map((p) => p.name).join(',') || '<none>' },
  AGE,
  { header: 'REQUESTED', cell: (c) => c.requested ?? '', wide: true },
  { header: 'VOLUMEMODE', cell: (c) => c.volumeMode ?? 'Filesystem', wide: true },
  {
    header: 'NODES',
    cell: (c) => [...new Set(c.consumers.map((p) => p.node).filter(Boolean))].join(','),
    wide: true,
  },
  FINDING,
];

const POD_COLUMNS: readonly Column<Row<'pods'>>[] = [
  { header: 'NAME', cell: (p) => p.name },
  { header: 'STATUS', cell: status((p) => p.status) },
  { header: 'NODE', cell: (p) => p.node ?? '<none>' },
  { header: 'CLAIMS', cell: (p) => p.claims.join(',') },
  FINDING,
];

const VOLUME_COLUMNS: readonly Column<Row<'volumes'>>[] = [
  { header: 'NAME', cell: (v) => v.name },
  { header: 'CAPACITY', cell: (v) => v.capacity ?? '' },
  { header: 'ACCESS MODES', cell: (v) => accessModesText(v.accessModes) },
  { header: 'RECLAIM POLICY', cell: (v) => v.reclaimPolicy ?? '' },
  { header: 'STATUS', cell: status((v) => v.status) },
  { header: 'CLAIM', cell: (v) => v.claim ?? '' },
  { header: 'STORAGECLASS', cell: (v) => v.storageClass ?? '' },
  AGE,
  { header: 'DRIVER', cell: (v) => v.driver ?? '', wide: true },
  { header: 'MESSAGE', cell: (v) => truncate(v.message ?? '', 60), wide: true },
  FINDING,
];

const CLASS_COLUMNS: readonly Column<Row<'storageClasses'>>[] = [
  { header: 'NAME', cell: (c) => (c.isDefault ? `${c.name} (default)` : c.name) },
  { header: 'PROVISIONER', cell: (c) => c.provisioner },
  { header: 'RECLAIMPOLICY', cell: (c) => c.reclaimPolicy },
  { header: 'VOLUMEBINDINGMODE', cell: (c) => c.volumeBindingMode },
  { header: 'ALLOWVOLUMEEXPANSION', cell: (c) => String(c.allowVolumeExpansion) },
  AGE,
  FINDING,
];

const ATTACHMENT_COLUMNS: readonly Column<Row<'attachments'>>[] = [
  { header: 'NAME', cell: (a) => a.name },
  { header: 'ATTACHER', cell: (a) => a.attacher ?? '' },
  { header: 'PV', cell: (a) => a.volume ?? '<inline>' },
  { header: 'CLAIM', cell: (a) => a.claim ?? '' },
  { header: 'NODE', cell: (a) => a.node ?? '' },
  { header: 'ATTACHED', cell: status((a) => String(a.attached)) },
  AGE,
  FINDING,
];

/** Claims first (what the user asked about), then the pods that mount them, then the cluster-wide objects. */
export function storageTables(report: StorageReport, wide: boolean, style: Style): string {
  const view = { style, wide, now: new Date(report.source.observedAt) };
  const namespaced = report.scope.allNamespaces;
  const where = scopeText({ ...report.scope, selector: undefined });
  const parts: string[] = [];
  if (report.source.kind === 'snapshot') parts.push(sourceLine(report.source));
  parts.push(
    report.claims.length
      ? columnsTable(withNamespace(CLAIM_COLUMNS, namespaced), report.claims, view)
      : `No PersistentVolumeClaims in ${scopeText(report.scope)}.`,
  );
  const titledTable = <T>(title: string, columns: readonly Column<T>[], items: readonly T[]) =>
    items.length ? [titled(title, columnsTable(columns, items, view), style)] : [];
  parts.push(
    ...titledTable(
      'Pods waiting for storage:',
      withNamespace(POD_COLUMNS, namespaced),
      report.pods.filter((p) => p.findings.length > 0),
    ),
    ...titledTable('PersistentVolumes:', VOLUME_COLUMNS, report.volumes),
    ...titledTable('StorageClasses:', CLASS_COLUMNS, report.storageClasses),
    ...titledTable('VolumeAttachments:', ATTACHMENT_COLUMNS, report.attachments),
  );
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
  const header = [
    `PersistentVolumeClaim: ${c.namespace}/${c.name}`,
    `Status:        ${statusCell(c.status, result.findings, style, false)}   Age: ${age(c.createdAt, now)}`,
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
