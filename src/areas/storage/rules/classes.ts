// StorageClass rules: several defaults, and classes that never provision.

import type { StorageClass } from '../../../kube/types.js';
import type { Finding } from '../../../diagnose/finding.js';
import { finding } from '../reasons.js';
import { NO_PROVISIONER, defaultClasses } from './facts.js';

export function diagnoseStorageClasses(classes: readonly StorageClass[]): Finding[] {
  const findings: Finding[] = [];
  const defaults = defaultClasses(classes);
  if (defaults.length > 1) {
    const names = defaults.map((c) => c.metadata?.name ?? '');
    findings.push(
      finding(
        'MultipleDefaultStorageClasses',
        { kind: 'StorageClass', name: names[0]! },
        {
          message: `${defaults.length} StorageClasses are marked default (${names.join(', ')}): claims without a class get the newest, ${names[0]}`,
          evidence: defaults.map(
            (c) =>
              `${c.metadata?.name}: provisioner ${c.provisioner ?? '?'}, created ${c.metadata?.creationTimestamp ?? '?'}`,
          ),
        },
      ),
    );
  }
  for (const storageClass of classes) {
    if (storageClass.provisioner !== NO_PROVISIONER) continue;
    const name = storageClass.metadata?.name ?? '';
    findings.push(
      finding(
        'NoProvisionerClass',
        { kind: 'StorageClass', name },
        {
          message: `StorageClass ${name} never provisions volumes (${NO_PROVISIONER}): claims on it bind only to pre-created volumes`,
          evidence: [`volumeBindingMode ${storageClass.volumeBindingMode ?? 'Immediate'}`],
          facts: {
            claim: false,
            className: name,
            waitsForConsumer: storageClass.volumeBindingMode === 'WaitForFirstConsumer',
          },
        },
      ),
    );
  }
  return findings;
}
