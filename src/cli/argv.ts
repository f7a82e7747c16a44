// kubectl's command-line habits that oclif does not have on its own: flags before the subcommand
// (`kubectl diag -n shop pods`) and "did you mean" for a mistyped command or flag. Pure functions, so
// they are tested with plain arrays.

/** Where the subcommand is in an argv that starts with flags, and the argv without it. */
export interface HoistedCommand {
  /** The words that name the command (one, or two for a topic command like `snapshot save`). */
  words: string[];
  /** Everything else, in order: the flags before the command, then what followed it. */
  rest: string[];
}

/**
 * Finds the first word that is not a flag or a flag's value. `takesValue` says whether a flag (as
 * written, `-n` or `--namespace`) consumes the next word; `--flag=value` and `-nvalue` never do. Returns
 * undefined when only flags were given. `isCommand` names the ids that exist, to recognise `snapshot save`.
 */
export function hoistCommand(
  argv: readonly string[],
  takesValue: (flag: string) => boolean,
  isCommand: (id: string) => boolean,
): HoistedCommand | undefined {
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--') return undefined;
    if (word.startsWith('-') && word !== '-') {
      if (!word.includes('=') && isBareFlag(word) && takesValue(word)) i++;
      continue;
    }
    const next = argv[i + 1];
    const two = next !== undefined && !next.startsWith('-') && isCommand(`${word}:${next}`);
    const count = two ? 2 : 1;
    return {
      words: argv.slice(i, i + count),
      rest: [...argv.slice(0, i), ...argv.slice(i + count)],
    };
  }
  return undefined;
}

/** `-n` and `--namespace` are bare; `-nshop` carries its value. */
function isBareFlag(word: string): boolean {
  return word.startsWith('--') || word.length === 2;
}

// Close-name matching is shared with the queries (a missing pod names the close ones): ../render/closest.ts.
export { closestMatches, didYouMean, editDistance } from '../render/closest.js';
