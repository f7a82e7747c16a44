import { Args, Flags } from '@oclif/core';
import { DiagCommand } from '../cli/base.js';
import { podEnvelope, podListEnvelope } from '../cli/envelope.js';
import { describePod, diagnosePods } from '../queries/pods.js';
import { podDescription, podTable } from '../render/pods.js';

export default class Pods extends DiagCommand {
  static override aliases = ['pod', 'po'];

  static override summary = 'Pods and what is wrong with them.';
  static override description =
    'Lists pods with their real status (CrashLoopBackOff with the last exit reason, OOMKilled, image pull errors, ' +
    "Pending: Unschedulable with the scheduler's message, failing probes, evictions, stuck pods) and the top finding " +
    'for each. With a pod name, shows that pod in depth: conditions, containers, recent events, the log tail of the ' +
    'failing container (its previous instance after a crash) and every finding with a hint.';

  static override examples = [
    { command: 'kubectl diag pods -n shop', description: 'Pods of one namespace with their findings' },
    { command: 'kubectl diag pods -A -o wide', description: 'Every namespace, with node, IP and last exit' },
    { command: 'kubectl diag pods -n shop -l app=web', description: 'Only the pods a selector matches' },
    {
      command: 'kubectl diag pods web-7d9f -n shop',
      description: 'One pod in depth, with events and log tail',
    },
  ];

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
      this.emit(flags, podEnvelope(result), (_, style) => podDescription(result, style));
      return;
    }
    const result = await this.runQuery(session, diagnosePods, {
      namespace: flags.namespace,
      allNamespaces: flags['all-namespaces'],
      selector: flags.selector,
      includeHealthy: true,
    });
    this.emit(flags, podListEnvelope(result), (wide, style) => podTable(result, wide, style));
  }
}
