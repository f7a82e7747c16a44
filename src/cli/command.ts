// The root of every kubectl-diag command: failures end as one `error: …` line (see ./errors.ts).

import { Command, Errors, type Interfaces } from '@oclif/core';
import { failWith, typedFlags } from './errors.js';

type Output = Record<string, unknown>;

export abstract class KubectlCommand extends Command {
  /** `kubectl diag pods`, as a user types it (aliases resolved to the command's own name). */
  protected usage(): string {
    return `kubectl diag ${(this.id ?? '').split(':').join(' ')}`.trimEnd();
  }

  /**
   * Arguments come from the command line only, as kubectl's do. oclif would read a missing argument from
   * stdin when it is not a terminal: every `kubectl diag pods -n NS` in a script waited up to 10 ms for a
   * pipe (and built a stdin stream and readline for it), and took whatever the pipe held as a pod name.
   */
  protected override async parse<F extends Output, B extends Output, A extends Output>(
    options?: Interfaces.Input<F, B, A>,
    argv?: string[],
  ): Promise<Interfaces.ParserOutput<F, B, A>> {
    const input = options ?? (this.ctor as unknown as Interfaces.Input<F, B, A>);
    const args = Object.fromEntries(
      Object.entries(input.args ?? {}).map(([name, arg]) => [name, { ...arg, ignoreStdin: true }]),
    );
    // The command class itself stays the prototype: oclif reads inherited flags and settings through it.
    const withArgs = Object.assign(Object.create(input) as object, input, { args });
    return super.parse(withArgs as Interfaces.Input<F, B, A>, argv);
  }

  protected override async catch(
    error: Error & { exitCode?: number; oclif?: { exit?: number } },
  ): Promise<unknown> {
    // `this.exit(n)` is not a failure, and an error already reported must not be reported twice.
    if (
      error instanceof Errors.ExitError ||
      (error as { skipOclifErrorHandling?: boolean }).skipOclifErrorHandling
    )
      throw error;
    const flags = typedFlags({ ...this.ctor.baseFlags, ...this.ctor.flags });
    return failWith(error, { usage: this.usage(), flags });
  }
}
