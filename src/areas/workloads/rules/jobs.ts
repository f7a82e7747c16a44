// Jobs (BackoffLimitExceeded, DeadlineExceeded, pods not created) and CronJobs.

import type { Finding, ObjectRef } from '../../../diagnose/finding.js';
import type { Event } from '../../../kube/types.js';
import { finding } from '../reasons.js';
import type { CronJob, Job, ResourceQuota } from '../types.js';
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
): Finding[] {
  const object: ObjectRef = {
    kind: 'Job',
    namespace: job.metadata?.namespace,
    name: job.metadata?.name ?? '',
  };
  const findings: Finding[] = [];
  const failed = job.status?.conditions?.find((c) => c.type === 'Failed' && c.status === 'True');
  const podCause = topPodFinding(pods);
  const logLines = log?.lines.filter((l) => l.trim() !== '') ?? [];
  const lastLine = logLines.at(-1);
  const causeText = [
    podCause
      ? `pod ${podCause.pod.name} ${podCause.pod.status}: ${podCause.finding.reason}: ${podCause.finding.message}`
      : '',
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

export function diagnoseCronJob(cronJob: CronJob): Finding[] {
  const object: ObjectRef = {
    kind: 'CronJob',
    namespace: cronJob.metadata?.namespace,
    name: cronJob.metadata?.name ?? '',
  };
  if (!cronJob.spec?.suspend) return [];
  return [
    finding('CronJobSuspended', object, {
      message: `suspended: schedule "${cronJob.spec.schedule ?? ''}" starts no Job`,
      evidence: [`last scheduled ${cronJob.status?.lastScheduleTime ?? 'never'}`],
      facts: { namespace: object.namespace ?? '', name: object.name },
    }),
  ];
}
