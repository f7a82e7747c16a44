// One list+watch of one resource type in one scope (a namespace, or all namespaces), for the watch cache
// (cache.ts): a paged list, then watches from its resourceVersion forever, relisting on 410 Gone. Every
// request goes through the LiveCluster's guarded transport.

import { withCaller } from './audit.js';
import type { KubeObject } from '../kube/types.js';
import { ServerError } from './errors.js';
import { responseError } from './http-errors.js';
import type { LiveCluster } from './live.js';
import { readPages } from './paging.js';
import { resourcePath, type ResourceType } from './resources.js';

export interface CacheOptions {
  /** Objects held in all informers; a type that would go beyond is read live instead. */
  maxObjects?: number;
  /** Informers at most (types × namespace scopes). */
  maxInformers?: number;
  /** How long a broken watch may serve what it has before reads go live again. */
  staleGraceMs?: number;
  /** Server-side end of each watch request (the informer starts the next one where it left off). */
  watchTimeoutSeconds?: number;
  /** For tests: called on each informer state change. */
  onEvent?: (event: string) => void;
}

/** The options every informer of one cache shares. */
export type InformerOptions = Required<Omit<CacheOptions, 'onEvent'>> & Pick<CacheOptions, 'onEvent'>;

export const ALL = '*';

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
export class Informer {
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
    private readonly options: InformerOptions,
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

  /** A full list (paged as the cluster's lists are); replaces what the informer holds. */
  private async list(): Promise<void> {
    const path = resourcePath(this.type, { namespace: this.namespace });
    const { items, resourceVersion } = await readPages({
      sizer: this.live.pageSize,
      path,
      get: (url) => this.live.send('GET', url),
      fail: (answer) => responseError(answer.status, answer.body, this.live.info.server ?? ''),
      keep: slim,
      room: (count) => {
        if (count > this.room() + this.objects.size)
          throw new CacheFull(`${this.type.resource} has more objects than the cache may hold`);
      },
    });
    this.objects.clear();
    for (const item of items) this.objects.set(keyOf(item), item);
    this.resourceVersion = resourceVersion;
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

export class CacheFull extends Error {}

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
