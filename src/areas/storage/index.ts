// The storage area: what it registers (tools, the storage command's help, reason codes, how the MCP
// instructions name its tools).

import { defineArea } from '../area.js';
import { diagnoseStorage, getPvc, storageQueries } from './queries.js';
import { STORAGE_REASONS } from './reasons.js';

export const storageArea = defineArea({
  title: 'Storage',
  command: {
    line: 'kubectl diag storage',
    help: {
      summary: 'Claims, volumes, classes and attachments, and what is wrong with them.',
      description:
        'Lists PersistentVolumeClaims with their status, volume, capacity, access modes, StorageClass, the pods that ' +
        'mount them and the top finding (Pending without a class, class not found, provisioning failed with the ' +
        "provisioner's message, WaitForFirstConsumer explained, Lost), pods blocked by unbound claims, then the " +
        'PersistentVolumes of those claims and unclaimed ones (Released, Failed, Available), StorageClasses (default ' +
        'marked) and VolumeAttachments with attach and detach errors. Under --allowed-namespaces, volumes and ' +
        'attachments of other namespaces are hidden. With a claim name, shows that claim in depth: bound volume, ' +
        'class, consumers, attachment per node, events and every finding with a hint.',
      examples: [
        {
          command: 'kubectl diag storage -n shop',
          description: 'Claims of one namespace, their volumes and classes',
        },
        {
          command: 'kubectl diag storage -A -o wide',
          description: 'Every namespace, with requests and nodes',
        },
        { command: 'kubectl diag storage data-db-0 -n shop', description: 'One claim in depth, with events' },
        { command: 'kubectl diag storage -n shop -o json', description: 'The full report for scripts' },
      ],
    },
  },
  queries: storageQueries,
  envelope: () => import('./envelope.js'),
  reasons: STORAGE_REASONS,
  guide: { survey: [diagnoseStorage], explain: [getPvc] },
});
