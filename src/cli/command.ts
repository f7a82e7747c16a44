// The root of every kubectl-diag command: failures end as one `error: …` line (see ./errors.ts).

import { Command, Errors } from '@oclif/core';
import { failWith, typedFlags } from './errors.js';

export abstract class KubectlCommand extends Command {
  /** `kubectl diag pods`, as a user types it (aliases resolved to the command's own name). */
  protected usage(): string {
    return `kubectl diag ${(this.id ?? '').split(':').join(' ')}`.trimEnd();
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
