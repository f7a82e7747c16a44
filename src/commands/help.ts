import { Args, Errors, Flags, loadHelpClass } from '@oclif/core';
import { didYouMean } from '../cli/argv.js';
import { KubectlCommand } from '../cli/command.js';
import { EXIT_USAGE } from '../cli/errors.js';
import { closestCommands } from '../cli/hooks/command-not-found.js';

const IGNORED = 'Accepted and ignored: this command reads no cluster.';
const ignored = () => Flags.string({ summary: IGNORED, hidden: true });

/**
 * The flags every command that reads a cluster shares (kubectl's -n, --context, --kubeconfig,
 * --request-timeout, and the session's safety and pacing flags), accepted and ignored by the commands that
 * contact none (help, version): kubectl users type them anywhere, `kubectl diag help --kubeconfig x` too, and
 * a shell alias may add them to every call. Values are not checked: nothing reads them. Hidden from help,
 * which would otherwise list flags that do nothing. test/unit/cli/global-flags.test.ts keeps this list in
 * step with the base flags of src/cli/base.ts (not imported here: help and version load no cluster code).
 */
export const IGNORED_GLOBAL_FLAGS = {
  namespace: Flags.string({ char: 'n', summary: IGNORED, hidden: true }),
  'all-namespaces': Flags.boolean({ char: 'A', summary: IGNORED, hidden: true }),
  context: ignored(),
  kubeconfig: ignored(),
  'request-timeout': ignored(),
  'allowed-namespaces': ignored(),
  'allowed-contexts': ignored(),
  'audit-log': ignored(),
  snapshot: ignored(),
  demo: Flags.boolean({ summary: IGNORED, hidden: true }),
  qps: ignored(),
  burst: ignored(),
  'max-inflight': ignored(),
  'chunk-size': ignored(),
};

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
  static override flags = IGNORED_GLOBAL_FLAGS;
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
