import { Args, Flags } from '@oclif/core';
import { areaCommand } from '../../cli/area-command.js';
import { LIST_FLAGS } from '../../cli/base.js';
import { arrange } from '../../cli/lists.js';
import { podEnvelope, podListEnvelope } from '../../cli/envelope.js';
import { podsArea } from './index.js';
import { describePod, diagnosePods } from './queries.js';
import { podDescription, podTable } from './table.js';

export default class Pods extends areaCommand(podsArea) {
  static override aliases = ['pod', 'po'];

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
      const input = { namespace: flags.namespace, pod: args.pod, tailLines: flags.tail };
      return this.describe(session, flags, describePod, input, podEnvelope, podDescription);
    }
    return this.list(session, flags, diagnosePods, this.scope(flags), {
      arrange: (r, how) => ({ ...r, pods: arrange(r.pods, how) }),
      envelope: podListEnvelope,
      table: podTable,
    });
  }
}
