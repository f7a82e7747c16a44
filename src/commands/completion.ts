import { Args } from '@oclif/core';
import { KubectlCommand } from '../cli/command.js';
import { completionScript, SHELLS, type Shell } from '../cli/completion-scripts.js';

export default class Completion extends KubectlCommand {
  static override summary = 'Print a shell completion script for kubectl-diag (bash, zsh or fish).';
  static override description = [
    '`kubectl diag <TAB>` needs no script: kubectl (1.26+) asks the kubectl_complete-diag executable that',
    'comes with the plugin, which must be on PATH next to kubectl-diag. npm installs both; with krew, link it:',
    '  ln -s "${KREW_ROOT:-$HOME/.krew}"/store/diag/*/kubectl_complete-diag "${KREW_ROOT:-$HOME/.krew}"/bin/',
    '',
    'This command prints a script for `kubectl-diag <TAB>` run on its own. Completion offers commands,',
    'flags, flag values, contexts, namespaces and the names of pods, Services, claims and nodes, read',
    'through the same read-only, fenced and audited layer as every command (never a name outside',
    '--allowed-namespaces), and gives up after 2 seconds with nothing rather than hold the shell.',
  ].join('\n');

  static override examples = [
    { command: 'source <(kubectl-diag completion bash)', description: 'bash, this shell' },
    {
      command: 'kubectl-diag completion zsh > "${fpath[1]}/_kubectl-diag"',
      description: 'zsh, every new shell',
    },
    {
      command: 'kubectl-diag completion fish > ~/.config/fish/completions/kubectl-diag.fish',
      description: 'fish',
    },
  ];

  static override args = {
    shell: Args.string({
      description: 'The shell: bash, zsh or fish.',
      required: true,
      options: [...SHELLS],
    }),
  };

  async run(): Promise<void> {
    const { args } = await this.parse(Completion);
    process.stdout.write(completionScript(args.shell as Shell));
  }
}
