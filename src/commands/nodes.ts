import { Args } from '@oclif/core';
import { DiagCommand } from '../cli/base.js';
import { nodesArea } from '../areas/nodes/index.js';
import { describeNode, listNodes } from '../areas/nodes/queries.js';
import { nodeDescription, nodeTable } from '../areas/nodes/table.js';

export default class Nodes extends DiagCommand {
  static override summary = nodesArea.command.help.summary;
  static override description = nodesArea.command.help.description;

  static override examples = nodesArea.command.help.examples;

  static override args = {
    node: Args.string({ description: 'Name of one node to describe in depth.' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Nodes);
    const session = this.openSession(flags);
    if (args.node) {
      const result = await this.runQuery(session, describeNode, { node: args.node });
      this.emit(flags.output, result, (_, style) => nodeDescription(result, style));
      return;
    }
    const result = await this.runQuery(session, listNodes, { selector: flags.selector });
    this.emit(flags.output, result, (wide, style) => nodeTable(result, wide, style));
  }
}
