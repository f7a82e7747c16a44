import { Flags } from '@oclif/core';
import { KubectlCommand } from '../cli/command.js';
import { formatData } from '../render/table.js';
import { IGNORED_GLOBAL_FLAGS } from './help.js';

export default class Version extends KubectlCommand {
  static override summary = 'Print the kubectl-diag version.';
  static override description =
    'Prints the version of kubectl-diag and of the Node.js runtime it runs on, like `kubectl version --client`. ' +
    'It contacts no cluster. --version prints the same in one line.';

  static override examples = [
    { command: 'kubectl diag version', description: 'The version' },
    { command: 'kubectl diag version -o json', description: 'For scripts' },
  ];

  static override flags = {
    ...IGNORED_GLOBAL_FLAGS,
    output: Flags.option({ char: 'o', options: ['json', 'yaml'] as const, summary: 'Output format.' })(),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Version);
    const version = {
      clientVersion: {
        version: `v${this.config.version}`,
        nodeVersion: process.version,
        platform: `${this.config.platform}/${this.config.arch}`,
      },
    };
    if (flags.output) this.log(formatData(version, flags.output));
    else
      this.log(
        `kubectl-diag version: ${version.clientVersion.version} (Node.js ${process.version}, ${version.clientVersion.platform})`,
      );
  }
}
