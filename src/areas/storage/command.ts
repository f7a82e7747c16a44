import { Args } from '@oclif/core';
import { areaCommand } from '../../cli/area-command.js';
import { arrange } from '../../cli/lists.js';
import { claimEnvelope, storageEnvelope } from '../../cli/envelope.js';
import { storageArea } from './index.js';
import { diagnoseStorage, getPvc } from './queries.js';
import { claimDescription, storageTables } from './table.js';

export default class Storage extends areaCommand(storageArea) {
  static override aliases = ['pvc', 'pv', 'persistentvolumeclaims', 'persistentvolumes'];

  static override args = {
    pvc: Args.string({ description: 'Name of one PersistentVolumeClaim to describe in depth.' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Storage);
    const session = this.openSession(flags);
    if (args.pvc) {
      const input = { namespace: flags.namespace, pvc: args.pvc };
      return this.describe(session, flags, getPvc, input, claimEnvelope, claimDescription);
    }
    return this.list(session, flags, diagnoseStorage, this.scope(flags), {
      // Every table of the answer in the same order: problems first, or --sort-by.
      arrange: (r, how) => ({
        ...r,
        claims: arrange(r.claims, how),
        volumes: arrange(r.volumes, how),
        storageClasses: arrange(r.storageClasses, how),
        attachments: arrange(r.attachments, how),
        pods: arrange(r.pods, how),
      }),
      envelope: storageEnvelope,
      table: storageTables,
    });
  }
}
