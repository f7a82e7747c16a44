import { Args } from '@oclif/core';
import { DiagCommand } from '../cli/base.js';
import { servicesArea } from '../areas/services/index.js';
import { diagnoseServices, getService } from '../areas/services/queries.js';
import { serviceDescription, serviceTable } from '../areas/services/table.js';

export default class EndpointsCommand extends DiagCommand {
  static override summary = servicesArea.command.help.summary;
  static override description = servicesArea.command.help.description;

  static override examples = servicesArea.command.help.examples;

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
      this.emit(flags.output, result, (_, style) => serviceDescription(result, style));
      return;
    }
    const result = await this.runQuery(session, diagnoseServices, {
      namespace: flags.namespace,
      allNamespaces: flags['all-namespaces'],
      selector: flags.selector,
      includeHealthy: true,
    });
    this.emit(flags.output, result, (wide, style) => serviceTable(result, wide, style));
  }
}
