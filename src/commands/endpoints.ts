import { Args } from '@oclif/core';
import { DiagCommand, LIST_FLAGS } from '../cli/base.js';
import { arrange } from '../cli/lists.js';
import type { ClusterReader } from '../cluster/source.js';
import { serviceEnvelope, serviceListEnvelope } from '../cli/envelope.js';
import { servicesArea } from '../areas/services/index.js';
import { diagnoseServices, getService } from '../areas/services/queries.js';
import { serviceDescription, serviceTable } from '../areas/services/table.js';

export default class EndpointsCommand extends DiagCommand {
  static override aliases = ['ep', 'svc', 'service', 'services'];

  static override summary = servicesArea.command.help.summary;
  static override description = servicesArea.command.help.description;

  static override examples = servicesArea.command.help.examples;

  static override flags = LIST_FLAGS;

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
    const list = async (cluster: ClusterReader) => {
      const result = await this.runQuery({ cluster }, diagnoseServices, {
        namespace: flags.namespace,
        allNamespaces: flags['all-namespaces'],
        selector: flags.selector,
        includeHealthy: true,
      });
      const shown = {
        ...result,
        services: arrange(result.services, { problems: flags.problems, sortBy: flags['sort-by'] }),
      };
      this.emit(flags, serviceListEnvelope(shown), (wide, style) => serviceTable(shown, wide, style));
    };
    if (flags.watch) await this.watchAnswers(session, list);
    else await list(session.cluster);
  }
}
