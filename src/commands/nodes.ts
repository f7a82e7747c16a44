import { Args } from '@oclif/core';
import { DiagCommand } from '../cli/base.js';
import { nodeEnvelope, nodeListEnvelope } from '../cli/envelope.js';
import { describeNode, listNodes } from '../queries/nodes.js';
import { nodeDescription, nodeTable } from '../render/nodes.js';

export default class Nodes extends DiagCommand {
  static override aliases = ['node', 'no'];

  static override summary = 'Node health, pressure and capacity.';
  static override description =
    'Lists nodes with their status (Ready / NotReady / Unknown, SchedulingDisabled), roles, pressure conditions, ' +
    'CPU and memory requested and used against allocatable, pod count against capacity, taints, age, kubelet ' +
    'version and the top finding for each. Usage comes from metrics.k8s.io; when it is not served the rest is ' +
    'shown and the command says so. With a node name, shows that node in depth: every condition with its reason ' +
    'and last transition, addresses, taints, capacity vs allocatable, the pods on it with their requests and ' +
    'findings, recent node events and every finding with a hint. -l selects nodes by label; -n and -A do not apply.';

  static override examples = [
    { command: 'kubectl diag nodes', description: 'Every node with its top finding' },
    { command: 'kubectl diag nodes -o wide', description: 'With absolute requests, limits, taints and IPs' },
    {
      command: 'kubectl diag nodes -l node-role.kubernetes.io/worker',
      description: 'Only the nodes a label selector matches',
    },
    { command: 'kubectl diag nodes node-7', description: 'One node in depth, with its pods and events' },
  ];

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
    const result = await this.runQuery(session, listNodes, { selector: flags.selector });
    this.emit(flags, nodeListEnvelope(result), (wide, style) => nodeTable(result, wide, style));
  }
}
