// Causal chains: each root cause (a finding nothing found here causes) with the findings that follow from it,
// root first; roots of the same kind on objects of one owner with the same symptoms folded into one chain
// ("3 pods CrashLoopBackOff"); and the one line that reads a chain from what users see back to what the
// cluster said: `Service shop/api NoReadyEndpoints ← 3 pods CrashLoopBackOff ← exit 1: "connection refused"`.

import { objectKey, sortFindings, type Finding, type Severity } from '../../diagnose/finding.js';
import { oneLine } from '../../render/table.js';

/** A root cause with the symptoms that follow from it (transitively), root first. */
export interface CausalChain {
  root: Finding;
  symptoms: Finding[];
}

/** A chain as triage shows it: the root, every object that has it ("Kind/ns/name"), symptoms, its line. */
export interface FoldedChain extends CausalChain {
  objects: string[];
  line: string;
}

function effectsOf(findings: readonly Finding[]): { byId: Set<string>; effects: Map<string, Finding[]> } {
  const byId = new Set(findings.map((f) => f.id));
  const effects = new Map<string, Finding[]>();
  for (const f of findings)
    for (const cause of f.causedBy ?? [])
      if (byId.has(cause)) effects.set(cause, [...(effects.get(cause) ?? []), f]);
  return { byId, effects };
}

/** Root causes (findings caused by nothing found here) with every finding that follows from them. */
export function causalChains(findings: Finding[]): CausalChain[] {
  const { byId, effects } = effectsOf(findings);
  const isRoot = (f: Finding) => !(f.causedBy ?? []).some((id) => byId.has(id));
  return sortFindings(findings.filter(isRoot)).map((root) => {
    const seen = new Set<Finding>([root]);
    const symptoms: Finding[] = [];
    const queue = [...(effects.get(root.id) ?? [])];
    while (queue.length) {
      const next = queue.shift()!;
      if (seen.has(next)) continue;
      seen.add(next);
      symptoms.push(next);
      queue.push(...(effects.get(next.id) ?? []));
    }
    return { root, symptoms };
  });
}

const RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

function plural(kind: string, n: number): string {
  return `${n} ${kind.toLowerCase()}${n === 1 ? '' : kind.endsWith('s') ? 'es' : 's'}`;
}

/**
 * Line breaks in cluster text (messages, and names in a snapshot file), which would forge lines of their own;
 * a lone CR is left to the renderer, which shows it as `\r`.
 */
export const LINE_BREAK = /\r?\n|[\u2028\u2029]/;
function named(f: Finding): string {
  return oneLine(`${f.object.kind} ${f.object.namespace ? `${f.object.namespace}/` : ''}${f.object.name}`);
}

/** Symptoms users meet first: a Service before its workload, a workload before anything else. */
const OUTERMOST = ['Service', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicaSet'];

/** The outermost symptom (one that causes nothing else here), then back along its causes to the root. */
function pathToRoot(chain: CausalChain): Finding[] {
  const inChain = new Map([chain.root, ...chain.symptoms].map((f) => [f.id, f]));
  const causes = new Set(chain.symptoms.flatMap((f) => f.causedBy ?? []));
  const rank = (f: Finding) => {
    const i = OUTERMOST.indexOf(f.object.kind);
    return i < 0 ? OUTERMOST.length : i;
  };
  const leaves = chain.symptoms.filter((f) => !causes.has(f.id));
  const last = [...leaves].sort((a, b) => rank(a) - rank(b))[0];
  const path: Finding[] = [];
  for (let f = last; f && f !== chain.root && path.length < 3;) {
    path.push(f);
    f = (f.causedBy ?? []).map((id) => inChain.get(id)).find((c) => c !== undefined && !path.includes(c));
  }
  return path;
}

export function chainLine(chain: CausalChain, objects: readonly string[]): string {
  const root =
    objects.length > 1
      ? `${plural(chain.root.object.kind, objects.length)} ${chain.root.reason}`
      : `${named(chain.root)} ${chain.root.reason}`;
  return [...pathToRoot(chain).map((f) => `${named(f)} ${f.reason}`), root, oneLine(chain.root.message)].join(
    ' ← ',
  );
}

/**
 * Folds chains whose roots have the same reason on objects of one owner (the pods of one ReplicaSet) and the
 * same symptoms into one; then orders them: most severe root first, then the chain with the most symptoms.
 */
export function foldChains(
  chains: readonly CausalChain[],
  ownerOf: (root: Finding) => string | undefined,
): FoldedChain[] {
  const folded = new Map<string, { chain: CausalChain; objects: string[] }>();
  for (const chain of chains) {
    const owner = ownerOf(chain.root) ?? objectKey(chain.root.object);
    const key = [
      chain.root.reason,
      chain.root.severity,
      owner,
      ...chain.symptoms.map((f) => f.id).sort(),
    ].join('|');
    const entry = folded.get(key);
    if (entry) entry.objects.push(objectKey(chain.root.object));
    else folded.set(key, { chain, objects: [objectKey(chain.root.object)] });
  }
  return [...folded.values()]
    .map(({ chain, objects }) => ({ ...chain, objects, line: chainLine(chain, objects) }))
    .sort(
      (a, b) =>
        RANK[a.root.severity] - RANK[b.root.severity] ||
        b.symptoms.length - a.symptoms.length ||
        b.objects.length - a.objects.length,
    );
}

/**
 * The chains a namespace asked about: with a namespace, a chain only of cluster-scoped objects (a node, a
 * volume, a class that no finding of the namespace points to) is not its business.
 */
export function chainsInScope<C extends CausalChain>(
  chains: readonly C[],
  namespace: string | undefined,
): C[] {
  if (namespace === undefined) return [...chains];
  return chains.filter((c) => [c.root, ...c.symptoms].some((f) => f.object.namespace === namespace));
}
