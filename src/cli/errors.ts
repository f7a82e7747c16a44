// How a failed command reads: one line on stderr, `error: …` as kubectl writes it, never wrapped (a pipe
// or a log file gets it whole), no usage dump; the exit code says what kind of failure it was.

import { Errors } from '@oclif/core';
import { DiagError } from '../cluster/errors.js';
import { closestMatches, didYouMean } from './argv.js';

/** What a failure needs from the command that failed, to point at the right help. */
export interface FailedCommand {
  /** `kubectl diag pods` */
  usage: string;
  /** Every flag it accepts, as typed: `--namespace`, `-n`. */
  flags: string[];
}

/** Exit codes, documented in the README; DiagError subclasses carry theirs. */
export const EXIT_USAGE = 2;

const PARSE_TAIL = /\s*See more help with --help\s*$/;

/** A control character from input or a cluster would move the cursor or recolor the terminal. */
function inert(text: string): string {
  return text.replace(
    /[\u0000-\u001f\u007f-\u009f]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

function oneLine(text: string): string {
  return inert(text.replace(/\s*\n\s*/g, ' ').trim());
}

function sentence(message: string, hint: string | undefined): string {
  if (!hint) return message;
  return `${message}${/[.!?:;]$/.test(message) ? '' : '.'} ${hint}`;
}

function unknownFlags(flags: string[], command: FailedCommand): string {
  const first = flags[0] ?? '';
  const typed = first.replace(/=.*$/, '');
  const named = flags.length === 1 ? `unknown flag: ${typed}` : `unknown flags: ${flags.join(', ')}`;
  const closest = didYouMean(closestMatches(typed, typed.startsWith('--') ? command.flags : []));
  return `${named}${closest ? `; ${closest}` : ''} (see '${command.usage} --help')`;
}

/** The one line for any failure, and its exit code. */
export function describeFailure(
  error: Error & { oclif?: { exit?: number } },
  command: FailedCommand,
): { line: string; exit: number } {
  if (error instanceof DiagError)
    return { line: oneLine(sentence(error.message, error.hint)), exit: error.exitCode };
  if (error instanceof Errors.CLIError) {
    const exit = error.oclif?.exit ?? EXIT_USAGE;
    const name = error.constructor.name;
    const flags = (error as { flags?: unknown }).flags;
    if (name === 'NonExistentFlagsError' && Array.isArray(flags))
      return { line: oneLine(unknownFlags(flags as string[], command)), exit };
    const message = error.message.replace(PARSE_TAIL, '');
    if (name === 'UnexpectedArgsError')
      return {
        line: oneLine(`${message.replace(/^Unexpected/, 'unexpected')} (see '${command.usage} --help')`),
        exit,
      };
    if (PARSE_TAIL.test(error.message))
      return { line: oneLine(`${message} (see '${command.usage} --help')`), exit };
    return { line: oneLine(message), exit };
  }
  // Not an expected failure: still one line; KUBECTL_DIAG_DEBUG=1 prints the stack for a bug report.
  return { line: oneLine(error.message || String(error)), exit: 1 };
}

/**
 * Prints the failure and ends the command with its exit code. The thrown error keeps the one line as its
 * message (tests read it) and tells oclif's handler not to print it a second time.
 */
export function failWith(
  error: Error & { oclif?: { exit?: number } },
  command: FailedCommand,
  stderr: NodeJS.WritableStream = process.stderr,
): never {
  const { line, exit } = describeFailure(error, command);
  stderr.write(`error: ${line}\n`);
  if (process.env.KUBECTL_DIAG_DEBUG && error.stack) stderr.write(`${error.stack}\n`);
  const reported = new Errors.CLIError(line, { exit }) as Errors.CLIError & {
    skipOclifErrorHandling: boolean;
  };
  reported.skipOclifErrorHandling = true;
  throw reported;
}

/** Every flag of a command as typed: `--namespace`, `-n`; `--no-headers` for a boolean with allowNo. */
export function typedFlags(flags: Record<string, { char?: string; allowNo?: boolean }>): string[] {
  return Object.entries(flags).flatMap(([name, flag]) => [
    `--${name}`,
    ...(flag.char ? [`-${flag.char}`] : []),
    ...(flag.allowNo ? [`--no-${name}`] : []),
  ]);
}
