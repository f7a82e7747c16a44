// Every reason code the workload rules report, as data: severity, the README's one-line meaning, the hint
// (made from the facts the rule passes where it names objects) and the Kubernetes documentation behind it.

import { findingsOf } from '../../diagnose/finding.js';

const QUOTA_DOCS = 'https://kubernetes.io/docs/concepts/policy/resource-quotas/';
const DEPLOY_DOCS = 'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/';
const JOB_DOCS = 'https://kubernetes.io/docs/concepts/workloads/controllers/job/';
const CRON_DOCS = 'https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/';

export const WORKLOAD_REASONS = {
  FailedCreateQuotaExceeded: {
    severity: 'critical',
    title:
      'The controller cannot create pods: a ResourceQuota refuses them (quota, resource, used/hard, what one pod asks).',
    hint: (f: { namespace: string; quota: string; resources: string }) =>
      `Raise ${f.resources} in ResourceQuota ${f.quota} (kubectl describe resourcequota ${f.quota} -n ${f.namespace}), free quota by scaling down other workloads, or lower what each pod requests; the controller retries on its own.`,
    docs: QUOTA_DOCS,
  },
  FailedCreateServiceAccountMissing: {
    severity: 'critical',
    title: 'The controller cannot create pods: the ServiceAccount the pod template names does not exist.',
    hint: (f: { namespace: string; serviceAccount: string }) =>
      `Create the ServiceAccount (kubectl create serviceaccount ${f.serviceAccount} -n ${f.namespace}) or fix serviceAccountName in the pod template.`,
    docs: 'https://kubernetes.io/docs/concepts/security/service-accounts/',
  },
  FailedCreateWebhookDenied: {
    severity: 'critical',
    title:
      'The controller cannot create pods: an admission webhook or policy denies them (named, with its message).',
    hint: (f: { webhook: string }) =>
      `Change the pod template so ${f.webhook} accepts it (its message says what it wants), or ask the owner of that webhook or policy for an exception.`,
    docs: 'https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/',
  },
  FailedCreatePodSecurity: {
    severity: 'critical',
    title: "The controller cannot create pods: they violate the namespace's PodSecurity level.",
    hint: (f: { level: string }) =>
      `Make the pod template meet "${f.level}" (the message lists each field to change: securityContext, capabilities, runAsNonRoot, seccompProfile), or relax the namespace label pod-security.kubernetes.io/enforce if that level is wrong for it.`,
    docs: 'https://kubernetes.io/docs/concepts/security/pod-security-admission/',
  },
  FailedCreate: {
    severity: 'critical',
    title: "The controller cannot create pods; the API server's refusal is quoted.",
    hint: 'Fix what the quoted refusal names in the pod template or the namespace; the controller retries on its own.',
    docs: 'https://kubernetes.io/docs/concepts/workloads/controllers/replicaset/',
  },
  ProgressDeadlineExceeded: {
    severity: 'critical',
    title: 'The Deployment made no progress within its progressDeadlineSeconds.',
    hint: (f: { cause: string | undefined }) =>
      f.cause
        ? `The new pods do not become available: ${f.cause}. Fix that, or roll back (kubectl rollout undo).`
        : 'The new pods do not become available: look at their findings (kubectl diag pods), fix the cause or roll back (kubectl rollout undo).',
    docs: `${DEPLOY_DOCS}#failed-deployment`,
  },
  RolloutStuck: {
    severity: 'critical',
    title:
      "A rollout is stuck: the new revision's pods fail while the old ones still serve (the new pods' finding named).",
    hint: (f: { namespace: string; name: string; pod: string }) =>
      `Fix what the new revision's pod ${f.pod} shows (kubectl diag pods ${f.pod} -n ${f.namespace}), or roll back: kubectl rollout undo deployment/${f.name} -n ${f.namespace}. The old pods keep serving meanwhile.`,
    docs: `${DEPLOY_DOCS}#rolling-back-a-deployment`,
  },
  ReplicasUnavailable: {
    severity: 'warning',
    title: "Fewer replicas are available than wanted; the pods' own findings are linked.",
    hint: (f: { namespace: string; pod: string | undefined }) =>
      f.pod
        ? `Fix what pod ${f.pod} shows (kubectl diag pods ${f.pod} -n ${f.namespace}).`
        : `No pod explains it yet: look at the pods and events (kubectl diag pods -n ${f.namespace}).`,
    docs: DEPLOY_DOCS,
  },
  JobBackoffLimitExceeded: {
    severity: 'critical',
    title: "The Job failed: its pods failed more often than backoffLimit (the failing pods' cause named).",
    hint: 'Fix what the failed pods show (their exit reason and last log lines), then delete and re-create the Job; a failed Job does not retry.',
    docs: `${JOB_DOCS}#pod-backoff-failure-policy`,
  },
  JobDeadlineExceeded: {
    severity: 'critical',
    title: 'The Job failed: it ran longer than activeDeadlineSeconds.',
    hint: 'Raise activeDeadlineSeconds or make the work finish sooner (what its pods were waiting on is named); a failed Job does not retry.',
    docs: `${JOB_DOCS}#job-termination-and-cleanup`,
  },
  CronJobSuspended: {
    severity: 'info',
    title: 'The CronJob is suspended: no Job is scheduled until it is resumed.',
    hint: (f: { namespace: string; name: string }) =>
      `Resume it if that is not intended: kubectl patch cronjob ${f.name} -n ${f.namespace} -p '{"spec":{"suspend":false}}'.`,
    docs: CRON_DOCS,
  },
  CronJobForbidBlocked: {
    severity: 'warning',
    title:
      'A CronJob skips its runs: the previous Job still runs and concurrencyPolicy is Forbid (that Job and its pod named).',
    hint: (f: { namespace: string; job: string; pod: string | undefined }) =>
      f.pod
        ? `Fix what keeps Job ${f.job} from finishing (kubectl diag pods ${f.pod} -n ${f.namespace}), or delete it (kubectl delete job ${f.job} -n ${f.namespace}); set activeDeadlineSeconds so a stuck run ends on its own.`
        : `Find why Job ${f.job} does not finish (kubectl diag workloads ${f.job} -n ${f.namespace}) or delete it; set activeDeadlineSeconds so a stuck run ends on its own.`,
    docs: `${CRON_DOCS}#concurrency-policy`,
  },
  CronJobMissedSchedules: {
    severity: 'warning',
    title:
      'The cronjob controller reports missed start times (too many missed, or past startingDeadlineSeconds).',
    hint: (f: { namespace: string; name: string; tooMany: boolean; blocked: boolean }) =>
      f.blocked
        ? 'Runs are missed because the previous Job still runs under concurrencyPolicy Forbid: end that Job first (see the CronJobForbidBlocked finding).'
        : f.tooMany
          ? `Set spec.startingDeadlineSeconds (kubectl patch cronjob ${f.name} -n ${f.namespace} -p '{"spec":{"startingDeadlineSeconds":200}}') so only recent start times count, and check the clocks of the control plane; then it schedules again.`
          : 'The controller saw the start time too late for startingDeadlineSeconds: raise it, or look at why kube-controller-manager lagged (restarts, overload).',
    docs: `${CRON_DOCS}#cron-job-limitations`,
  },
  StatefulSetBlockedOnOrdinal: {
    severity: 'critical',
    title:
      'An OrderedReady StatefulSet waits on one pod: no higher ordinal is created or updated until it is Running and Ready (its finding named).',
    hint: (f: { namespace: string; pod: string }) =>
      `Fix what pod ${f.pod} shows (kubectl diag pods ${f.pod} -n ${f.namespace}); the controller goes on by itself once it is ready. A pod stuck on a bad revision may need deleting after the template is fixed.`,
    docs: 'https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#forced-rollback',
  },
  DaemonSetPodsMissing: {
    severity: 'warning',
    title:
      'A DaemonSet runs no pod on some Ready nodes its selector matches (the taint it does not tolerate named).',
    hint: (f: { namespace: string; name: string; taint: string | undefined }) =>
      f.taint
        ? `If it must run there (log, network or storage agents usually must), add a toleration for ${f.taint} to the pod template (kubectl edit daemonset ${f.name} -n ${f.namespace}); if not, a nodeSelector that excludes those nodes says so.`
        : `The controller has not placed a pod there yet: look for FailedCreate events (kubectl describe daemonset ${f.name} -n ${f.namespace}).`,
    docs: 'https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/#taints-and-tolerations',
  },
  HPAUnableToCompute: {
    severity: 'critical',
    title:
      'A HorizontalPodAutoscaler cannot compute a replica count (a container without a resource request, or no metrics).',
    hint: (f: { cause: 'missingRequest' | 'noMetrics' | 'other'; namespace: string; target: string }) =>
      f.cause === 'missingRequest'
        ? `Set resources.requests for that resource on every container of ${f.target}: utilization is a share of the request. Until then it does not scale.`
        : f.cause === 'noMetrics'
          ? 'Check the metrics pipeline: kubectl get apiservice v1beta1.metrics.k8s.io and kubectl top pods -n ' +
            `${f.namespace}; metrics-server must be running and reach the kubelets. Until then it does not scale.`
          : `Fix what the quoted error names (kubectl describe hpa -n ${f.namespace}); until then it does not scale.`,
    docs: 'https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#support-for-resource-metrics',
  },
  HPAUnableToScale: {
    severity: 'critical',
    title: 'A HorizontalPodAutoscaler cannot read or change the scale of its target.',
    hint: (f: { target: string }) =>
      `Check that ${f.target} exists and has a scale subresource, and the controller's permission on it; the quoted error names the failure.`,
    docs: 'https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/',
  },
  HPAAtMaxReplicas: {
    severity: 'warning',
    title:
      'A HorizontalPodAutoscaler wants more replicas than maxReplicas allows: the load is above what it may add.',
    hint: (f: { namespace: string; name: string }) =>
      `Raise maxReplicas if the cluster has room (kubectl patch hpa ${f.name} -n ${f.namespace} -p '{"spec":{"maxReplicas":N}}'), or make each pod handle more.`,
    docs: 'https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#algorithm-details',
  },
  HPAScalingLimited: {
    severity: 'info',
    title: 'A HorizontalPodAutoscaler is held back by minReplicas or its scaling rate (ScalingLimited).',
    hint: (f: { namespace: string; name: string }) =>
      `Usually expected; if it must react faster or go lower, change minReplicas or spec.behavior (kubectl describe hpa ${f.name} -n ${f.namespace}).`,
    docs: 'https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#configurable-scaling-behavior',
  },
  PDBAllowsNoDisruption: {
    severity: 'warning',
    title:
      'A PodDisruptionBudget allows no disruption: evictions, node drains and cluster upgrades block on its pods.',
    hint: (f: { namespace: string; name: string; unhealthy: boolean }) =>
      f.unhealthy
        ? `Make its unhealthy pods ready first (kubectl diag pods -n ${f.namespace}); the budget counts only healthy pods.`
        : `Run more replicas than the budget needs, or loosen it (kubectl edit pdb ${f.name} -n ${f.namespace}: a lower minAvailable or a maxUnavailable of 1).`,
    docs: 'https://kubernetes.io/docs/tasks/run-application/configure-pdb/',
  },
  QuotaNearLimit: {
    severity: 'warning',
    title: 'A ResourceQuota is at 90 % or more of a hard limit: the next pods may be refused.',
    hint: (f: { namespace: string; quota: string }) =>
      `Raise the limit (kubectl describe resourcequota ${f.quota} -n ${f.namespace}) or free capacity before new pods or a rollout need it.`,
    docs: QUOTA_DOCS,
  },
} as const;

export const finding = findingsOf(WORKLOAD_REASONS);
