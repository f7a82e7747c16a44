import { Args } from '@oclif/core';
import { DiagCommand, LIST_FLAGS } from '../../cli/base.js';
import { workloadListEnvelope } from '../../cli/envelope.js';
import { arrange } from '../../cli/lists.js';
import type { ClusterReader } from '../../cluster/source.js';
import { workloadsArea } from './index.js';
import { diagnoseWorkloads } from './queries.js';
import { workloadTables } from './table.js';

export default class Workloads extends DiagCommand {
  static override summary = workloadsArea.command.help.summary;
  static override description = workloadsArea.command.help.description;
  static override examples = workloadsArea.command.help.examples;
  static override aliases = ['deploy', 'wl'];

  static override flags = LIST_FLAGS;

  static override args = {
    name: Args.string({ description: 'Only workloads of this name (any kind).' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Workloads);
    const session = this.openSession(flags);
    const list = async (cluster: ClusterReader) => {
      const result = await this.runQuery({ cluster }, diagnoseWorkloads, {
        namespace: flags.namespace,
        allNamespaces: flags['all-namespaces'],
        selector: flags.selector,
        name: args.name,
        includeHealthy: true,
      });
      const how = { problems: flags.problems, sortBy: flags['sort-by'] };
      const shown = {
        ...result,
        workloads: arrange(result.workloads, how),
        quotas: arrange(result.quotas, how),
      };
      await this.emit(flags, workloadListEnvelope(shown), (wide, style) =>
        workloadTables(shown, wide, style),
      );
    };
    if (flags.watch) await this.watchAnswers(session, list);
    else await list(session.cluster);
  }
}
