// CronJobs: suspended, start times missed, a run skipped because the previous Job still runs under
// concurrencyPolicy Forbid, Jobs that cannot be created. The facts are the cronjob controller's own events
// (pkg/controller/cronjob/cronjob_controllerv2.go and utils.go, kubernetes v1.36.3):
// - Normal  JobAlreadyActive   "Not starting job because prior execution is running and concurrency policy is Forbid"
// - Warning TooManyMissedTimes "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew"
// - Warning MissSchedule       "Missed scheduled time to start a job: %s" (RFC 1123Z)
// - Warning FailedCreate       "Error creating job: %v"

import { lastSeen, newestFirst, occurrences } from '../../../diagnose/events.js';
import type { Finding, ObjectRef } from '../../../diagnose/finding.js';
import type { Event } from '../../../kube/types.js';
import { finding } from '../reasons.js';
import type { CronJob, ResourceQuota } from '../types.js';
import { failedCreateFinding, latestFailedCreate } from './create.js';
import { podEvidence, topPodFinding, type WorkloadPod } from './pods.js';

/** A Job the CronJob lists as active, with its pods. */
export interface ActiveJob {
  name: string;
  startTime?: string;
  pods: WorkloadPod[];
}

export interface CronJobFacts {
  /** Events about the CronJob: its Warning events and JobAlreadyActive. */
  events: Event[];
  active: ActiveJob[];
  quotas: readonly ResourceQuota[];
}

const newest = (events: readonly Event[], reasons: readonly string[]) =>
  events.filter((e) => reasons.includes(e.reason ?? '')).sort(newestFirst)[0];

const seen = (e: Event) => `×${occurrences(e)}, last ${lastSeen(e) ?? '?'}`;

function forbidBlocked(cronJob: CronJob, object: ObjectRef, facts: CronJobFacts): Finding | undefined {
  const event = newest(facts.events, ['JobAlreadyActive']);
  const running = facts.active[0];
  // The block lasts only while a Job is active; an old event about a finished Job says nothing now.
  if (!event || !running || cronJob.spec?.concurrencyPolicy !== 'Forbid') return undefined;
  const top = topPodFinding(running.pods.filter((p) => !p.ready));
  return finding('CronJobForbidBlocked', object, {
    message:
      `schedule "${cronJob.spec?.schedule ?? ''}" skipped: Job ${running.name} (started ${running.startTime ?? '?'}) still runs and concurrencyPolicy is Forbid` +
      (top ? `; its pod ${top.pod.name} ${top.finding.reason}: ${top.finding.message}` : ''),
    evidence: [
      `event JobAlreadyActive (${seen(event)}): ${event.message ?? ''}`,
      `status.active: ${facts.active.map((j) => j.name).join(', ')}`,
      `last scheduled ${cronJob.status?.lastScheduleTime ?? 'never'}, last successful ${cronJob.status?.lastSuccessfulTime ?? 'never'}`,
      ...podEvidence(running.pods),
    ],
    facts: { namespace: object.namespace ?? '', job: running.name, pod: top?.pod.name },
  });
}

function missedSchedules(cronJob: CronJob, object: ObjectRef, facts: CronJobFacts): Finding | undefined {
  const event = newest(facts.events, ['TooManyMissedTimes', 'MissSchedule']);
  if (!event) return undefined;
  const deadline = cronJob.spec?.startingDeadlineSeconds;
  return finding('CronJobMissedSchedules', object, {
    message: `start times missed: ${event.message ?? event.reason}; last scheduled ${cronJob.status?.lastScheduleTime ?? 'never'}`,
    evidence: [
      `event ${event.reason} (${seen(event)}): ${event.message ?? ''}`,
      `schedule "${cronJob.spec?.schedule ?? ''}", startingDeadlineSeconds ${deadline ?? 'unset'}, concurrencyPolicy ${cronJob.spec?.concurrencyPolicy ?? 'Allow'}`,
      ...(facts.active.length ? [`active: ${facts.active.map((j) => j.name).join(', ')}`] : []),
    ],
    facts: {
      namespace: object.namespace ?? '',
      name: object.name,
      tooMany: event.reason === 'TooManyMissedTimes',
      blocked: cronJob.spec?.concurrencyPolicy === 'Forbid' && facts.active.length > 0,
    },
  });
}

export function diagnoseCronJob(
  cronJob: CronJob,
  facts: CronJobFacts = { events: [], active: [], quotas: [] },
): Finding[] {
  const object: ObjectRef = {
    kind: 'CronJob',
    namespace: cronJob.metadata?.namespace,
    name: cronJob.metadata?.name ?? '',
  };
  if (cronJob.spec?.suspend)
    return [
      finding('CronJobSuspended', object, {
        message: `suspended: schedule "${cronJob.spec.schedule ?? ''}" starts no Job`,
        evidence: [`last scheduled ${cronJob.status?.lastScheduleTime ?? 'never'}`],
        facts: { namespace: object.namespace ?? '', name: object.name },
      }),
    ];
  const findings: Finding[] = [];
  const failed = latestFailedCreate(undefined, facts.events);
  if (failed) findings.push(failedCreateFinding(object, failed.message, failed.from, facts.quotas));
  const blocked = forbidBlocked(cronJob, object, facts);
  if (blocked) findings.push(blocked);
  const missed = missedSchedules(cronJob, object, facts);
  if (missed) findings.push(missed);
  return findings;
}
