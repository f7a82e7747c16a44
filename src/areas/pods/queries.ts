// The pods area: status, events, logs, description and findings of pods.

import { z } from 'zod';
import { BadInput, DiagError } from '../../cluster/errors.js';
import type { ClusterReader } from '../../cluster/source.js';
import { countBySeverity, sortFindings } from '../../diagnose/finding.js';
import { failingContainer } from './rules.js';
import { whyNoPods } from '../workloads/nopods.js';
import type { Pod } from '../../kube/types.js';
import { podDescriptionText, podEventsText, podLogText, podReportText, podStatusText } from './text.js';
import { eventResult, eventsFor, sourceOf } from '../../queries/common.js';
import * as input from '../../queries/inputs.js';
import { defineQuery } from '../../queries/query.js';
import type { logResult } from './schema.js';
import { claimsForPod, containers, detail, podFindings, podReport } from './summaries.js';
import {
  type PodReport,
  type PodSummary,
  reportOutput,
  statusOutput,
  eventsOutput,
  logsOutput,
  describeOutput,
} from './schema.js';

type ReasonGroup = PodReport['byReason'][number];

const SEVERITY_ORDER = { critical: 0, warning: 1, info: 2 } as const;

/** One group per finding reason, with every pod that has it: the whole picture in a few lines. */
export function groupByReason(summaries: readonly PodSummary[]): ReasonGroup[] {
  const groups = new Map<string, ReasonGroup>();
  for (const pod of summaries) {
    for (const f of pod.findings) {
      let group = groups.get(f.reason);
      if (!group) {
        group = {
          reason: f.reason,
          severity: f.severity,
          pods: [],
          example: `${pod.namespace}/${pod.name}: ${f.message}${f.hint ? ` (hint: ${f.hint})` : ''}`,
        };
        groups.set(f.reason, group);
      }
      const name = `${pod.namespace}/${pod.name}`;
      if (group.pods.at(-1) !== name) group.pods.push(name);
    }
  }
  return [...groups.values()].sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      b.pods.length - a.pods.length ||
      a.reason.localeCompare(b.reason),
  );
}

export const diagnosePods = defineQuery({
  name: 'diagnose_pods',
  title: 'Diagnose pods',
  description:
    'Why the pods of a namespace (or all) fail: crash loops with the exit reason, OOMKilled, image pulls, unschedulable, probes, evictions. Grouped by reason; healthy pods counted unless includeHealthy.',
  input: {
    namespace: input.namespace.optional(),
    allNamespaces: input.allNamespaces.optional(),
    selector: input.labelSelector.optional(),
    includeHealthy: z.boolean().optional(),
  },
  output: reportOutput,
  async run({ cluster }, args) {
    const report = await podReport(cluster, args);
    const why =
      report.summaries.length === 0 && report.scope.namespace !== undefined && !args.selector
        ? await whyNoPods(cluster, report.scope.namespace)
        : [];
    const all = report.summaries.flatMap((p) => p.findings);
    const withFindings = report.summaries.filter((p) => p.findings.length > 0);
    return {
      source: report.source,
      scope: report.scope,
      totalPods: report.summaries.length,
      podsWithFindings: withFindings.length,
      counts: countBySeverity(all),
      byReason: groupByReason(withFindings),
      pods: args.includeHealthy ? report.summaries : withFindings,
      ...(why.length ? { noPodsBecause: why } : {}),
    };
  },
  text: podReportText,
});

export const listPodsBySelector = defineQuery({
  name: 'list_pods_by_selector',
  title: 'List pods by label selector',
  description:
    'The pods a label selector matches (as a Service or Deployment selects them): status, readiness, restarts, node, findings.',
  input: {
    selector: input.labelSelector,
    namespace: input.namespace.optional(),
    allNamespaces: input.allNamespaces.optional(),
  },
  output: reportOutput,
  async run({ cluster }, args) {
    const report = await podReport(cluster, args);
    const all = report.summaries.flatMap((p) => p.findings);
    return {
      source: report.source,
      scope: report.scope,
      totalPods: report.summaries.length,
      podsWithFindings: report.summaries.filter((p) => p.findings.length > 0).length,
      counts: countBySeverity(all),
      byReason: groupByReason(report.summaries),
      pods: report.summaries,
    };
  },
  text: podReportText,
});

const podInput = {
  namespace: input.namespace.optional(),
  pod: input.objectName('pod'),
};

export const getPodStatus = defineQuery({
  name: 'get_pod_status',
  title: 'Get pod status',
  description:
    "A pod's phase, real status reason, conditions, container states with exit codes, and findings with hints.",
  input: podInput,
  output: statusOutput,
  async run({ cluster }, args) {
    const pod = await cluster.get<Pod>('pods', args.pod, args.namespace ?? cluster.defaultNamespace);
    const [events, claims] = await Promise.all([eventsFor(cluster, 'Pod', pod), claimsForPod(cluster, pod)]);
    return {
      source: sourceOf(cluster),
      pod: detail(pod),
      conditions: pod.status?.conditions ?? [],
      containers: containers(pod),
      findings: sortFindings(podFindings(pod, events, cluster.now(), claims)),
    };
  },
  text: podStatusText,
});

