import { Args } from '@oclif/core';
import { areaCommand } from '../../cli/area-command.js';
import { arrange } from '../../cli/lists.js';
import { serviceEnvelope, serviceListEnvelope } from '../../cli/envelope.js';
import { servicesArea } from './index.js';
import { diagnoseServices, getService } from './queries.js';
import { serviceDescription, serviceTable } from './table.js';

export default class EndpointsCommand extends areaCommand(servicesArea) {
  static override aliases = ['ep', 'svc', 'service', 'services'];

  static override args = {
    service: Args.string({ description: 'Name of one Service to show in depth.' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(EndpointsCommand);
    if (args.service && flags.selector)
      this.error('give either a Service name or -l/--selector, not both', { exit: 2 });
    const session = this.openSession(flags);
    if (args.service) {
      const input = { namespace: flags.namespace, service: args.service };
      return this.describe(session, flags, getService, input, serviceEnvelope, serviceDescription);
    }
    return this.list(session, flags, diagnoseServices, this.scope(flags), {
      arrange: (r, how) => ({ ...r, services: arrange(r.services, how) }),
      envelope: serviceListEnvelope,
      table: serviceTable,
    });
  }
}
