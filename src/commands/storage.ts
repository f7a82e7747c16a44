import { Args } from '@oclif/core';
import { DiagCommand, LIST_FLAGS } from '../cli/base.js';
import { arrange } from '../cli/lists.js';
import type { ClusterReader } from '../cluster/source.js';
import { claimEnvelope, storageEnvelope } from '../cli/envelope.js';
import { storageArea } from '../areas/storage/index.js';
import { diagnoseStorage, getPvc } from '../areas/storage/queries.js';
import { claimDescription, storageTables } from '../areas/storage/table.js';

export default class Storage extends DiagCommand {
  static override aliases = ['pvc', 'pv', 'persistentvolumeclaims', 'persistentvolumes'];

  static override summary = storageArea.command.help.summary;
  static override description = storageArea.command.help.description;

  static override examples = storageArea.command.help.examples;

  static override flags = LIST_FLAGS;

  static override args = {
    pvc: Args.string({ description: 'Name of one PersistentVolumeClaim to describe in depth.' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Storage);
    const session = this.openSession(flags);
    if (args.pvc) {
      const result = await this.runQuery(session, getPvc, { namespace: flags.namespace, pvc: args.pvc });
      this.emit(flags, claimEnvelope(result), (_, style) => claimDescription(result, style));
      return;
    }
    const list = async (cluster: ClusterReader) => {
      const result = await this.runQuery({ cluster }, diagnoseStorage, {
        namespace: flags.namespace,
        allNamespaces: flags['all-namespaces'],
        selector: flags.selector,
        includeHealthy: true,
      });
      const how = { problems: flags.problems, sortBy: flags['sort-by'] };
      const shown = {
        ...result,
        claims: arrange(result.claims, how),
        volumes: arrange(result.volumes, how),
        storageClasses: arrange(result.storageClasses, how),
        attachments: arrange(result.attachments, how),
        pods: arrange(result.pods, how),
      };
      this.emit(flags, storageEnvelope(shown), (wide, style) => storageTables(shown, wide, style));
    };
    if (flags.watch) await this.watchAnswers(session, list);
    else await list(session.cluster);
  }
}
