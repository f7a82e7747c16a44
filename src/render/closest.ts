// "Did you mean": the names closest to one that was typed, for a mistyped command or flag (../cli/argv.ts)
// and for an object that does not exist (../queries/common.ts). Pure functions.

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The candidates closest to what was typed, all equally close: within an edit distance that grows with
 * the word (kubectl, through cobra, suggests at distance 2), or that start with it (`snap` → `snapshot save`).
 */
export function closestMatches(typed: string, candidates: readonly string[], limit = 3): string[] {
  const word = typed.toLowerCase();
  if (word === '') return [];
  const allowed = Math.max(2, Math.floor(word.length / 3));
  return [...new Set(candidates)]
    .map((candidate) => {
      const lower = candidate.toLowerCase();
      const distance = lower.startsWith(word) ? 0.5 : editDistance(word, lower);
      return { candidate, distance };
    })
    .filter((c) => c.distance <= allowed && c.distance < c.candidate.length)
    .sort((x, y) => x.distance - y.distance || x.candidate.localeCompare(y.candidate))
    .filter((c, _, all) => c.distance === all[0]!.distance)
    .slice(0, limit)
    .map((c) => c.candidate);
}

/** `did you mean "pods"?` or `did you mean "pods" or "nodes"?`, or '' when nothing is close. */
export function didYouMean(matches: readonly string[]): string {
  if (matches.length === 0) return '';
  const quoted = matches.map((m) => `"${m}"`);
  const list = quoted.length === 1 ? quoted[0]! : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)!}`;
  return `did you mean ${list}?`;
}
