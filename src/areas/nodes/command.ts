import { Args } from '@oclif/core';
import { areaCommand } from '../../cli/area-command.js';
import { arrange } from '../../cli/lists.js';
import { nodeEnvelope, nodeListEnvelope } from '../../cli/envelope.js';
import { nodesArea } from './index.js';
import { describeNode, listNodes } from './queries.js';
import { nodeDescription, nodeTable } from './table.js';

export default class Nodes extends areaCommand(nodesArea) {
  static override aliases = ['node', 'no'];

  static override args = {
    node: Args.string({ description: 'Name of one node to describe in depth.' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Nodes);
    const session = this.openSession(flags);
    if (args.node)
      return this.describe(session, flags, describeNode, { node: args.node }, nodeEnvelope, nodeDescription);
    return this.list(
      session,
      flags,
      listNodes,
      { selector: flags.selector },
      {
        arrange: (r, how) => ({ ...r, nodes: arrange(r.nodes, how) }),
        envelope: nodeListEnvelope,
        table: nodeTable,
      },
    );
  }
}
