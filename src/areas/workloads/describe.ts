// describe_workload and get_rollout_status: one workload in depth — the object, its revisions (ReplicaSets,
// ControllerRevisions or a CronJob's Jobs), conditions, events and its pods with their own top finding — and
// where its rollout stands in `kubectl rollout status` words. Reads: the namespace's collections (collect.ts),
// the object's events, and for a StatefulSet or DaemonSet its ControllerRevisions.

import { z } from 'zod';
import { NotFound } from '../../cluster/errors.js';
import type { ClusterReader } from '../../cluster/source.js';
import { sortFindings } from '../../diagnose/finding.js';
import type { Condition, KubeObject } from '../../kube/types.js';
import { eventResult, eventsFor, sourceOf } from '../../queries/common.js';
import * as input from '../../queries/inputs.js';
import { defineQuery } from '../../queries/query.js';
import { controllerUid, failedJobLogs, readCollections, type Collections } from './collect.js';
import { judgeWorkloads, revisionsOf, workloadIndex } from './judge.js';
import { daemonSetRollout, deploymentRollout, statefulSetRollout } from './rollout.js';
import { diagnoseController, type SetPod } from './rules.js';
import {
  describeOutput,
  rolloutOutput,
  workloadKind,
  type PodLine,
  type RevisionLine,
  type WorkloadSummary,
} from './schema.js';
import { describeText, rolloutText } from './text-tools.js';
import {
  REVISION_ANNOTATION,
  type ControllerRevision,
  type CronJob,
  type Job,
  type PodTemplate,
} from './types.js';

type Kind = z.output<typeof workloadKind>;

/** How many pods a description lists; the total is always given. */
export const DESCRIBE_PODS = 50;
const DESCRIBE_EVENTS = 20;

function objectsOf(c: Collections, kind: Kind): KubeObject[] {
  const byKind: Record<Kind, KubeObject[]> = {
    Deployment: c.deployments,
    ReplicaSet: c.replicaSets,
    StatefulSet: c.statefulSets,
    DaemonSet: c.daemonSets,
    Job: c.jobs,
    CronJob: c.cronJobs,
  };
  return byKind[kind];
}

/** The object of that kind and name in the namespace, with everything the rules join to it. */
async function readWorkload(cluster: ClusterReader, kind: Kind, name: string, namespace: string) {
  const c = await readCollections(cluster, namespace);
  const object = objectsOf(c, kind).find((o) => o.metadata?.name === name);
  if (!object)
    throw new NotFound(
      kind,
      name,
      namespace,
      `\`kubectl diag workloads -n ${namespace}\` lists the workloads.`,
    );
  return { c, object };
}

function templateOf(kind: Kind, object: KubeObject): PodTemplate | undefined {
  if (kind === 'CronJob') return (object as CronJob).spec?.jobTemplate?.spec?.template;
  return (object as { spec?: { template?: PodTemplate } }).spec?.template;
}

const imagesOf = (template: PodTemplate | undefined) =>
  [...(template?.spec?.initContainers ?? []), ...(template?.spec?.containers ?? [])].map(
    (c) => c.image ?? '',
  );

