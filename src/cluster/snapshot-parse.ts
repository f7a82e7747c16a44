// Reads the files of a snapshot into objects by resource type: one file, bounded (size, decompressed size,
// all files together, nesting depth), as JSON (`kubectl get -o json`, read with JSON.parse) or YAML (one
// or more documents). Objects and Lists are walked the same way in both.
// Security: Secrets are recognised (as YAML nodes, or JSON values) and dropped before they become objects.

import { readFileSync, statSync } from 'node:fs';
import { basename, relative } from 'node:path';
import type * as Zlib from 'node:zlib';
import { isMap, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import type { KubeObject } from '../kube/types.js';
import { SnapshotError } from './errors.js';
import { READABLE_TYPES, type ResourceKey } from './resources.js';

/** zlib is loaded for a .gz file only: every session imports this module, and most never read a snapshot. */
function gunzip(raw: Buffer): Buffer {
  const zlib = process.getBuiltinModule('node:zlib') as typeof Zlib;
  return zlib.gunzipSync(raw, { maxOutputLength: MAX_FILE_BYTES });
}

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

/** Starts the count of bytes read for a new snapshot. */
export function startReading(): void {
  totalRead = 0;
}

function mib(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MiB`;
}

export function readText(file: string): string {
  const size = statSync(file).size;
  if (size > MAX_FILE_BYTES)
    throw new SnapshotError(
      `${file} is ${mib(size)}, more than the ${mib(MAX_FILE_BYTES)} kubectl-diag reads from one file`,
    );
  const raw = readFileSync(file);
  let data: Buffer;
  try {
    // A small .gz may expand enormously: decompression stops at the bound.
    data = file.endsWith('.gz') ? gunzip(raw) : raw;
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

/** A root object or List, as JSON values or YAML nodes: what the walk needs of either. */
interface Parsed<N> {
  kind: string;
  apiVersion: string;
  /** The List's items, when it is a List with items. */
  items?: readonly N[];
  field(item: N, key: string): unknown;
  isObject(item: N): boolean;
  /** An item as a plain object: only called for items that are kept (never a Secret). */
  plain(item: N): object;
  /** The root as an object (not a List). */
  whole(): KubeObject;
}

/** One object, a typed List (PodList) or a generic List (kind: List, items of any kind). */
function collect<N>(root: Parsed<N>, into: Collector): void {
  const { kind, apiVersion } = root;
  if (kind === 'Secret' || kind === 'SecretList') {
    into.skippedSecrets += kind === 'Secret' ? 1 : 0;
    return;
  }
  if (kind.endsWith('List') && root.items) {
    const listed = typeOf(apiVersion, kind.slice(0, -'List'.length));
    if (listed) into.captured.add(listed);
    for (const item of root.items) {
      if (!root.isObject(item)) continue;
      const itemKind = root.field(item, 'kind') ?? kind.slice(0, -'List'.length);
      const itemVersion = root.field(item, 'apiVersion') ?? apiVersion;
      if (itemKind === 'Secret') {
        into.skippedSecrets++;
        continue;
      }
      const key = typeOf(itemVersion, itemKind);
      if (key)
        add(into, key, { apiVersion: String(itemVersion), kind: String(itemKind), ...root.plain(item) });
    }
    return;
  }
  const key = typeOf(apiVersion, kind);
  if (key) add(into, key, root.whole());
}

const notAnObject = (where: string) =>
  new SnapshotError(`${where} is not a Kubernetes object: it has no apiVersion and kind`);

/** `kubectl get -o json` output, parsed with JSON.parse (much faster than YAML). */
function collectJson(root: unknown, where: string, into: Collector): void {
  if (!isObject(root) || typeof root.kind !== 'string' || typeof root.apiVersion !== 'string')
    throw notAnObject(where);
  collect<unknown>(
    {
      kind: root.kind,
      apiVersion: root.apiVersion,
      items: Array.isArray(root.items) ? (root.items as unknown[]) : undefined,
      field: (item, key) => (item as Json)[key],
      isObject,
      plain: (item) => item as Json,
      whole: () => root as KubeObject,
    },
    into,
  );
}

function nodeString(node: Node | null | undefined, key: string): unknown {
  return isMap(node) ? node.get(key) : undefined;
}

/** One YAML (or JSON) document, walked as nodes so a Secret never becomes an object. */
function collectDocument(doc: Document, where: string, into: Collector): void {
  const root = doc.contents;
  const kind = nodeString(root, 'kind');
  const apiVersion = nodeString(root, 'apiVersion');
  if (!isMap(root) || typeof kind !== 'string' || typeof apiVersion !== 'string') throw notAnObject(where);
  const items = root.get('items', true);
  collect<Node>(
    {
      kind,
      apiVersion,
      items: isSeq(items) ? (items.items as Node[]) : undefined,
      field: nodeString,
      isObject: (item) => isMap(item),
      plain: (item) => item.toJSON() as object,
      whole: () => doc.toJS() as KubeObject,
    },
    into,
  );
}

export interface Collector {
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

export function newCollector(): Collector {
  return { objects: new Map(), captured: new Set(), skippedSecrets: 0 };
}

export function collectFile(file: string, root: string, into: Collector): void {
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
