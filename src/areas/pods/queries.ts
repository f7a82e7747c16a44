// The pods area: status, events, logs, description and findings of pods.

import { z } from 'zod';
import { BadInput, DiagError } from '../../cluster/errors.js';
import type { ClusterReader } from '../../cluster/source.js';
import { groupByReason as byReason } from '../../diagnose/by-reason.js';
import { countBySeverity, sortFindings } from '../../diagnose/finding.js';
import { failingContainer } from './rules.js';
import { whyNoPods } from '../workloads/nopods.js';
import type { KubeObject, Pod } from '../../kube/types.js';
import type { ResourceKey } from '../../cluster/resources.js';
import { podDescriptionText, podEventsText, podLogText, podReportText, podStatusText } from './text.js';
import { eventResult, eventsFor, getByName, sourceOf } from '../../queries/common.js';
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

/** One group per finding reason, with every pod that has it: the whole picture in a few lines. */
export function groupByReason(summaries: readonly PodSummary[]): ReasonGroup[] {
  const findings = summaries.flatMap((pod) =>
    pod.findings.map((finding) => ({ member: `${pod.namespace}/${pod.name}`, finding })),
  );
  return byReason(findings).map(({ reason, severity, members, example: { member, finding } }) => ({
    reason,
    severity,
    pods: members,
    example: `${member}: ${finding.message}${finding.hint ? ` (hint: ${finding.hint})` : ''}`,
  }));
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
    const pod = await getByName<Pod>(cluster, 'pods', args.pod, args.namespace ?? cluster.defaultNamespace);
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
    const pod = await getByName<Pod>(cluster, 'pods', args.pod, namespace);
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
    const pod = await getByName<Pod>(cluster, 'pods', args.pod, namespace);
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

/** Owners whose own controller kubectl users look for next: a ReplicaSet's Deployment, a Job's CronJob. */
const OWNER_OF: Record<string, ResourceKey> = { ReplicaSet: 'replicasets', Job: 'jobs' };

/**
 * The pod's controller and that controller's own (ReplicaSet/web-7d9c5, Deployment/web): at most one more
 * read. A controller that cannot be read (gone, forbidden) ends the chain where it is known.
 */
async function controllerChain(cluster: ClusterReader, pod: Pod): Promise<string[]> {
  const controller = (refs: KubeObject['metadata']) =>
    (refs?.ownerReferences ?? []).find((o) => o.controller) ?? refs?.ownerReferences?.[0];
  const first = controller(pod.metadata);
  if (!first) return [];
  const chain = [`${first.kind}/${first.name}`];
  const resource = OWNER_OF[first.kind];
  if (!resource) return chain;
  try {
    const owner = await cluster.get(resource, first.name, pod.metadata?.namespace);
    const next = controller(owner.metadata);
    if (next) chain.push(`${next.kind}/${next.name}`);
  } catch (error) {
    if (!(error instanceof DiagError)) throw error;
  }
  return chain;
}

export const describePod = defineQuery({
  name: 'describe_pod',
  title: 'Describe pod',
  description:
    "One pod in one call: status, conditions, containers, events, the failing container's log tail, findings with hints.",
  input: { ...podInput, tailLines: input.tailLines.optional() },
  output: describeOutput,
  async run({ cluster }, args) {
    const pod = await getByName<Pod>(cluster, 'pods', args.pod, args.namespace ?? cluster.defaultNamespace);
    const [events, log, claims, controlledBy] = await Promise.all([
      eventsFor(cluster, 'Pod', pod),
      failingLog(cluster, pod, args.tailLines ?? 50),
      claimsForPod(cluster, pod),
      controllerChain(cluster, pod),
    ]);
    return {
      source: sourceOf(cluster),
      pod: detail(pod),
      conditions: pod.status?.conditions ?? [],
      containers: containers(pod),
      controlledBy,
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