function selectorText(object: KubeObject): string | undefined {
  const selector = (object as { spec?: { selector?: { matchLabels?: Record<string, string> } } }).spec
    ?.selector;
  const labels = Object.entries(selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  return labels.length ? labels.join(',') : undefined;
}

const podLine = (p: SetPod): PodLine => ({
  name: p.name,
  status: p.status,
  ready: p.ready,
  node: p.node,
  finding: p.findings[0] ? `${p.findings[0].reason}: ${p.findings[0].message}` : undefined,
});

async function revisionsAndPods(
  cluster: ClusterReader,
  kind: Kind,
  object: KubeObject,
  c: Collections,
  podsOf: (o: KubeObject | undefined) => SetPod[],
): Promise<{ revisions: RevisionLine[]; pods: SetPod[] }> {
  const uid = object.metadata?.uid;
  if (kind === 'Deployment') {
    const sets = revisionsOf(object, c.replicaSets);
    return {
      revisions: sets.map((rs) => ({
        name: rs.metadata?.name ?? '',
        revision: rs.metadata?.annotations?.[REVISION_ANNOTATION] ?? '?',
        ready: `${rs.status?.readyReplicas ?? 0}/${rs.spec?.replicas ?? 0}`,
        images: imagesOf(rs.spec?.template),
        createdAt: rs.metadata?.creationTimestamp,
      })),
      pods: sets.flatMap((rs) => podsOf(rs)),
    };
  }
  if (kind === 'CronJob') {
    const jobs = c.jobs
      .filter((j) => uid !== undefined && controllerUid(j) === uid)
      .sort((a, b) =>
        (b.metadata?.creationTimestamp ?? '').localeCompare(a.metadata?.creationTimestamp ?? ''),
      );
    return {
      revisions: jobs.map((j: Job) => ({
        name: j.metadata?.name ?? '',
        revision:
          j.status?.conditions?.find((x) => x.status === 'True')?.type ??
          (j.status?.active ? 'Running' : '?'),
        ready: `${j.status?.succeeded ?? 0}/${j.spec?.completions ?? 1}`,
        images: imagesOf(j.spec?.template),
        createdAt: j.metadata?.creationTimestamp,
      })),
      pods: jobs.flatMap((j) => podsOf(j)),
    };
  }
  if (kind === 'StatefulSet' || kind === 'DaemonSet') {
    const all = await cluster.list<ControllerRevision>('controllerrevisions', {
      namespace: object.metadata?.namespace,
    });
    const owned = all
      .filter((r) => uid !== undefined && controllerUid(r) === uid)
      .sort((a, b) => (b.revision ?? 0) - (a.revision ?? 0));
    const pods = podsOf(object);
    return {
      revisions: owned.map((r) => ({
        name: r.metadata?.name ?? '',
        revision: String(r.revision ?? '?'),
        // Pods carry the revision as controller-revision-hash: the full name (StatefulSet) or its hash (DaemonSet).
        ready: `${pods.filter((p) => p.ready && p.revision !== undefined && (r.metadata?.name === p.revision || r.metadata?.name?.endsWith(`-${p.revision}`))).length} ready`,
        images: imagesOf(r.data?.spec?.template),
        createdAt: r.metadata?.creationTimestamp,
      })),
      pods,
    };
  }
  return { revisions: [], pods: podsOf(object) };
}

/** The judged row of the object; a ReplicaSet a Deployment owns is judged on its own here. */
function rowOf(kind: Kind, object: KubeObject, c: Collections, judged: WorkloadSummary[], now: Date) {
  const row = judged.find((w) => w.kind === kind);
  if (row) return row;
  const rs = object as {
    spec?: { replicas?: number };
    status?: { readyReplicas?: number; conditions?: Condition[] };
  };
  const index = workloadIndex(c, now);
  const ready = rs.status?.readyReplicas ?? 0;
  const wanted = rs.spec?.replicas ?? 1;
  const ref = { kind, namespace: object.metadata?.namespace, name: object.metadata?.name ?? '' };
  const findings = diagnoseController(ref, {
    events: index.eventsOf(object, kind),
    pods: index.podsOf(object),
    quotas: index.quotasIn(object.metadata?.namespace),
    conditions: rs.status?.conditions,
    wanted,
    ready,
  });
  return {
    kind,
    namespace: ref.namespace ?? '',
    name: ref.name,
    ready: `${ready}/${wanted}`,
    createdAt: object.metadata?.creationTimestamp,
    findings: sortFindings(findings),
  };
}

const kindInput = workloadKind.describe('Deployment, ReplicaSet, StatefulSet, DaemonSet, Job or CronJob');

export const describeWorkload = defineQuery({
  name: 'describe_workload',
  title: 'Describe workload',
  description:
    "A workload in depth: its revisions (or a CronJob's Jobs), conditions, events, and its pods with their top finding.",
  input: { kind: kindInput, name: input.objectName('workload'), namespace: input.namespace.optional() },
  output: describeOutput,
  async run({ cluster }, args) {
    const namespace = args.namespace ?? cluster.defaultNamespace;
    const { c, object } = await readWorkload(cluster, args.kind, args.name, namespace);
    const now = cluster.now();
    const logs = args.kind === 'Job' ? await failedJobLogs(cluster, [object], c.pods) : new Map();
    const judged = judgeWorkloads(c, now, args.name, logs).workloads;
    const index = workloadIndex(c, now);
    const [{ revisions, pods }, events] = await Promise.all([
      revisionsAndPods(cluster, args.kind, object, c, index.podsOf),
      eventsFor(cluster, args.kind, object),
    ]);
    const conditions = (object as { status?: { conditions?: Condition[] } }).status?.conditions ?? [];
    return {
      source: sourceOf(cluster),
      workload: rowOf(args.kind, object, c, judged, now),
      images: imagesOf(templateOf(args.kind, object)),
      selector: selectorText(object),
      conditions: conditions.map((x) => ({
        type: x.type,
        status: x.status,
        reason: x.reason,
        message: x.message,
        lastTransitionTime: x.lastTransitionTime,
      })),
      revisions: revisions.slice(0, 10),
      pods: pods.slice(0, DESCRIBE_PODS).map(podLine),
      podsTotal: pods.length,
      events: events.slice(0, DESCRIBE_EVENTS).map(eventResult),
    };
  },
  text: describeText,
});

const rolloutKind = z.enum(['Deployment', 'StatefulSet', 'DaemonSet']);

export const getRolloutStatus = defineQuery({
  name: 'get_rollout_status',
  title: 'Get rollout status',
  description: "A rollout's progress in kubectl rollout status words, with the finding that blocks it.",
  input: { kind: rolloutKind, name: input.objectName('workload'), namespace: input.namespace.optional() },
  output: rolloutOutput,
  async run({ cluster }, args) {
    const namespace = args.namespace ?? cluster.defaultNamespace;
    const { c, object } = await readWorkload(cluster, args.kind, args.name, namespace);
    const judged = judgeWorkloads(c, cluster.now(), args.name).workloads.find((w) => w.kind === args.kind);
    const s = (object as { status?: Record<string, unknown> }).status ?? {};
    const num = (key: string) => (typeof s[key] === 'number' ? s[key] : 0);
    const state =
      args.kind === 'Deployment'
        ? deploymentRollout(object)
        : args.kind === 'StatefulSet'
          ? statefulSetRollout(object)
          : daemonSetRollout(object);
    const spec = (object as { spec?: { replicas?: number } }).spec;
    const replicas =
      args.kind === 'DaemonSet'
        ? {
            wanted: num('desiredNumberScheduled'),
            updated: num('updatedNumberScheduled'),
            ready: num('numberReady'),
            available: num('numberAvailable'),
          }
        : {
            wanted: spec?.replicas ?? 1,
            updated: num('updatedReplicas'),
            ready: num('readyReplicas'),
            available: num('availableReplicas'),
          };
    // A Deployment's revisions: the newest ReplicaSet is the update, the newest older one still running the current.
    const sets = args.kind === 'Deployment' ? revisionsOf(object, c.replicaSets) : [];
    const revisionOf = (rs: (typeof sets)[number] | undefined) =>
      rs?.metadata?.annotations?.[REVISION_ANNOTATION];
    const serving = state.done
      ? sets[0]
      : (sets.slice(1).find((rs) => (rs.spec?.replicas ?? 0) > 0) ?? sets[0]);
    return {
      source: sourceOf(cluster),
      kind: args.kind,
      namespace,
      name: args.name,
      done: state.done && !state.failed,
      message: state.message,
      replicas,
      currentRevision:
        args.kind === 'Deployment' ? revisionOf(serving) : (s['currentRevision'] as string | undefined),
      updateRevision:
        args.kind === 'Deployment' ? revisionOf(sets[0]) : (s['updateRevision'] as string | undefined),
      conditions: ((s['conditions'] as Condition[] | undefined) ?? []).map((x) => ({
        type: x.type,
        status: x.status,
        reason: x.reason,
        message: x.message,
        lastTransitionTime: x.lastTransitionTime,
      })),
      findings: judged?.findings ?? [],
    };
  },
  text: rolloutText,
});
