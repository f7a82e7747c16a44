// oclif's help, taught one kubectl habit: `kubectl diag -n shop pods -h` explains pods, although the
// flags come before the subcommand.

import { Help } from '@oclif/core';
import { hoistCommand } from './argv.js';
import { valueFlag } from './hooks/command-not-found.js';

export default class KubectlHelp extends Help {
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
