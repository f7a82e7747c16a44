// oclif's help, taught one kubectl habit: `kubectl diag -n shop pods -h` explains pods, although the
// flags come before the subcommand.

import { Help } from '@oclif/core';
import { hoistCommand } from './argv.js';
import { valueFlag } from './hooks/command-not-found.js';

export default class KubectlHelp extends Help {
  /** oclif lists every alias as a command of its own; the list names each command once (help shows its aliases). */
  protected override get sortedCommands() {
    const aliases = new Set(this.config.commands.flatMap((c) => c.aliases ?? []));
    return super.sortedCommands.filter((c) => !aliases.has(c.id));
  }

  override async showHelp(argv: string[]): Promise<void> {
    if (argv[0]?.startsWith('-')) {
      const hoisted = hoistCommand(
        argv,
        valueFlag(this.config),
        (id) => this.config.findCommand(id) !== undefined,
      );
      if (hoisted) return super.showHelp([...hoisted.words, ...hoisted.rest]);
    }
    return super.showHelp(argv);
  }
}
