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
  const error = (
    verb: 'attach to' | 'detach from',
    field: string,
    e: { time?: string; message?: string },
  ) => ({
    message: `Volume ${volume} cannot ${verb} node ${node}: ${(e.message ?? 'no message').trim()}`,
    evidence: [`${field} at ${e.time ?? '?'}: ${(e.message ?? '').trim()}`, ...facts],
  });
  const findings: Finding[] = [];
  const attachError = attachment.status?.attachError;
  if (attachError)
    findings.push(finding('VolumeAttachFailed', ref, error('attach to', 'attachError', attachError)));
  const detachError = attachment.status?.detachError;
  if (detachError)
    findings.push(
      finding('VolumeDetachFailed', ref, {
        ...error('detach from', 'detachError', detachError),
        facts: { node },
      }),
    );
  return findings;
}
