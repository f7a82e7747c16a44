// Reads snapshots from disk into plain objects by resource type: kubectl-diag's own snapshot file,
// a `kubectl cluster-info dump --output-directory` folder (with its per-pod logs.txt), and files or
// folders of `kubectl get -o yaml|json` output (Lists, single objects, multi-document YAML).
// Each file is read by snapshot-parse.ts, where Secrets are dropped before they become objects.

import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { isDnsLabel } from '../kube/names.js';
import type { KubeObject } from '../kube/types.js';
import { SnapshotError } from './errors.js';
import { READABLE_TYPES, type ResourceKey } from './resources.js';
import { collectFile, newCollector, readText, startReading } from './snapshot-parse.js';

export const SNAPSHOT_API_VERSION = 'kubectl-diag/v1';
export const SNAPSHOT_KIND = 'Snapshot';

export interface CapturedLog {
  namespace: string;
  pod: string;
  container: string;
  previous: boolean;
  text?: string;
  error?: string;
}

export interface SnapshotFile {
  apiVersion: typeof SNAPSHOT_API_VERSION;
  kind: typeof SNAPSHOT_KIND;
  takenAt: string;
  source: { server?: string; context?: string };
  scope: { namespace?: string; allNamespaces: boolean };
  /** Security: the namespace fence the capture ran under (null: none). Reading the file never shows more. */
  fence?: string[] | null;
  /** What was redacted at capture (see redact.ts); absent in files from before redaction. */
  redacted?: string[];
  resources: Partial<Record<ResourceKey, KubeObject[]>>;
  notCaptured: Partial<Record<ResourceKey, string>>;
  logs: CapturedLog[];
}

export type SnapshotFormat = 'kubectl-diag snapshot' | 'kubectl cluster-info dump' | 'kubectl get output';

export interface LoadedSnapshot {
  path: string;
  format: SnapshotFormat;
  takenAt: string;
  /** How takenAt was found: recorded by `snapshot save`, or the newest timestamp in the objects. */
  takenAtFrom: 'recorded' | 'newest timestamp';
  source: { server?: string; context?: string };
  /** The fence recorded in the file, or null. */
  fence?: string[] | null;
  objects: Map<ResourceKey, KubeObject[]>;
  /** Types the snapshot holds (possibly empty), as opposed to types it never looked at. */
  captured: Set<ResourceKey>;
  notCaptured: Map<ResourceKey, string>;
  logs: CapturedLog[];
  skippedSecrets: number;
}

const MAX_FILES = 20_000;
const OBJECT_FILE = /\.(json|ya?ml)(\.gz)?$/i;

/** The sections of a cluster-info dump `logs.txt`: one per container, current instance only. */
export function parseDumpLogs(text: string): CapturedLog[] {
  const logs: CapturedLog[] = [];
  const start = /^==== START logs for container (\S+) of pod ([^/\s]+)\/(\S+) ====$/;
  let current: { log: CapturedLog; lines: string[] } | undefined;
  for (const line of text.split('\n')) {
    const open = start.exec(line);
    if (open) {
      current = {
        log: { namespace: open[2]!, pod: open[3]!, container: open[1]!, previous: false },
        lines: [],
      };
      continue;
    }
    if (current && line.startsWith('==== END logs for container ')) {
      const errorLine = current.lines.find((l) => /^(Request log error|Create log request error): /.test(l));
      if (errorLine) current.log.error = errorLine;
      else current.log.text = current.lines.length ? `${current.lines.join('\n')}\n` : '';
      logs.push(current.log);
      current = undefined;
      continue;
    }
    current?.lines.push(line);
  }
  return logs;
}

function walk(dir: string, files: string[], depth = 0): void {
  if (depth > 6) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(full, files, depth + 1);
    else if (entry.isFile() && (OBJECT_FILE.test(entry.name) || entry.name === 'logs.txt')) files.push(full);
    if (files.length > MAX_FILES)
      throw new SnapshotError(
        `${dir} holds more than ${MAX_FILES} files; point --snapshot at the dump itself`,
      );
  }
}

