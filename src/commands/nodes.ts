import { Args } from '@oclif/core';
import { DiagCommand, LIST_FLAGS } from '../cli/base.js';
import { arrange } from '../cli/lists.js';
import type { ClusterReader } from '../cluster/source.js';
import { nodeEnvelope, nodeListEnvelope } from '../cli/envelope.js';
import { nodesArea } from '../areas/nodes/index.js';
import { describeNode, listNodes } from '../areas/nodes/queries.js';
import { nodeDescription, nodeTable } from '../areas/nodes/table.js';

export default class Nodes extends DiagCommand {
  static override aliases = ['node', 'no'];

  static override summary = nodesArea.command.help.summary;
  static override description = nodesArea.command.help.description;

  static override examples = nodesArea.command.help.examples;

  static override flags = LIST_FLAGS;

  static override args = {
    node: Args.string({ description: 'Name of one node to describe in depth.' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Nodes);
    const session = this.openSession(flags);
    if (args.node) {
      const result = await this.runQuery(session, describeNode, { node: args.node });
      this.emit(flags, nodeEnvelope(result), (_, style) => nodeDescription(result, style));
      return;
    }
    const list = async (cluster: ClusterReader) => {
      const result = await this.runQuery({ cluster }, listNodes, { selector: flags.selector });
      const shown = {
        ...result,
        nodes: arrange(result.nodes, { problems: flags.problems, sortBy: flags['sort-by'] }),
      };
      this.emit(flags, nodeListEnvelope(shown), (wide, style) => nodeTable(shown, wide, style));
    };
    if (flags.watch) await this.watchAnswers(session, list);
    else await list(session.cluster);
  }
}
