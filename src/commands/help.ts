import { Args, Errors, loadHelpClass } from '@oclif/core';
import { didYouMean } from '../cli/argv.js';
import { KubectlCommand } from '../cli/command.js';
import { EXIT_USAGE } from '../cli/errors.js';
import { closestCommands } from '../cli/hooks/command-not-found.js';

export default class HelpCommand extends KubectlCommand {
  static override summary = 'Help about any command.';
  static override description =
    'With no command, lists the commands; `kubectl diag help pods` is the same as `kubectl diag pods --help`. ' +
    'Aliases work too (`kubectl diag help po`).';

  static override examples = [
    { command: 'kubectl diag help', description: 'Every command' },
    { command: 'kubectl diag help pods', description: 'One command' },
  ];

  static override strict = false;
  static override args = {
    command: Args.string({ description: 'The command to explain, e.g. pods or snapshot save.' }),
  };

  async run(): Promise<void> {
    const { argv } = await this.parse(HelpCommand);
    const words = (argv as string[]).filter((w) => !w.startsWith('-'));
    const id = words.join(':');
    if (id && !this.config.findCommand(id) && !this.config.findTopic(id)) {
      const closest = didYouMean(closestCommands(words.join(' '), this.config));
      throw new Errors.CLIError(
        `unknown command "${words.join(' ')}" for "kubectl diag"${closest ? `; ${closest}` : ''}`,
        { exit: EXIT_USAGE },
      );
    }
    const Help = await loadHelpClass(this.config);
    await new Help(this.config, this.config.pjson.oclif.helpOptions).showHelp(id ? [id] : []);
  }
}