export const getPodEvents = defineQuery({
  name: 'get_pod_events',
  title: 'Get pod events',
  description: 'Recent events about a pod, newest first.',
  input: podInput,
  output: eventsOutput,
  async run({ cluster }, args) {
    const namespace = args.namespace ?? cluster.defaultNamespace;
    const pod = await cluster.get<Pod>('pods', args.pod, namespace);
    const events = await eventsFor(cluster, 'Pod', pod);
    return { source: sourceOf(cluster), namespace, pod: args.pod, events: events.map(eventResult) };
  },
  text: podEventsText,
});

function chooseContainer(pod: Pod, requested: string | undefined): string {
  const names = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map((c) => c.name);
  if (requested !== undefined) {
    if (!names.includes(requested)) {
      throw new BadInput(
        `pod ${pod.metadata?.namespace}/${pod.metadata?.name} has no container "${requested}"; its containers are: ${names.join(', ')}`,
      );
    }
    return requested;
  }
  return failingContainer(pod)?.container ?? pod.spec?.containers[0]?.name ?? names[0] ?? '';
}

export const getPodLogs = defineQuery({
  name: 'get_pod_logs',
  title: 'Get pod logs',
  description:
    "The tail of a container log, by default the failing container's; previous=true reads the crashed instance.",
  input: {
    ...podInput,
    container: input.containerName.optional(),
    previous: z.boolean().optional(),
    tailLines: input.tailLines.optional(),
    sinceSeconds: input.sinceSeconds.optional(),
  },
  output: logsOutput,
  async run({ cluster }, args) {
    const namespace = args.namespace ?? cluster.defaultNamespace;
    const pod = await cluster.get<Pod>('pods', args.pod, namespace);
    const container = chooseContainer(pod, args.container);
    const tailLines = args.tailLines ?? input.DEFAULT_TAIL_LINES;
    const previous = args.previous ?? false;
    const log = await cluster.podLog(namespace, args.pod, {
      container,
      previous,
      tailLines,
      sinceSeconds: args.sinceSeconds,
      limitBytes: input.LOG_LIMIT_BYTES,
    });
    const lines = log.text === '' ? 0 : log.text.replace(/\n$/, '').split('\n').length;
    return {
      source: sourceOf(cluster),
      namespace,
      pod: args.pod,
      container,
      previous,
      tailLines,
      sinceSeconds: args.sinceSeconds,
      lines,
      truncated: log.truncated,
      text: log.text,
    };
  },
  text: podLogText,
});

/** The log tail of the failing container for describe; its failure is reported, never fatal. */
async function failingLog(
  cluster: ClusterReader,
  pod: Pod,
  tailLines: number,
): Promise<z.output<typeof logResult> | undefined> {
  const failing = failingContainer(pod);
  if (!failing) return undefined;
  const namespace = pod.metadata?.namespace ?? cluster.defaultNamespace;
  try {
    const log = await cluster.podLog(namespace, pod.metadata?.name ?? '', {
      ...failing,
      tailLines,
      limitBytes: input.LOG_LIMIT_BYTES,
    });
    return { ...failing, tailLines, text: log.text, truncated: log.truncated };
  } catch (error) {
    if (!(error instanceof DiagError)) throw error;
    return { ...failing, tailLines, error: error.message };
  }
}

export const describePod = defineQuery({
  name: 'describe_pod',
  title: 'Describe pod',
  description:
    "One pod in one call: status, conditions, containers, events, the failing container's log tail, findings with hints.",
  input: { ...podInput, tailLines: input.tailLines.optional() },
  output: describeOutput,
  async run({ cluster }, args) {
    const pod = await cluster.get<Pod>('pods', args.pod, args.namespace ?? cluster.defaultNamespace);
    const [events, log, claims] = await Promise.all([
      eventsFor(cluster, 'Pod', pod),
      failingLog(cluster, pod, args.tailLines ?? 50),
      claimsForPod(cluster, pod),
    ]);
    return {
      source: sourceOf(cluster),
      pod: detail(pod),
      conditions: pod.status?.conditions ?? [],
      containers: containers(pod),
      events: events.slice(0, 20).map(eventResult),
      log,
      findings: sortFindings(podFindings(pod, events, cluster.now(), claims)),
    };
  },
  text: podDescriptionText,
});

export const podQueries = [
  diagnosePods,
  listPodsBySelector,
  getPodStatus,
  getPodEvents,
  getPodLogs,
  describePod,
] as const;
