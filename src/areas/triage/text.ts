// Triage as text: the summary line, then each causal chain root first, its symptoms folded under it. One
// function for a model's compact text and for people's view (which adds color, and evidence with -o wide).

import type { Finding } from '../../diagnose/finding.js';
import { sourceLine } from '../../render/findings-text.js';
import { bold, oneLine, severityText, type Style } from '../../render/table.js';
import { plural } from '../../render/words.js';
import { LINE_BREAK } from './chains.js';
import type { ChainResult, TriageReport } from './schema.js';

const PLAIN: Style = { color: false };

function where(scope: TriageReport['scope']): string {
  return scope.allNamespaces ? 'all namespaces' : `namespace ${scope.namespace}`;
}

export function summaryLine(r: TriageReport): string {
  const roots = r.chains.length;
  const severities = (['critical', 'warning', 'info'] as const)
    .filter((s) => r.counts[s] > 0)
    .map((s) => `${r.counts[s]} ${s}`)
    .join(', ');
  const head =
    roots === 0
      ? `No root cause found in ${where(r.scope)}`
      : `${plural(roots, 'root cause')} in ${where(r.scope)} (${severities}) explain ${plural(r.findings, 'finding')}`;
  const info = r.informational ? `; ${r.informational} informational not listed` : '';
  return `${head}; ${plural(r.objects, 'object')} read${info}.`;
}

function objectName(f: Finding): string {
  return oneLine(`${f.object.kind} ${f.object.namespace ? `${f.object.namespace}/` : ''}${f.object.name}`);
}

/** Evidence may span lines (a termination message, a stack trace): its next lines stay indented under it. */
function evidenceLines(evidence: string): string {
  return `     ${evidence.split(LINE_BREAK).join('\n       ')}`;
}

/** "Pod shop/api-1", or "3 Pods: shop/api-1, shop/api-2, shop/api-3" (at most five named). */
function rootObjects(chain: ChainResult): string {
  if (chain.objects.length === 1) return objectName(chain.root);
  const names = chain.objects.map((o) => oneLine(o.split('/').slice(1).join('/')));
  const shown = names.slice(0, 5).join(', ') + (names.length > 5 ? `, … ${names.length - 5} more` : '');
  return `${chain.objects.length} ${chain.root.object.kind}s: ${shown}`;
}

function chainLines(chain: ChainResult, n: number, style: Style, evidence: number): string[] {
  const f = chain.root;
  const lines = [
    `${n}. ${severityText(style, f.severity, f.severity.toUpperCase())} ${bold(style, f.reason)}  ${rootObjects(chain)}`,
    `   ${oneLine(f.message)}`,
    ...f.evidence.slice(0, evidence).map(evidenceLines),
  ];
  if (chain.symptoms.length) lines.push(`   chain: ${oneLine(chain.line)}`);
  for (const s of chain.symptoms.slice(0, 8))
    lines.push(`   ← ${severityText(style, s.severity, s.reason)} ${objectName(s)}: ${oneLine(s.message)}`);
  if (chain.symptoms.length > 8) lines.push(`   ← … ${chain.symptoms.length - 8} more symptoms`);
  if (f.hint) lines.push(`   → ${oneLine(f.hint)}`);
  return lines;
}

/** Up to this many chains are shown one by one; the rest one line per root reason, every object named. */
export const DETAILED_CHAINS = 20;

function restByReason(chains: readonly ChainResult[], style: Style): string[] {
  const groups = new Map<string, { severity: ChainResult['root']['severity']; objects: string[] }>();
  for (const c of chains) {
    const group = groups.get(c.root.reason) ?? { severity: c.root.severity, objects: [] };
    group.objects.push(...c.objects);
    groups.set(c.root.reason, group);
  }
  return [
    '',
    `${plural(chains.length, 'more root cause')}, by reason:`,
    ...[...groups].map(
      ([reason, g]) =>
        `${severityText(style, g.severity, g.severity.toUpperCase())} ${reason} (${g.objects.length}): ${oneLine(g.objects.join(', '))}`,
    ),
  ];
}

function render(r: TriageReport, style: Style, evidence: number, detailed: number): string {
  const lines = [sourceLine(r.source), '', summaryLine(r)];
  if (r.notRead?.length) lines.push(`not read: ${oneLine(r.notRead.join('; '))}`);
  r.chains
    .slice(0, detailed)
    .forEach((chain, i) => lines.push('', ...chainLines(chain, i + 1, style, evidence)));
  if (r.chains.length > detailed) lines.push(...restByReason(r.chains.slice(detailed), style));
  return lines.join('\n');
}

/**
 * `-o name`: each root object as kubectl names objects (`pod/api-7d9c5-q8w1z`, `node/node-3`), in the order
 * of the chains (most severe first), each object once. A chain folded over several pods names every one of
 * them: kubectl prints one line per object, and the lines go on to `xargs kubectl describe`. As kubectl's
 * `-A -o name`, no namespace.
 */
export function rootNames(r: TriageReport): { kind: string; name: string }[] {
  const seen = new Set<string>();
  const roots: { kind: string; name: string }[] = [];
  for (const chain of r.chains) {
    const { kind, namespace } = chain.root.object;
    // "Kind/namespace/name" as objectKey writes it (the name itself may hold a slash in a snapshot file).
    const prefix = `${kind}/${namespace ? `${namespace}/` : ''}`;
    for (const object of chain.objects) {
      if (seen.has(object)) continue;
      seen.add(object);
      const name = object.startsWith(prefix)
        ? object.slice(prefix.length)
        : object.slice(object.lastIndexOf('/') + 1);
      // Printed by -o name, which folds line breaks and makes every line inert (base.ts, names()).
      roots.push({ kind, name });
    }
  }
  return roots;
}

/** For people: `-o wide` adds every root's evidence. */
export function triageView(r: TriageReport, wide: boolean, style: Style): string {
  return render(r, style, wide ? Number.POSITIVE_INFINITY : 0, Number.POSITIVE_INFINITY);
}

/** For a model: plain, the first three lines of each root's evidence, the chains past DETAILED_CHAINS by reason. */
export function triageText(r: TriageReport): string {
  return render(r, PLAIN, 3, DETAILED_CHAINS);
}
