// The watch cache of the long-lived MCP server: behind the same read interface, a list+watch per resource
// type (and namespace scope) a query reads, so a repeated question is answered from memory and sees a
// change as soon as the watch delivers it. Every list and every watch is an ordinary request through the
// LiveCluster's guarded transport: the policy decides it (watch=true only on collections), the audit
// records it, and the fence holds (under a fence, one informer per allowed namespace, never cluster-wide).
//
// Built lazily (on the first list of a type), bounded (objects in all, informers), honest: when a watch is
// broken for longer than a grace period, reads go to the server again (and fail as a live read would), and
// every answer's source says how fresh the cache is.

import { matchesSelector, parseSelector } from '../kube/labels.js';
import { withCaller } from './audit.js';
import type { KubeObject, ObjectList } from '../kube/types.js';
import { NotFound, ServerError } from './errors.js';
import { responseError } from './http-errors.js';
import type { LiveCluster } from './live.js';
import { resourcePath, resourceType, type ResourceKey, type ResourceType } from './resources.js';
import { matchesFieldSelector } from './snapshot.js';
import type { ClusterReader, ListQuery, LogQuery, PodLog } from './source.js';

export interface CacheOptions {
  /** Objects held in all informers; a type that would go beyond is read live instead. */
  maxObjects?: number;
  /** Informers at most (types × namespace scopes). */
  maxInformers?: number;
  /** How long a broken watch may serve what it has before reads go live again. */
  staleGraceMs?: number;
  /** Server-side end of each watch request (the informer starts the next one where it left off). */
  watchTimeoutSeconds?: number;
  pageSize?: number;
  /** For tests: called on each informer state change. */
  onEvent?: (event: string) => void;
}

const ALL = '*';

interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: KubeObject & { code?: number; message?: string; reason?: string };
}

/** What a cached object keeps: everything a query reads; not managedFields (often half the bytes). */
function slim<T extends KubeObject>(object: T): T {
  const metadata = object.metadata as (KubeObject['metadata'] & { managedFields?: unknown }) | undefined;
  if (metadata?.managedFields === undefined) return object;
  const { managedFields: _dropped, ...rest } = metadata;
  return { ...object, metadata: rest };
}

const keyOf = (o: KubeObject) => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;

class Gone extends Error {}

/** One list+watch of one type in one scope (a namespace, or all). */
class Informer {
  readonly objects = new Map<string, KubeObject>();
  resourceVersion = '';
  syncedAt?: Date;
  lastEventAt?: Date;
  /** Since when the watch has been down (undefined while it is up). */
  brokenSince?: Date;
  lastError?: string;
  relists = 0;
  private readonly abort = new AbortController();
  private firstSync?: Promise<void>;
  private closed = false;

  constructor(
    private readonly live: LiveCluster,
    readonly type: ResourceType,
    readonly namespace: string | undefined,
    private readonly options: Required<Omit<CacheOptions, 'onEvent'>> & Pick<CacheOptions, 'onEvent'>,
    private readonly room: () => number,
  ) {}

  /** Resolves when the first list is in; rejects (and the informer is dropped) if it fails. */
  start(): Promise<void> {
    // Security: the watch loop's requests are the informer's own, not those of the tool call that happened
    // to start it; the audit names them so, however long the watch runs.
    // The first list answers the call that needs it and is audited as that call's.
    this.firstSync ??= this.list().then(() => {
      void withCaller(
        { name: 'mcp:watch-cache', args: { resource: this.type.key, namespace: this.namespace ?? null } },
        () => this.run(),
      );
    });
    return this.firstSync;
  }

  close(): void {
    this.closed = true;
    this.abort.abort();
  }

  private path(params: URLSearchParams): string {
    return `${resourcePath(this.type, { namespace: this.namespace })}?${params.toString()}`;
  }

  /** A full list (paged); replaces what the informer holds. */
  private async list(): Promise<void> {
    const fresh = new Map<string, KubeObject>();
    let token: string | undefined;
    let version = '';
    for (;;) {
      const params = new URLSearchParams({ limit: String(this.options.pageSize) });
      if (token) params.set('continue', token);
      const answer = await this.live.send('GET', this.path(params));
      if (answer.status === 410 && token) {
        fresh.clear();
        token = undefined;
        continue;
      }
      if (answer.status !== 200) throw responseError(answer.status, answer.body, this.live.info.server ?? '');
      const page = JSON.parse(answer.body) as ObjectList;
      for (const item of page.items) fresh.set(keyOf(item), slim(item));
      if (fresh.size > this.room() + this.objects.size)
        throw new CacheFull(`${this.type.resource} has more objects than the cache may hold`);
      token = page.metadata?.continue || undefined;
      version = page.metadata?.resourceVersion ?? version;
      if (!token) break;
    }
    this.objects.clear();
    for (const [k, v] of fresh) this.objects.set(k, v);
    this.resourceVersion = version;
    this.syncedAt = new Date();
    this.lastEventAt = this.syncedAt;
    this.options.onEvent?.(`listed ${this.type.resource} ${this.namespace ?? ALL} (${this.objects.size})`);
  }

