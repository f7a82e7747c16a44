// VolumeAttachment rules: attach and detach errors reported by the attacher.

import type { VolumeAttachment } from '../../../kube/types.js';
import type { Finding, ObjectRef } from '../../../diagnose/finding.js';
import { finding } from '../reasons.js';

/** Attach and detach errors of one VolumeAttachment; `claim` is "namespace/name" when known and visible. */
export function diagnoseAttachment(attachment: VolumeAttachment, claim?: string): Finding[] {
  const ref: ObjectRef = { kind: 'VolumeAttachment', name: attachment.metadata?.name ?? '' };
  const volume = attachment.spec?.source?.persistentVolumeName ?? '<inline volume>';
  const node = attachment.spec?.nodeName ?? '?';
  const facts = [`attacher ${attachment.spec?.attacher ?? '?'}`, claim ? `claim ${claim}` : ''];
  const findings: Finding[] = [];
  const attachError = attachment.status?.attachError;
  if (attachError) {
    findings.push(
      finding('VolumeAttachFailed', ref, {
        message: `Volume ${volume} cannot attach to node ${node}: ${(attachError.message ?? 'no message').trim()}`,
        evidence: [
          `attachError at ${attachError.time ?? '?'}: ${(attachError.message ?? '').trim()}`,
          ...facts,
        ],
      }),
    );
  }
  const detachError = attachment.status?.detachError;
  if (detachError) {
    findings.push(
      finding('VolumeDetachFailed', ref, {
        message: `Volume ${volume} cannot detach from node ${node}: ${(detachError.message ?? 'no message').trim()}`,
        evidence: [
          `detachError at ${detachError.time ?? '?'}: ${(detachError.message ?? '').trim()}`,
          ...facts,
        ],
        facts: { node },
      }),
    );
  }
  return findings;
}
