import { Args } from '@oclif/core';
import { DiagCommand } from '../cli/base.js';
import { serviceEnvelope, serviceListEnvelope } from '../cli/envelope.js';
import { diagnoseServices, getService } from '../queries/services.js';
import { serviceDescription, serviceTable } from '../render/services.js';

export default class EndpointsCommand extends DiagCommand {
  static override aliases = ['ep', 'svc', 'service', 'services'];

  static override summary = 'Services and why they do or do not reach their pods.';
  static override description =
    'Lists Services with their type, selector, ports, READY / NOT-READY endpoint counts (from EndpointSlices), ' +
    'the pods their selector matches and the top finding: a selector that matches no pod (naming the label that ' +
    'differs and the pods that almost match), no or only some ready endpoints (with the pods’ own findings), ' +
    'targetPorts no container has, pending load balancers, Warning events. With a Service name, shows it in depth: ' +
    'ports and target ports, every endpoint with its readiness, the matched pods, events and every finding with a hint. ' +
    '-l selects Services by their own labels.';

  static override examples = [
    {
      command: 'kubectl diag endpoints -n shop',
      description: 'Services of one namespace with their findings',
    },
    {
      command: 'kubectl diag endpoints -A -o wide',
      description: 'Every namespace, with cluster IP, external address and age',
    },
    {
      command: 'kubectl diag endpoints -n shop -l tier=frontend',
      description: 'Only Services labelled tier=frontend',
    },
    {
      command: 'kubectl diag endpoints web -n shop',
      description: 'One Service in depth: endpoints, pods, findings',
    },
  ];

  static override args = {
    service: Args.string({ description: 'Name of one Service to show in depth.' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(EndpointsCommand);
    if (args.service && flags.selector)
      this.error('give either a Service name or -l/--selector, not both', { exit: 2 });
    const session = this.openSession(flags);
    if (args.service) {
      const result = await this.runQuery(session, getService, {
        namespace: flags.namespace,
        service: args.service,
      });
      this.emit(flags, serviceEnvelope(result), (_, style) => serviceDescription(result, style));
      return;
    }
    const result = await this.runQuery(session, diagnoseServices, {
      namespace: flags.namespace,
      allNamespaces: flags['all-namespaces'],
      selector: flags.selector,
      includeHealthy: true,
    });
    this.emit(flags, serviceListEnvelope(result), (wide, style) => serviceTable(result, wide, style));
  }
}
