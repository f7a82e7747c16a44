// The pods area: status, events, logs, description and findings of pods.

import { z } from 'zod';
import { BadInput, DiagError, Forbidden } from '../../cluster/errors.js';
import type { ClusterReader } from '../../cluster/source.js';
import { indexEventsByObject } from '../../diagnose/events.js';
import { countBySeverity, sortFindings, type Finding } from '../../diagnose/finding.js';
import {
  describeExit,
  diagnosePod,
  failingContainer,
  lastTermination,
  podStatus,
  readyContainers,
  restarts,
} from './rules.js';
import { headlineOf } from './status.js';
import { claimKey, claimNamesOf, podBlockedByClaims } from '../storage/rules.js';
import type { ContainerState, Event, KubeObject, PersistentVolumeClaim, Pod } from '../../kube/types.js';
import type { ResourceKey } from '../../cluster/resources.js';
import { mountsOf, portsOf, probesOf, tolerationText, volumeOf } from './spec-text.js';
import { podDescriptionText, podEventsText, podLogText, podReportText, podStatusText } from './text.js';
import { assertNamespaceExists, eventResult, eventsFor, getByName, sourceOf } from '../../queries/common.js';
import * as input from '../../queries/inputs.js';
import { defineQuery } from '../../queries/query.js';
import type { containerState, containerDetail, podDetail, logResult } from './schema.js';
import {
  type PodReport,
  type PodSummary,
  reportOutput,
  statusOutput,
  eventsOutput,
  logsOutput,
  describeOutput,
} from './schema.js';

function stateOf(state: ContainerState | undefined): z.output<typeof containerState> {
  if (state?.waiting)
    return { state: 'waiting', reason: state.waiting.reason, message: state.waiting.message };
  if (state?.running) return { state: 'running', startedAt: state.running.startedAt };
  if (state?.terminated) {
    const t = state.terminated;
    return {
      state: 'terminated',
      reason: t.reason,
      message: t.message,
      exitCode: t.exitCode,
      signal: t.signal,
      startedAt: t.startedAt,
      finishedAt: t.finishedAt,
    };
  }
  return { state: 'unknown' };
}

type ClaimIndex = ReadonlyMap<string, PersistentVolumeClaim>;

/**
 * The claims of a scope by "namespace/name", for PodBlockedByPVC. Undefined when this identity may list
 * pods but not claims: the pod findings then stand without the claim check instead of failing.
 */
async function claimIndex(
  cluster: ClusterReader,
  namespace: string | undefined,
): Promise<ClaimIndex | undefined> {
  try {
    const claims = await cluster.list<PersistentVolumeClaim>('persistentvolumeclaims', { namespace });
    return new Map(claims.map((c) => [claimKey(c.metadata?.namespace, c.metadata?.name), c]));
  } catch (error) {
    if (error instanceof Forbidden) return undefined;
    throw error;
  }
}

/** Pod rules plus PodBlockedByPVC (from the storage rules) when the claims are known. */
function podFindings(pod: Pod, events: Event[], now: Date, claims: ClaimIndex | undefined): Finding[] {
  return [...diagnosePod(pod, events, now), ...(claims ? podBlockedByClaims(pod, claims) : [])];
}

/** For one pod: the claim list is read only when the rule can fire (a Pending pod that mounts claims). */
async function claimsForPod(cluster: ClusterReader, pod: Pod): Promise<ClaimIndex | undefined> {
  if (pod.status?.phase !== 'Pending' || claimNamesOf(pod).length === 0) return new Map();
  return claimIndex(cluster, pod.metadata?.namespace);
}

function summarize(pod: Pod, events: Event[], now: Date, claims: ClaimIndex | undefined): PodSummary {
  const { ready, total } = readyContainers(pod);
  const last = lastTermination(pod);
  return {
    namespace: pod.metadata?.namespace ?? '',
    name: pod.metadata?.name ?? '',
    status: podStatus(pod),
    ready: `${ready}/${total}`,
    restarts: restarts(pod),
    createdAt: pod.metadata?.creationTimestamp,
    node: pod.spec?.nodeName,
    ip: pod.status?.podIP,
    lastExit: last ? `${last.container}: ${describeExit(last.terminated)}` : undefined,
    findings: sortFindings(podFindings(pod, events, now, claims)),
  };
}

