// Jobs: BackoffLimitExceeded, DeadlineExceeded (with what their pods said, even once the job controller has
// deleted them), pods not created.

import { newestFirst } from '../../../diagnose/events.js';
import type { Finding, ObjectRef } from '../../../diagnose/finding.js';
import type { Event } from '../../../kube/types.js';
import { finding } from '../reasons.js';
import type { Job, ResourceQuota } from '../types.js';
import { failedCreateFinding, latestFailedCreate } from './create.js';
import { podEvidence, topPodFinding, type WorkloadPod } from './pods.js';

/** The last lines a failed pod of the Job logged (the query reads them for failed Jobs only). */
export interface JobPodLog {
  pod: string;
  container: string;
  lines: string[];
}

export function diagnoseJob(
  job: Job,
  events: Event[],
  pods: WorkloadPod[],
  quotas: readonly ResourceQuota[],
  log?: JobPodLog,
  gonePodEvents: readonly Event[] = [],
): Finding[] {
  const object: ObjectRef = {
    kind: 'Job',
    namespace: job.metadata?.namespace,
    name: job.metadata?.name ?? '',
  };
  const findings: Finding[] = [];
  const failed = job.status?.conditions?.find((c) => c.type === 'Failed' && c.status === 'True');
  const podCause = topPodFinding(pods);
  // A Job past its deadline has its active pods deleted (deleteActivePods, pkg/controller/job/job_controller.go):
  // what they were waiting on survives in their Warning events.
  const gone = podCause ? undefined : [...gonePodEvents].sort(newestFirst)[0];
  const logLines = log?.lines.filter((l) => l.trim() !== '') ?? [];
  const lastLine = logLines.at(-1);
  const causeText = [
    podCause
      ? `pod ${podCause.pod.name} ${podCause.pod.status}: ${podCause.finding.reason}: ${podCause.finding.message}`
      : '',
    gone ? `pod ${gone.involvedObject.name} (deleted) ${gone.reason ?? ''}: ${gone.message ?? ''}` : '',
    lastLine ? `last log line: ${lastLine.trim()}` : '',
  ]
    .filter(Boolean)
    .join('; ');
  const logEvidence =
    log && logLines.length
      ? [`last log lines of pod ${log.pod} container ${log.container}:`, ...logLines.map((l) => `  ${l}`)]
      : [];
  if (failed?.reason === 'BackoffLimitExceeded')
    findings.push(
      finding('JobBackoffLimitExceeded', object, {
        message: `Job failed after ${job.status?.failed ?? '?'} failed pod(s) (backoffLimit ${job.spec?.backoffLimit ?? 6})${causeText ? `; ${causeText}` : ''}`,
        evidence: [
          `condition Failed=True BackoffLimitExceeded: ${failed.message ?? ''}`,
          ...podEvidence(pods),
          ...logEvidence,
        ],
      }),
    );
  else if (failed?.reason === 'DeadlineExceeded')
    findings.push(
      finding('JobDeadlineExceeded', object, {
        message: `Job failed: active longer than activeDeadlineSeconds ${job.spec?.activeDeadlineSeconds ?? '?'}${causeText ? `; ${causeText}` : ''}`,
        evidence: [
          `condition Failed=True DeadlineExceeded: ${failed.message ?? ''}`,
          ...podEvidence(pods),
          ...(gone
            ? [`event ${gone.reason} on deleted pod ${gone.involvedObject.name} (×${gone.count ?? 1})`]
            : []),
          ...logEvidence,
          ...events
            .filter((e) => e.reason === 'DeadlineExceeded')
            .slice(0, 1)
            .map((e) => `event DeadlineExceeded: ${e.message ?? ''}`),
        ],
      }),
    );
  if (!failed) {
    const failedCreate = latestFailedCreate(undefined, events);
    if (failedCreate)
      findings.push(failedCreateFinding(object, failedCreate.message, failedCreate.from, quotas));
  }
  return findings;
}
