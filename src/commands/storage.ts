import { Args } from '@oclif/core';
import { DiagCommand } from '../cli/base.js';
import { claimEnvelope, storageEnvelope } from '../cli/envelope.js';
import { diagnoseStorage, getPvc } from '../queries/storage.js';
import { claimDescription, storageTables } from '../render/storage.js';

export default class Storage extends DiagCommand {
  static override aliases = [
    'pvc',
    'pv',
    'persistentvolumeclaims',
    'persistentvolumeclaim',
    'persistentvolumes',
    'persistentvolume',
    'volumes',
    'claims',
  ];

  static override summary = 'Claims, volumes, classes and attachments, and what is wrong with them.';
  static override description =
    'Lists PersistentVolumeClaims with their status, volume, capacity, access modes, StorageClass, the pods that ' +
    'mount them and the top finding (Pending without a class, class not found, provisioning failed with the ' +
    "provisioner's message, WaitForFirstConsumer explained, Lost), pods blocked by unbound claims, then the " +
    'PersistentVolumes of those claims and unclaimed ones (Released, Failed, Available), StorageClasses (default ' +
    'marked) and VolumeAttachments with attach and detach errors. Under --allowed-namespaces, volumes and ' +
    'attachments of other namespaces are hidden. With a claim name, shows that claim in depth: bound volume, ' +
    'class, consumers, attachment per node, events and every finding with a hint.';

  static override examples = [
    {
      command: 'kubectl diag storage -n shop',
      description: 'Claims of one namespace, their volumes and classes',
    },
    { command: 'kubectl diag storage -A -o wide', description: 'Every namespace, with requests and nodes' },
    { command: 'kubectl diag storage data-db-0 -n shop', description: 'One claim in depth, with events' },
    { command: 'kubectl diag storage -n shop -o json', description: 'The full report for scripts' },
  ];

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
    const result = await this.runQuery(session, diagnoseStorage, {
      namespace: flags.namespace,
      allNamespaces: flags['all-namespaces'],
      selector: flags.selector,
      includeHealthy: true,
    });
    this.emit(flags, storageEnvelope(result), (wide, style) => storageTables(result, wide, style));
  }
}