function detail(pod: Pod): z.output<typeof podDetail> {
  return {
    ...headlineOf(pod),
    node: pod.spec?.nodeName,
    ip: pod.status?.podIP,
    qosClass: pod.status?.qosClass,
    createdAt: pod.metadata?.creationTimestamp,
    startTime: pod.status?.startTime,
    deletionTimestamp: pod.metadata?.deletionTimestamp,
    labels: pod.metadata?.labels ?? {},
    owners: (pod.metadata?.ownerReferences ?? []).map((o) => `${o.kind}/${o.name}`),
    hostIP: pod.status?.hostIP,
    serviceAccount: pod.spec?.serviceAccountName,
    priority: pod.spec?.priority,
    priorityClass: pod.spec?.priorityClassName,
    nodeSelector: pod.spec?.nodeSelector ?? {},
    tolerations: (pod.spec?.tolerations ?? []).map(tolerationText),
    volumes: (pod.spec?.volumes ?? []).map((v) => volumeOf(v, pod)),
  };
}

function containers(pod: Pod): z.output<typeof containerDetail>[] {
  const specs = [
    ...(pod.spec?.initContainers ?? []).map((spec) => ({ spec, kind: 'init' as const })),
    ...(pod.spec?.containers ?? []).map((spec) => ({ spec, kind: 'app' as const })),
  ];
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  return specs.map(({ spec, kind }) => {
    const status = statuses.find((s) => s.name === spec.name);
    return {
      name: spec.name,
      kind,
      image: spec.image,
      ready: status?.ready ?? false,
      restartCount: status?.restartCount ?? 0,
      state: stateOf(status?.state),
      lastState:
        status?.lastState && Object.keys(status.lastState).length > 0 ? stateOf(status.lastState) : undefined,
      requests: spec.resources?.requests ?? {},
      limits: spec.resources?.limits ?? {},
      probes: probesOf(spec),
      ports: portsOf(spec),
      mounts: mountsOf(spec),
    };
  });
}

/** Pods, their events and the claims of the scope in three list calls (each paged), whatever the number of pods. */
async function podReport(
  cluster: ClusterReader,
  scope: { namespace?: string; allNamespaces?: boolean; selector?: string },
) {
  const namespace = scope.allNamespaces ? undefined : (scope.namespace ?? cluster.defaultNamespace);
  const [pods, events, claims] = await Promise.all([
    cluster.list<Pod>('pods', { namespace, labelSelector: scope.selector }),
    cluster.list<Event>('events', { namespace, fieldSelector: 'involvedObject.kind=Pod' }),
    claimIndex(cluster, namespace),
  ]);
  if (pods.length === 0 && namespace !== undefined) await assertNamespaceExists(cluster, namespace);
  const byPod = indexEventsByObject(events);
  const now = cluster.now();
  const summaries = pods
    .map((pod) =>
      summarize(
        pod,
        byPod.get(`${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`) ?? [],
        now,
        claims,
      ),
    )
    .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
  return {
    source: sourceOf(cluster),
    scope: { namespace, allNamespaces: namespace === undefined, selector: scope.selector },
    summaries,
  };
}

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
    'Find what is wrong with the pods of a namespace (or all): crash loops with the exit reason, OOMKilled, image pulls, unschedulable, probes, evictions. Failing pods are grouped by reason; healthy ones only counted unless includeHealthy.',
  input: {
    namespace: input.namespace.optional(),
    allNamespaces: input.allNamespaces.optional(),
    selector: input.labelSelector.optional(),
    includeHealthy: z.boolean().optional().describe('Also list pods without findings.'),
  },
  output: reportOutput,
  async run({ cluster }, args) {
    const report = await podReport(cluster, args);
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
    };
  },
  text: podReportText,
});

export const listPodsBySelector = defineQuery({
  name: 'list_pods_by_selector',
  title: 'List pods by label selector',
  description:
    'The pods a label selector matches (as a Service or Deployment would select them), with status, readiness, restarts, node and findings.',
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
    'The tail of a container log; by default of the failing container. previous=true reads the crashed instance, where a crash loop explains itself.',
  input: {
    ...podInput,
    container: input.containerName.optional(),
    previous: z.boolean().optional().describe('Read the previous (crashed) instance.'),
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
    "Everything about one pod in one call: status, conditions, containers, events, the failing container's log tail, and findings with hints.",
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