  /** Watches from the last resourceVersion, forever: re-watches when a watch ends, relists on 410 Gone. */
  private async run(): Promise<void> {
    let backoff = 250;
    while (!this.closed) {
      try {
        await this.watchOnce();
        backoff = 250;
        this.brokenSince = undefined;
      } catch (error) {
        if (this.closed) return;
        if (error instanceof Gone) {
          this.relists++;
          try {
            await this.list();
            this.brokenSince = undefined;
            continue;
          } catch (relistError) {
            error = relistError;
          }
        }
        if (error instanceof CacheFull) {
          this.lastError = error.message;
          this.brokenSince ??= new Date(0);
          return;
        }
        this.brokenSince ??= new Date();
        this.lastError = error instanceof Error ? error.message : String(error);
        this.options.onEvent?.(`watch ${this.type.resource} broken: ${this.lastError}`);
        await sleep(backoff + Math.random() * backoff, this.abort.signal);
        backoff = Math.min(backoff * 2, 30_000);
        // After an outage the resourceVersion may be long gone; the next watch says so (410) and we relist.
      }
    }
  }

  private async watchOnce(): Promise<void> {
    const params = new URLSearchParams({
      watch: 'true',
      resourceVersion: this.resourceVersion,
      allowWatchBookmarks: 'true',
      timeoutSeconds: String(this.options.watchTimeoutSeconds),
    });
    const stream = await this.live.openStream(
      this.path(params),
      this.abort.signal,
      this.options.watchTimeoutSeconds + 30,
    );
    if (stream.status === 410) throw new Gone();
    if (stream.status !== 200)
      throw responseError(stream.status, await stream.text(), this.live.info.server ?? '');
    this.brokenSince = undefined;
    this.options.onEvent?.(
      `watching ${this.type.resource} ${this.namespace ?? ALL} from ${this.resourceVersion}`,
    );
    let buffered = '';
    for await (const chunk of stream.body) {
      buffered += chunk.toString('utf8');
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line) this.apply(JSON.parse(line) as WatchEvent);
      }
    }
  }

  private apply(event: WatchEvent): void {
    this.lastEventAt = new Date();
    if (event.type === 'ERROR') {
      if (event.object.code === 410) throw new Gone();
      throw new ServerError(event.object.code ?? 500, event.object.message ?? 'watch error');
    }
    const version = event.object.metadata?.resourceVersion;
    if (version) this.resourceVersion = version;
    if (event.type === 'BOOKMARK') return;
    const key = keyOf(event.object);
    if (event.type === 'DELETED') this.objects.delete(key);
    else {
      if (!this.objects.has(key) && this.room() <= 0) throw new CacheFull('the cache is full');
      this.objects.set(key, slim(event.object));
    }
    this.options.onEvent?.(`${event.type} ${this.type.resource} ${key}`);
  }

  /** Whether reads may be answered from here: synced, and the watch up (or down for less than the grace). */
  usable(now: number): boolean {
    if (this.closed || !this.syncedAt) return false;
    return this.brokenSince === undefined || now - this.brokenSince.getTime() < this.options.staleGraceMs;
  }
}

class CacheFull extends Error {}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}

/** The types worth watching: anything listable and watchable (metrics are neither watchable nor stable). */
function cacheable(type: ResourceType): boolean {
  return type.verbs.includes('watch');
}

export class WatchCache implements ClusterReader {
  private readonly informers = new Map<string, Informer>();
  private readonly starting = new Map<string, Promise<Informer | undefined>>();
  private readonly options: Required<Omit<CacheOptions, 'onEvent'>> & Pick<CacheOptions, 'onEvent'>;
  /** Types the cache gave up on (too large, or forbidden cluster-wide): read live. */
  private readonly uncached = new Set<string>();

  constructor(
    readonly live: LiveCluster,
    options: CacheOptions = {},
  ) {
    this.options = {
      maxObjects: options.maxObjects ?? 100_000,
      maxInformers: options.maxInformers ?? 64,
      staleGraceMs: options.staleGraceMs ?? 5_000,
      watchTimeoutSeconds: options.watchTimeoutSeconds ?? 300,
      pageSize: options.pageSize ?? 500,
      onEvent: options.onEvent,
    };
  }

  get info() {
    return this.live.info;
  }
  get fence() {
    return this.live.fence;
  }
  get defaultNamespace() {
    return this.live.defaultNamespace;
  }
  get access() {
    return this.live.access;
  }

  now(): Date {
    return this.live.now();
  }

  private held(): number {
    let total = 0;
    for (const informer of this.informers.values()) total += informer.objects.size;
    return total;
  }

