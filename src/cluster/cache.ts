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
import type { KubeObject } from '../kube/types.js';
import { NotFound } from './errors.js';
import { ALL, CacheFull, Informer, type CacheOptions, type InformerOptions } from './informer.js';
import type { LiveCluster } from './live.js';
import { resourceType, type ResourceKey, type ResourceType } from './resources.js';
import { matchesFieldSelector } from './snapshot.js';
import type { ClusterReader, ListQuery, LogQuery, PodLog } from './source.js';

export type { CacheOptions } from './informer.js';

/** The types worth watching: anything listable and watchable (metrics are neither watchable nor stable). */
function cacheable(type: ResourceType): boolean {
  return type.verbs.includes('watch');
}

export class WatchCache implements ClusterReader {
  private readonly informers = new Map<string, Informer>();
  private readonly starting = new Map<string, Promise<Informer | undefined>>();
  private readonly options: InformerOptions;
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
