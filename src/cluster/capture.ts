// `kubectl diag snapshot save`: captures what the queries read, through the same guarded read interface
// (so the fence holds and Secrets are never requested), into one portable file.

import { mapLimited } from './concurrency.js';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fchmodSync,
  fsyncSync,
  lstatSync,
  openSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { KubeObject, Pod } from '../kube/types.js';
import { DiagError, Forbidden, MetricsUnavailable, NotFound, ServerError, SnapshotExists } from './errors.js';
import { describeRedaction, redactObject, type RedactionCounts } from './redact.js';
import { READABLE_TYPES, type ResourceKey } from './resources.js';
import {
  SNAPSHOT_API_VERSION,
  SNAPSHOT_KIND,
  type CapturedLog,
  type SnapshotFile,
} from './snapshot-files.js';
import type { ClusterReader } from './source.js';

export interface CaptureOptions {
  namespace?: string;
  allNamespaces: boolean;
  /** Which containers get a log tail: those with trouble (restarted, waiting, terminated, unready), all, or none. */
  logs: 'troubled' | 'all' | 'none';
  tailLines: number;
  maxLogs: number;
  /** Replace env values, command/args and annotation values (redact.ts). Default true. */
  redact?: boolean;
}

/** Drops what only bloats a snapshot (managedFields, last-applied annotations). */
function slim(object: KubeObject): KubeObject {
  const metadata = { ...(object.metadata ?? {}) } as Record<string, unknown>;
  delete metadata.managedFields;
  const annotations = { ...((metadata.annotations as Record<string, string> | undefined) ?? {}) };
  delete annotations['kubectl.kubernetes.io/last-applied-configuration'];
  metadata.annotations = Object.keys(annotations).length ? annotations : undefined;
  return { ...object, metadata: metadata as KubeObject['metadata'] };
}

function whyNotCaptured(error: unknown): string | undefined {
  if (error instanceof Forbidden) return `forbidden for this identity (${error.message})`;
  if (error instanceof MetricsUnavailable) return 'metrics.k8s.io not served';
  if (error instanceof NotFound || (error instanceof ServerError && error.status === 404))
    return 'not served by this cluster';
  return undefined;
}

function logTargets(
  pods: Pod[],
  options: CaptureOptions,
): { namespace: string; pod: string; container: string; previous: boolean }[] {
  if (options.logs === 'none') return [];
  const targets = pods.flatMap((pod) =>
    [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])].flatMap((c) => {
      const base = {
        namespace: pod.metadata?.namespace ?? '',
        pod: pod.metadata?.name ?? '',
        container: c.name,
      };
      const troubled =
        c.restartCount > 0 || !c.ready || c.state?.waiting !== undefined || c.state?.terminated !== undefined;
      if (options.logs === 'troubled' && !troubled) return [];
      const neverStarted = c.state?.waiting !== undefined && !c.lastState?.terminated && c.restartCount === 0;
      return [
        ...(neverStarted ? [] : [{ ...base, previous: false }]),
        ...(c.restartCount > 0 ? [{ ...base, previous: true }] : []),
      ];
    }),
  );
  return targets.slice(0, options.maxLogs);
}

export async function captureSnapshot(
  cluster: ClusterReader,
  options: CaptureOptions,
): Promise<SnapshotFile> {
  const takenAt = cluster.now().toISOString();
  const namespace = options.allNamespaces ? undefined : (options.namespace ?? cluster.defaultNamespace);
  const resources: SnapshotFile['resources'] = {};
  const notCaptured: SnapshotFile['notCaptured'] = {};
  const redact = options.redact !== false;
  const counts: RedactionCounts = { envValues: 0, commandArgs: 0, annotationValues: 0 };
  await mapLimited([...READABLE_TYPES], 4, async (type) => {
    const key = type.key as ResourceKey;
    try {
      const items = await cluster.list<KubeObject>(key, type.namespaced ? { namespace } : {});
      resources[key] = items.map(slim).map((o) => (redact ? redactObject(o, counts) : o));
    } catch (error) {
      const why = whyNotCaptured(error);
      if (why === undefined) throw error;
      notCaptured[key] = why;
    }
  });
  const targets = logTargets((resources.pods ?? []) as Pod[], options);
  const logs = await mapLimited(targets, 8, async (t): Promise<CapturedLog> => {
    try {
      const log = await cluster.podLog(t.namespace, t.pod, {
        container: t.container,
        previous: t.previous,
        tailLines: options.tailLines,
        timestamps: true,
        limitBytes: 256 * 1024,
      });
      return { ...t, text: log.text };
    } catch (error) {
      if (!(error instanceof DiagError)) throw error;
      return { ...t, error: error.message };
    }
  });
  return {
    apiVersion: SNAPSHOT_API_VERSION,
    kind: SNAPSHOT_KIND,
    takenAt,
    source: { server: cluster.info.server, context: cluster.info.context },
    scope: { namespace, allNamespaces: namespace === undefined },
    // Security: the fence this capture ran under; every reader of the file stays inside it.
    fence: cluster.fence.namespaces ? [...cluster.fence.namespaces].sort() : null,
    redacted: redact ? describeRedaction(counts) : [],
    resources,
    notCaptured,
    logs,
  };
}

/**
 * Writes the snapshot owner-only (it is a copy of cluster state); gzip when the name ends in .gz.
 * Security: written to a new temporary file in the target folder (O_EXCL: never through a symlink, never
 * an existing file), mode 0600, then renamed over the target, so a reader never sees half a file and a
 * symlink at the target is replaced, not followed. An existing target is replaced only with `force`.
 */
export function writeSnapshot(path: string, snapshot: SnapshotFile, force = false): number {
  let existing: ReturnType<typeof lstatSync> | undefined;
  try {
    existing = lstatSync(path);
  } catch {
    existing = undefined;
  }
  if (existing && !force) {
    throw new SnapshotExists(path, existing.isSymbolicLink() ? 'a symbolic link' : 'a file');
  }
  if (existing?.isDirectory()) throw new SnapshotExists(path, 'a folder');
  const json = `${JSON.stringify(snapshot, null, 1)}\n`;
  const data = path.endsWith('.gz') ? gzipSync(json) : Buffer.from(json);
  const temp = join(dirname(resolve(path)), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(
    temp,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
    0o600,
  );
  try {
    fchmodSync(fd, 0o600);
    for (let written = 0; written < data.length;) written += writeSync(fd, data, written);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(temp, path);
  } catch (error) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    rmSync(temp, { force: true });
    throw error;
  }
  return data.length;
}
