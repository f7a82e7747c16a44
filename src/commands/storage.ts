import { Args } from '@oclif/core';
import { DiagCommand } from '../cli/base.js';
import { storageArea } from '../areas/storage/index.js';
import { diagnoseStorage, getPvc } from '../areas/storage/queries.js';
import { claimDescription, storageTables } from '../areas/storage/table.js';

export default class Storage extends DiagCommand {
  static override summary = storageArea.command.help.summary;
  static override description = storageArea.command.help.description;

  static override examples = storageArea.command.help.examples;

  static override args = {
    pvc: Args.string({ description: 'Name of one PersistentVolumeClaim to describe in depth.' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Storage);
    const session = this.openSession(flags);
    if (args.pvc) {
      const result = await this.runQuery(session, getPvc, { namespace: flags.namespace, pvc: args.pvc });
      this.emit(flags.output, result, (_, style) => claimDescription(result, style));
      return;
    }
    const result = await this.runQuery(session, diagnoseStorage, {
      namespace: flags.namespace,
      allNamespaces: flags['all-namespaces'],
      selector: flags.selector,
      includeHealthy: true,
    });
    this.emit(flags.output, result, (wide, style) => storageTables(result, wide, style));
  }
}
