import { Args } from '@oclif/core';
import { DiagCommand } from '../cli/base.js';
import { workloadsArea } from '../areas/workloads/index.js';
import { diagnoseWorkloads } from '../areas/workloads/queries.js';
import { workloadTables } from '../areas/workloads/table.js';

export default class Workloads extends DiagCommand {
  static override summary = workloadsArea.command.help.summary;
  static override description = workloadsArea.command.help.description;
  static override examples = workloadsArea.command.help.examples;
  static override aliases = ['deploy', 'wl'];

  static override args = {
    name: Args.string({ description: 'Only workloads of this name (any kind).' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Workloads);
    const session = this.openSession(flags);
    const result = await this.runQuery(session, diagnoseWorkloads, {
      namespace: flags.namespace,
      allNamespaces: flags['all-namespaces'],
      selector: flags.selector,
      name: args.name,
      includeHealthy: true,
    });
    this.emit(flags.output, result, (wide, style) => workloadTables(result, wide, style));
  }
}
