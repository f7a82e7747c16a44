// Reads snapshots from disk into plain objects by resource type: kubectl-diag's own snapshot file,
// a `kubectl cluster-info dump --output-directory` folder (with its per-pod logs.txt), and files or
// folders of `kubectl get -o yaml|json` output (Lists, single objects, multi-document YAML).
// Security: Secrets are recognised as YAML nodes and dropped before they become objects.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { isMap, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import { isDnsLabel } from '../kube/names.js';
import type { KubeObject } from '../kube/types.js';
import { SnapshotError } from './errors.js';
import { READABLE_TYPES, type ResourceKey } from './resources.js';

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

function typeOf(apiVersion: unknown, kind: unknown): ResourceKey | undefined {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0]! : '';
  const version = apiVersion.split('/').pop()!;
  return READABLE_TYPES.find((t) => t.group === group && t.version === version && t.kind === kind)?.key as
    ResourceKey | undefined;
}

/** Security: bounds on offline input. One file, decompressed, and all files of a snapshot together. */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;
export const MAX_TOTAL_BYTES = 1024 * 1024 * 1024;

/** Bytes read so far by the snapshot being loaded (loads are synchronous, so one counter suffices). */
let totalRead = 0;

function mib(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MiB`;
}

function readText(file: string): string {
  const size = statSync(file).size;
  if (size > MAX_FILE_BYTES)
    throw new SnapshotError(
      `${file} is ${mib(size)}, more than the ${mib(MAX_FILE_BYTES)} kubectl-diag reads from one file`,
    );
  const raw = readFileSync(file);
  let data: Buffer;
  try {
    // A small .gz may expand enormously: decompression stops at the bound.
    data = file.endsWith('.gz') ? gunzipSync(raw, { maxOutputLength: MAX_FILE_BYTES }) : raw;
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
      throw new SnapshotError(
        `${file} expands to more than ${mib(MAX_FILE_BYTES)}, the most kubectl-diag reads from one file`,
      );
    throw new SnapshotError(`cannot decompress ${file}: ${(error as Error).message}`);
  }
  totalRead += data.length;
  if (totalRead > MAX_TOTAL_BYTES)
    throw new SnapshotError(
      `the snapshot holds more than ${mib(MAX_TOTAL_BYTES)} of files; point --snapshot at less`,
    );
  return data.toString('utf8');
}

/** Kubernetes objects are a few dozen levels deep at most; deeper input is refused before anything recurses. */
export const MAX_DEPTH = 200;

/** Iterative, so the check itself cannot overflow the stack. */
function tooDeep(root: unknown): boolean {
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_DEPTH) return true;
    for (const child of Array.isArray(value) ? value : Object.values(value)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

/** A parsed JSON value: a Kubernetes object, a List of them, or something else. */
type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The JSON counterpart of collectDocument: `kubectl get -o json` output read with JSON.parse, much faster. */
function collectJson(root: unknown, where: string, into: Collector): void {
  const kind = isObject(root) ? root.kind : undefined;
  const apiVersion = isObject(root) ? root.apiVersion : undefined;
  if (!isObject(root) || typeof kind !== 'string' || typeof apiVersion !== 'string') {
    throw new SnapshotError(`${where} is not a Kubernetes object: it has no apiVersion and kind`);
  }
  if (kind === 'Secret' || kind === 'SecretList') {
    into.skippedSecrets += kind === 'Secret' ? 1 : 0;
    return;
  }
  if (kind.endsWith('List') && Array.isArray(root.items)) {
    const listed = typeOf(apiVersion, kind.slice(0, -'List'.length));
    if (listed) into.captured.add(listed);
    for (const item of root.items as unknown[]) {
      if (!isObject(item)) continue;
      const itemKind = item.kind ?? kind.slice(0, -'List'.length);
      const itemVersion = item.apiVersion ?? apiVersion;
      if (itemKind === 'Secret') {
        into.skippedSecrets++;
        continue;
      }
      const key = typeOf(itemVersion, itemKind);
      if (key)
        add(into, key, { ...item, apiVersion: String(itemVersion), kind: String(itemKind) } as KubeObject);
    }
    return;
  }
  const key = typeOf(apiVersion, kind);
  if (key) add(into, key, root as KubeObject);
}

interface Collector {
  objects: Map<ResourceKey, KubeObject[]>;
  captured: Set<ResourceKey>;
  skippedSecrets: number;
}

function add(into: Collector, key: ResourceKey, object: KubeObject): void {
  into.captured.add(key);
  const list = into.objects.get(key);
  if (list) list.push(object);
  else into.objects.set(key, [object]);
}

function nodeString(node: Node | null | undefined, key: string): unknown {
  return isMap(node) ? node.get(key) : undefined;
}

/** One YAML/JSON document: a single object, a typed List, or a generic List. */
function collectDocument(doc: Document, where: string, into: Collector): void {
  const root = doc.contents;
  const kind = nodeString(root, 'kind');
  const apiVersion = nodeString(root, 'apiVersion');
  if (!isMap(root) || typeof kind !== 'string' || typeof apiVersion !== 'string') {
    throw new SnapshotError(`${where} is not a Kubernetes object: it has no apiVersion and kind`);
  }
  if (kind === 'Secret' || kind === 'SecretList') {
    into.skippedSecrets += kind === 'Secret' ? 1 : 0;
    return;
  }
  const items = root.get('items', true);
  if (kind.endsWith('List') && isSeq(items)) {
    const listed = typeOf(apiVersion, kind.slice(0, -'List'.length));
    if (listed) into.captured.add(listed);
    for (const item of items.items) {
      const itemKind = nodeString(item as Node, 'kind') ?? kind.slice(0, -'List'.length);
      const itemVersion = nodeString(item as Node, 'apiVersion') ?? apiVersion;
      if (itemKind === 'Secret') {
        into.skippedSecrets++;
        continue;
      }
      const key = typeOf(itemVersion, itemKind);
      if (key)
        add(into, key, {
          apiVersion: String(itemVersion),
          kind: String(itemKind),
          ...((item as Node).toJSON() as object),
        });
    }
    return;
  }
  const key = typeOf(apiVersion, kind);
  if (key) add(into, key, doc.toJS() as KubeObject);
}

function collectFile(file: string, root: string, into: Collector): void {
  const where = relative(root, file) || basename(file);
  let text: string;
  try {
    text = readText(file);
  } catch (error) {
    throw new SnapshotError(`cannot read ${where}: ${(error as Error).message}`);
  }
  if (/\.json(\.gz)?$/i.test(file)) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      if (error instanceof RangeError) throw new SnapshotError(`${where} is nested too deeply to read`);
      throw new SnapshotError(`${where} is not valid JSON: ${(error as Error).message.slice(0, 200)}`);
    }
    text = '';
    if (tooDeep(value)) throw new SnapshotError(`${where} is nested more than ${MAX_DEPTH} levels deep`);
    collectJson(value, where, into);
    return;
  }
  const lineCounter = new LineCounter();
  let docs: ReturnType<typeof parseAllDocuments>;
  try {
    docs = parseAllDocuments(text, { lineCounter, prettyErrors: false });
  } catch (error) {
    if (error instanceof RangeError) throw new SnapshotError(`${where} is nested too deeply to read`);
    throw error;
  }
  const all = Array.isArray(docs) ? docs : [docs];
  all.forEach((doc, index) => {
    const error = doc.errors[0];
    if (error) {
      const pos = lineCounter.linePos(error.pos[0]);
      throw new SnapshotError(`${where}:${pos.line}:${pos.col}: ${error.message.split('\n')[0]}`);
    }
    if (doc.contents === null) return;
    collectDocument(doc, all.length > 1 ? `${where} (document ${index + 1})` : where, into);
  });
}

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
  totalRead = 0;
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
  const into: Collector = { objects: new Map(), captured: new Set(), skippedSecrets: 0 };
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