  /** One line about how fresh cached answers are, for the answer's source. */
  freshness(): string | undefined {
    if (this.informers.size === 0) return undefined;
    const now = Date.now();
    const broken = [...this.informers.values()].filter((i) => i.brokenSince !== undefined);
    const newest = Math.max(...[...this.informers.values()].map((i) => i.lastEventAt?.getTime() ?? 0));
    const ago = ((now - newest) / 1000).toFixed(1);
    if (broken.length === 0)
      return `watch cache (${this.informers.size} watches, ${this.held()} objects), last change seen ${ago} s ago`;
    return `watch cache: ${broken.length} of ${this.informers.size} watches reconnecting (${broken[0]!.lastError ?? 'error'}); older than ${this.options.staleGraceMs / 1000} s falls back to live reads`;
  }

  /** The informer for a type and scope, started (first list done), or undefined when it cannot be. */
  private async informer(type: ResourceType, namespace: string | undefined): Promise<Informer | undefined> {
    const key = `${type.key}|${namespace ?? ALL}`;
    const existing = this.informers.get(key);
    if (existing) return existing;
    const pending = this.starting.get(key);
    if (pending) return pending;
    if (this.informers.size >= this.options.maxInformers) return undefined;
    const informer = new Informer(
      this.live,
      type,
      namespace,
      this.options,
      () => this.options.maxObjects - this.held(),
    );
    const started = informer.start().then(
      () => {
        this.informers.set(key, informer);
        return informer;
      },
      (error: unknown) => {
        informer.close();
        if (error instanceof CacheFull) {
          this.uncached.add(type.key);
          return undefined;
        }
        throw error;
      },
    );
    this.starting.set(key, started);
    try {
      return await started;
    } finally {
      this.starting.delete(key);
    }
  }

  /** The informers that hold a type in a namespace (or everywhere), or undefined: read live. */
  private async sources(type: ResourceType, namespace: string | undefined): Promise<Informer[] | undefined> {
    if (!cacheable(type) || this.uncached.has(type.key)) return undefined;
    const now = Date.now();
    const all = this.informers.get(`${type.key}|${ALL}`);
    if (all?.usable(now)) return [all];
    const fence = this.live.fence.namespaces;
    let scopes: (string | undefined)[];
    if (!type.namespaced) scopes = [undefined];
    else if (namespace !== undefined) scopes = [namespace];
    // Security: under a fence, all namespaces means each allowed one; the policy refuses a cluster-wide watch.
    else scopes = fence === null ? [undefined] : [...fence];
    const informers = await Promise.all(scopes.map((ns) => this.informer(type, ns)));
    if (informers.some((i) => i === undefined || !i.usable(Date.now()))) return undefined;
    return informers as Informer[];
  }

  async list<T extends KubeObject>(key: ResourceKey, query: ListQuery = {}): Promise<T[]> {
    const type = resourceType(key);
    const sources = await this.sources(type, type.namespaced ? query.namespace : undefined);
    if (!sources) return this.live.list<T>(key, query);
    const requirements = query.labelSelector ? parseSelector(query.labelSelector) : [];
    const items: T[] = [];
    for (const informer of sources) {
      for (const object of informer.objects.values()) {
        if (
          type.namespaced &&
          query.namespace !== undefined &&
          object.metadata?.namespace !== query.namespace
        )
          continue;
        if (!matchesSelector(object.metadata?.labels, requirements)) continue;
        if (!matchesFieldSelector(object, query.fieldSelector)) continue;
        items.push(object as T);
      }
    }
    // Security: the same fence view as a live list (fence.ts): namespaces, and cluster-scoped objects.
    return this.live.fenceView.filter(type, items);
  }

  async get<T extends KubeObject>(key: ResourceKey, name: string, namespace?: string): Promise<T> {
    const type = resourceType(key);
    const ns = type.namespaced ? (namespace ?? this.live.defaultNamespace) : undefined;
    const now = Date.now();
    for (const scope of [ALL, ns ?? ALL]) {
      const informer = this.informers.get(`${type.key}|${scope}`);
      const cached = informer?.usable(now) ? informer.objects.get(`${ns ?? ''}/${name}`) : undefined;
      if (cached) {
        // Security: what the fence hides answers like a missing object, as a live get does.
        const shown = await this.live.fenceView.admit(type, cached as T);
        if (!shown) throw new NotFound(type.kind, name, ns);
        return shown;
      }
    }
    // Not cached (or not yet seen): the server answers, NotFound included.
    return this.live.get<T>(key, name, namespace);
  }

  podLog(namespace: string, pod: string, query: LogQuery): Promise<PodLog> {
    return this.live.podLog(namespace, pod, query);
  }

  /** For tests and the bench: what each informer holds and how it is doing. */
  state(): { key: string; objects: number; resourceVersion: string; relists: number; broken: boolean }[] {
    return [...this.informers.entries()].map(([key, i]) => ({
      key,
      objects: i.objects.size,
      resourceVersion: i.resourceVersion,
      relists: i.relists,
      broken: i.brokenSince !== undefined,
    }));
  }

  /** Ends every watch. The live reader under it stays open: its session closes it. */
  async close(): Promise<void> {
    for (const informer of this.informers.values()) informer.close();
    this.informers.clear();
  }
}