/** The newest timestamp any object carries: the best estimate of when files without a record were taken. */
function newestTimestamp(objects: Map<ResourceKey, KubeObject[]>): string | undefined {
  let newest = '';
  const consider = (value: unknown) => {
    if (typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value) && value > newest) newest = value;
  };
  for (const list of objects.values()) {
    for (const o of list as (KubeObject & Record<string, unknown>)[]) {
      consider(o.metadata?.creationTimestamp);
      consider(o.lastTimestamp);
      consider(o.eventTime);
      const status = o.status as
        { conditions?: { lastTransitionTime?: string; lastHeartbeatTime?: string }[] } | undefined;
      for (const c of status?.conditions ?? []) {
        consider(c.lastTransitionTime);
        consider(c.lastHeartbeatTime);
      }
    }
  }
  return newest ? new Date(newest).toISOString() : undefined;
}

function loadOwnFormat(path: string, data: SnapshotFile): LoadedSnapshot {
  const objects = new Map<ResourceKey, KubeObject[]>();
  const captured = new Set<ResourceKey>();
  for (const [key, list] of Object.entries(data.resources ?? {}) as [ResourceKey, KubeObject[]][]) {
    if (!READABLE_TYPES.some((t) => t.key === key) || !Array.isArray(list)) continue;
    captured.add(key);
    objects.set(
      key,
      list.filter((o) => o.kind !== 'Secret'),
    );
  }
  return {
    path,
    format: 'kubectl-diag snapshot',
    takenAt: data.takenAt,
    takenAtFrom: 'recorded',
    source: data.source ?? {},
    fence: recordedFence(path, data.fence),
    objects,
    captured,
    notCaptured: new Map(Object.entries(data.notCaptured ?? {}) as [ResourceKey, string][]),
    logs: Array.isArray(data.logs) ? data.logs : [],
    skippedSecrets: 0,
  };
}

function recordedFence(path: string, fence: unknown): string[] | null {
  if (fence === undefined || fence === null) return null;
  if (
    !Array.isArray(fence) ||
    fence.length === 0 ||
    !fence.every((n) => typeof n === 'string' && isDnsLabel(n))
  )
    throw new SnapshotError(`${path}: its recorded namespace fence is not a list of namespace names`);
  return fence as string[];
}

function ownFormat(file: string): SnapshotFile | undefined {
  if (!/\.json(\.gz)?$/i.test(file)) return undefined;
  const text = readText(file);
  if (!text.includes(`"${SNAPSHOT_API_VERSION}"`)) return undefined;
  try {
    const data = JSON.parse(text) as SnapshotFile;
    return data.apiVersion === SNAPSHOT_API_VERSION && data.kind === SNAPSHOT_KIND ? data : undefined;
  } catch {
    return undefined;
  }
}

export function loadSnapshotPath(path: string): LoadedSnapshot {
  if (!existsSync(path)) throw new SnapshotError(`snapshot ${path} does not exist`);
  startReading();
  try {
    return loadAny(path);
  } catch (error) {
    // Deep nesting anywhere (YAML documents, toJS) surfaces as a stack overflow: a clean error instead.
    if (error instanceof RangeError) throw new SnapshotError(`${path} is nested too deeply to read`);
    throw error;
  }
}

function loadAny(path: string): LoadedSnapshot {
  const isDir = statSync(path).isDirectory();
  if (!isDir) {
    const own = ownFormat(path);
    if (own) return loadOwnFormat(path, own);
  }
  const files: string[] = [];
  if (isDir) walk(path, files);
  else files.push(path);
  const into = newCollector();
  const logs: CapturedLog[] = [];
  for (const file of files.sort()) {
    if (basename(file) === 'logs.txt') logs.push(...parseDumpLogs(readText(file)));
    else collectFile(file, isDir ? path : join(path, '..'), into);
  }
  if (into.captured.size === 0) {
    throw new SnapshotError(
      isDir
        ? `no Kubernetes objects found in the folder ${path}`
        : `${path} holds no Kubernetes objects kubectl-diag reads (pods, events, services, nodes, claims, …)`,
    );
  }
  const isDump = isDir && existsSync(join(path, 'nodes.json'));
  const newest = newestTimestamp(into.objects);
  return {
    path,
    format: isDump ? 'kubectl cluster-info dump' : 'kubectl get output',
    takenAt: newest ?? statSync(path).mtime.toISOString(),
    takenAtFrom: 'newest timestamp',
    source: {},
    fence: null,
    objects: into.objects,
    captured: into.captured,
    notCaptured: new Map(),
    logs,
    skippedSecrets: into.skippedSecrets,
  };
}
