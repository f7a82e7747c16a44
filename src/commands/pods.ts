import { Args, Flags } from '@oclif/core';
import { DiagCommand, LIST_FLAGS } from '../cli/base.js';
import { arrange } from '../cli/lists.js';
import type { ClusterReader } from '../cluster/source.js';
import { podEnvelope, podListEnvelope } from '../cli/envelope.js';
import { podsArea } from '../areas/pods/index.js';
import { describePod, diagnosePods } from '../areas/pods/queries.js';
import { podDescription, podTable } from '../areas/pods/table.js';

export default class Pods extends DiagCommand {
  static override aliases = ['pod', 'po'];

  static override summary = podsArea.command.help.summary;
  static override description = podsArea.command.help.description;

  static override examples = podsArea.command.help.examples;

  static override args = {
    pod: Args.string({ description: 'Name of one pod to describe in depth.' }),
  };

  static override flags = {
    ...LIST_FLAGS,
    tail: Flags.integer({ summary: 'Log lines to show for one pod.', default: 50, min: 1, max: 5000 }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Pods);
    const session = this.openSession(flags);
    if (args.pod) {
      const result = await this.runQuery(session, describePod, {
        namespace: flags.namespace,
        pod: args.pod,
        tailLines: flags.tail,
      });
      this.emit(flags, podEnvelope(result), (_, style) => podDescription(result, style));
      return;
    }
    const list = async (cluster: ClusterReader) => {
      const result = await this.runQuery({ cluster }, diagnosePods, {
        namespace: flags.namespace,
        allNamespaces: flags['all-namespaces'],
        selector: flags.selector,
        includeHealthy: true,
      });
      const shown = {
        ...result,
        pods: arrange(result.pods, { problems: flags.problems, sortBy: flags['sort-by'] }),
      };
      this.emit(flags, podListEnvelope(shown), (wide, style) => podTable(shown, wide, style));
    };
    if (flags.watch) await this.watchAnswers(session, list);
    else await list(session.cluster);
  }
}
