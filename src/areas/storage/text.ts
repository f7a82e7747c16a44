// Compact text for the storage queries: what a model reads first (structuredContent carries the rest).

import type { Finding } from '../../diagnose/finding.js';
import { accessModesText } from './rules.js';
import type {
  AttachmentList,
  AttachmentSummary,
  ClaimDescription,
  ClaimSummary,
  ClassSummary,
  StorageClassList,
  StoragePod,
  StorageReport,
  VolumeDescription,
  VolumeSummary,
} from './schema.js';
import { countsText, findingLines, sourceLine } from '../../render/findings-text.js';

function fields(pairs: [string, string | undefined][]): string {
  return pairs
    .filter(([, value]) => value !== undefined && value !== '')
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');
}

/** One object on a line (`kind name key=value …`), its findings indented under it. */
function objectLines(
  indent: string,
  head: string,
  pairs: [string, string | undefined][],
  findings: Finding[],
): string[] {
  return [`${indent}${head} ${fields(pairs)}`, ...findings.flatMap((f) => findingLines(f, `${indent}  `))];
}

export function claimClassText(claim: Pick<ClaimSummary, 'storageClass' | 'storageClassSource'>): string {
  switch (claim.storageClassSource) {
    case 'default':
      return `${claim.storageClass ?? '?'} (default)`;
    case 'unset':
      return '<unset>';
    case 'empty':
      return '""';
    default:
      return claim.storageClass ?? '';
  }
}

function claimLine(c: ClaimSummary, indent = ''): string[] {
  return objectLines(
    indent,
    `claim ${c.namespace}/${c.name}`,
    [
      ['status', c.status],
      ['volume', c.volume],
      ['capacity', c.capacity],
      ['requested', c.requested],
      ['modes', accessModesText(c.accessModes)],
      ['class', claimClassText(c)],
      ['used-by', c.consumers.map((p) => p.name).join(',')],
    ],
    c.findings,
  );
}

function volumeLine(v: VolumeSummary, indent = ''): string[] {
  return objectLines(
    indent,
    `volume ${v.name}`,
    [
      ['status', v.status],
      ['claim', v.claim],
      ['capacity', v.capacity],
      ['modes', accessModesText(v.accessModes)],
      ['reclaim', v.reclaimPolicy],
      ['class', v.storageClass],
      ['driver', v.driver],
    ],
    v.findings,
  );
}

function classLine(c: ClassSummary, indent = ''): string[] {
  return objectLines(
    indent,
    `class ${c.name}${c.isDefault ? ' (default)' : ''}`,
    [
      ['provisioner', c.provisioner],
      ['binding', c.volumeBindingMode],
      ['reclaim', c.reclaimPolicy],
      ['expansion', String(c.allowVolumeExpansion)],
    ],
    c.findings,
  );
}

function attachmentLine(a: AttachmentSummary, indent = ''): string[] {
  return objectLines(
    indent,
    `attachment ${a.name}`,
    [
      ['volume', a.volume],
      ['claim', a.claim],
      ['node', a.node],
      ['attached', String(a.attached)],
      ['attacher', a.attacher],
    ],
    a.findings,
  );
}

function podLine(p: StoragePod, indent = ''): string[] {
  return objectLines(
    indent,
    `pod ${p.namespace}/${p.name}`,
    [
      ['status', p.status],
      ['node', p.node],
      ['claims', p.claims.join(',')],
    ],
    p.findings,
  );
}

export function storageReportText(report: StorageReport): string {
  const where = report.scope.allNamespaces ? 'all namespaces' : `namespace ${report.scope.namespace}`;
  const t = report.totals;
  const lines = [
    `storage in ${where}${report.scope.selector ? `, claims matching ${report.scope.selector}` : ''}: ${t.claims} claims, ${t.volumes} volumes, ${t.storageClasses} storage classes, ${t.attachments} attachments, ${t.pods} pods with claims; findings: ${countsText(report.counts)}.`,
    sourceLine(report.source),
    ...report.claims.flatMap((c) => claimLine(c)),
    ...report.pods.flatMap((p) => podLine(p)),
    ...report.volumes.flatMap((v) => volumeLine(v)),
    ...report.storageClasses.flatMap((c) => classLine(c)),
    ...report.attachments.flatMap((a) => attachmentLine(a)),
  ];
  if (lines.length === 2) lines.push('No storage findings.');
  return lines.join('\n');
}

export function claimDescriptionText(result: ClaimDescription): string {
  const c = result.claim;
  const lines = [
    ...claimLine({ ...c, findings: [] }),
    sourceLine(result.source),
    ...(c.selectedNode ? [`  selected node: ${c.selectedNode}`] : []),
    ...c.conditions.map(
      (k) =>
        `  condition ${k.type}=${k.status}${k.reason ? ` (${k.reason})` : ''}${k.message ? `: ${k.message}` : ''}`,
    ),
    ...(result.volume ? volumeLine({ ...result.volume, findings: [] }, '  ') : ['  volume: none bound']),
    ...(result.storageClass ? classLine({ ...result.storageClass, findings: [] }, '  ') : []),
    ...result.pods.map(
      (p) =>
        `  used by pod ${p.name} ${fields([
          ['status', p.status],
          ['node', p.node],
        ])}`,
    ),
    ...result.attachments.map(
      (a) =>
        `  attached to ${a.node ?? '?'}: ${a.attached}${a.attachError ? `, attach error: ${a.attachError}` : ''}${a.detachError ? `, detach error: ${a.detachError}` : ''}`,
    ),
  ];
  if (result.events.length) {
    lines.push(
      'recent events:',
      ...result.events
        .slice(0, 10)
        .map((e) => `  ${e.lastSeen ?? '?'} ${e.type} ${e.reason} ${e.object} (x${e.count}): ${e.message}`),
    );
  }
  lines.push(result.findings.length ? 'findings:' : 'no findings.');
  for (const f of result.findings) lines.push(...findingLines(f, '  '));
  return lines.join('\n');
}

export function volumeDescriptionText(result: VolumeDescription): string {
  const v = result.volume;
  const lines = [
    ...volumeLine({ ...v, findings: [] }),
    sourceLine(result.source),
    ...(v.volumeHandle ? [`  volume handle: ${v.volumeHandle}`] : []),
    ...(v.message ? [`  message: ${v.message}`] : []),
    result.claim
      ? `  claim ${result.claim.namespace}/${result.claim.name}: ${result.claim.status}`
      : '  claim: none',
    ...(result.storageClass ? classLine({ ...result.storageClass, findings: [] }, '  ') : []),
    ...result.attachments.map((a) => `  attached to ${a.node ?? '?'}: ${a.attached}`),
  ];
  lines.push(result.findings.length ? 'findings:' : 'no findings.');
  for (const f of result.findings) lines.push(...findingLines(f, '  '));
  return lines.join('\n');
}

export function storageClassesText(result: StorageClassList): string {
  return [
    `${result.storageClasses.length} storage classes; default: ${result.defaultClass ?? 'none'}; findings: ${countsText(result.counts)}.`,
    sourceLine(result.source),
    ...result.storageClasses.flatMap((c) => classLine(c)),
  ].join('\n');
}

export function attachmentsText(result: AttachmentList): string {
  const filter = [result.node ? `node ${result.node}` : '', result.pv ? `volume ${result.pv}` : '']
    .filter(Boolean)
    .join(', ');
  return [
    `${result.attachments.length} volume attachments${filter ? ` for ${filter}` : ''}; findings: ${countsText(result.counts)}.`,
    sourceLine(result.source),
    ...result.attachments.flatMap((a) => attachmentLine(a)),
  ].join('\n');
}
