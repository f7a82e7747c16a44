import { Args, Flags } from '@oclif/core';
import { DiagCommand } from '../cli/base.js';
import { podsArea } from '../areas/pods/index.js';
import { describePod, diagnosePods } from '../areas/pods/queries.js';
import { podDescription, podTable } from '../areas/pods/table.js';

export default class Pods extends DiagCommand {
  static override summary = podsArea.command.help.summary;
  static override description = podsArea.command.help.description;

  static override examples = podsArea.command.help.examples;

  static override args = {
    pod: Args.string({ description: 'Name of one pod to describe in depth.' }),
  };

  static override flags = {
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
      this.emit(flags.output, result, (_, style) => podDescription(result, style));
      return;
    }
    const result = await this.runQuery(session, diagnosePods, {
      namespace: flags.namespace,
      allNamespaces: flags['all-namespaces'],
      selector: flags.selector,
      includeHealthy: true,
    });
    this.emit(flags.output, result, (wide, style) => podTable(result, wide, style));
  }
}
