// Compact text for the reference-style workload tools (describe_workload, get_rollout_status, list_jobs,
// get_hpa_status): what a model reads first; structuredContent carries the rest.

import type { z } from 'zod';
import { eventLines, findingLines, sourceLine } from '../../render/findings-text.js';
import type { describeOutput, hpaOutput, jobsOutput, rolloutOutput } from './schema.js';

type Out<T extends z.ZodRawShape> = z.output<z.ZodObject<T>>;

const conditionLine = (c: { type: string; status: string; reason?: string; message?: string }) =>
  `  condition ${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ''}${c.message ? `: ${c.message}` : ''}`;

export function describeText(d: Out<typeof describeOutput>): string {
  const w = d.workload;
  const lines = [
    `${w.kind} ${w.namespace}/${w.name}: ready ${w.ready}${w.revision ? `, revision ${w.revision}` : ''}${d.selector ? `, selector ${d.selector}` : ''}`,
    sourceLine(d.source),
    `  images: ${d.images.join(', ') || 'none'}`,
    ...d.conditions.map(conditionLine),
  ];
  lines.push(w.findings.length ? 'findings:' : 'no findings.');
  for (const f of w.findings) lines.push(...findingLines(f, '  '));
  if (d.revisions.length) {
    lines.push(w.kind === 'CronJob' ? 'jobs:' : 'revisions:');
    for (const r of d.revisions)
      lines.push(`  ${r.name} ${r.revision} ${r.ready}${r.images.length ? ` ${r.images.join(',')}` : ''}`);
  }
  lines.push(`${d.podsTotal} pod(s)${d.podsTotal > d.pods.length ? `, first ${d.pods.length}` : ''}:`);
  for (const p of d.pods)
    lines.push(
      `  ${p.name} ${p.status}${p.ready ? ' ready' : ''}${p.node ? ` on ${p.node}` : ''}${p.finding ? `: ${p.finding}` : ''}`,
    );
  lines.push(...eventLines('recent events:', d.events));
  return lines.join('\n');
}

export function rolloutText(r: Out<typeof rolloutOutput>): string {
  const lines = [
    `${r.kind} ${r.namespace}/${r.name}: ${r.message}${r.done ? '' : ' (not done)'}`,
    sourceLine(r.source),
    `  replicas: wanted ${r.replicas.wanted}, updated ${r.replicas.updated}, ready ${r.replicas.ready}, available ${r.replicas.available}`,
  ];
  if (r.updateRevision || r.currentRevision)
    lines.push(`  revision: current ${r.currentRevision ?? '?'}, update ${r.updateRevision ?? '?'}`);
  lines.push(...r.conditions.map(conditionLine));
  for (const f of r.findings) lines.push(...findingLines(f, '  '));
  return lines.join('\n');
}

export function jobsText(r: Out<typeof jobsOutput>): string {
  const c = r.counts;
  const lines = [
    sourceLine(r.source),
    `${c.running} running, ${c.complete} complete, ${c.failed} failed, ${c.suspended} suspended`,
  ];
  for (const j of r.jobs) {
    lines.push(
      `Job ${j.namespace}/${j.name} ${j.status} ${j.completions}${j.failed ? ` failed=${j.failed}` : ''}${j.durationSeconds !== undefined ? ` ${j.durationSeconds}s` : ''}${j.cronJob ? ` (CronJob ${j.cronJob})` : ''}`,
    );
    for (const f of j.findings) lines.push(...findingLines(f, '  '));
  }
  if (r.jobs.length === 0) lines.push('No Jobs.');
  return lines.join('\n');
}

export function hpaText(h: Out<typeof hpaOutput>): string {
  const lines = [
    `HorizontalPodAutoscaler ${h.namespace}/${h.name} → ${h.target}${h.targetExists ? '' : ' (target not found)'}: replicas ${h.replicas.current} (desired ${h.replicas.desired}, min ${h.replicas.min}, max ${h.replicas.max})`,
    sourceLine(h.source),
    ...h.metrics.map(
      (m) => `  metric ${m.type} ${m.name}: ${m.current ?? 'unknown'} / target ${m.target ?? '?'}`,
    ),
    ...h.conditions.map(conditionLine),
  ];
  for (const f of h.findings) lines.push(...findingLines(f, '  '));
  lines.push(...eventLines('recent events:', h.events));
  return lines.join('\n');
}
