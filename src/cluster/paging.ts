// Lists are read in pages (limit/continue) as kubectl reads them with --chunk-size (500 by default), and
// the page size adapts to the server, per cluster: a page that was slow, throttled (429, retried) or timed
// out makes the next ones half as large, down to a floor; pages that come back full and fast, once the
// server has been calm for a while, grow it back up to the chunk size. Smaller pages are cheaper for a busy server: API Priority and Fairness charges a
// list seats by the objects it may return, min(limit, stored) times their average size (k8s.io/apiserver
// pkg/util/flowcontrol/request/list_work_estimator.go seatsBasedOnObjectSize, on by default since 1.34).
// A continue token that expired (410, the server compacted past it) restarts the list once; a second
// expiry is a clear error, never a silently inconsistent list.

import type { KubeObject, ObjectList } from '../kube/types.js';
import { ConfigError, ListExpired, RequestTimeout, ServerError, Throttled } from './errors.js';
import { statusMessage } from './http-errors.js';
import type { Answer } from './transport.js';

export interface PagingOptions {
  /** Items per page to start with and to grow back to (kubectl's --chunk-size); 0 = one unpaged list. */
  chunkSize: number;
  /** The smallest page it shrinks to (never more than chunkSize). */
  minChunkSize: number;
  /** A page slower than this halves the next; a full one faster than a quarter of it doubles the next. */
  slowPageMs: number;
  /** How many times a page the server timed out on (504) is asked again, smaller, in one list. */
  maxPageRetries: number;
  /** After trouble, pages grow again only once this long has passed without any (no flapping at a wall). */
  calmMs: number;
}

/** kubectl's default chunk size (cmdutil.DefaultChunkSize = 500), shrinking to 50 at the least. */
export const DEFAULT_PAGING: PagingOptions = {
  chunkSize: 500,
  minChunkSize: 50,
  slowPageMs: 2_000,
  maxPageRetries: 3,
  calmMs: 5_000,
};

/** Far above any useful page, low enough to catch a typo; the response bound is what really limits. */
const MAX_CHUNK_SIZE = 10_000;

/** Checks --chunk-size; a bad value is a ConfigError naming the flag. */
export function pagingOptions(chunkSize: number | undefined, defaults = DEFAULT_PAGING): PagingOptions {
  if (chunkSize === undefined) return defaults;
  if (!Number.isInteger(chunkSize) || chunkSize < 0 || chunkSize > MAX_CHUNK_SIZE)
    throw new ConfigError(
      `--chunk-size ${String(chunkSize)} is out of range`,
      `Use a whole number from 0 (one unpaged list) to ${MAX_CHUNK_SIZE}; kubectl's default is 500.`,
    );
  return { ...defaults, chunkSize };
}

/** What one page told about the server. */
export interface PageOutcome {
  /** The limit it was asked with. */
  limit: number;
  items: number;
  ms: number;
  /** Answered only after 429s (retried), or not at all for them. */
  throttled: boolean;
}

/** The page size of one cluster, shared by every list read from it (concurrent ones included). */
export class PageSize {
  private size: number;
  private troubleAt = -Infinity;
  /** For tests and doctor: the last changes, oldest first. */
  readonly changes: { from: number; to: number; why: string }[] = [];

  constructor(
    readonly options: PagingOptions = DEFAULT_PAGING,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.size = options.chunkSize;
  }

  /** The limit of the next page, or undefined when lists are not paged (--chunk-size 0). */
  get limit(): number | undefined {
    return this.options.chunkSize > 0 ? this.size : undefined;
  }

  private get floor(): number {
    return Math.min(this.options.minChunkSize, this.options.chunkSize);
  }

  private set(to: number, why: string): void {
    if (to === this.size) return;
    this.changes.push({ from: this.size, to, why });
    if (this.changes.length > 100) this.changes.shift();
    this.size = to;
  }

  /**
   * Halves the size below `limit` (the page that was in trouble). Judged against the limit that page was
   * asked with, so concurrent lists reporting the same trouble do not shrink it twice. False at the floor.
   */
  shrink(limit: number, why: string): boolean {
    this.troubleAt = this.now();
    if (this.limit === undefined || limit <= this.floor) return false;
    this.set(Math.max(this.floor, Math.min(this.size, Math.floor(limit / 2))), why);
    return true;
  }

  observe(page: PageOutcome): void {
    if (this.limit === undefined) return;
    if (page.throttled) this.shrink(page.limit, `throttled (429) at ${page.limit}`);
    else if (page.ms > this.options.slowPageMs) this.shrink(page.limit, `slow page: ${page.ms} ms`);
    // Only a full page at the current size (or larger) says the current size is comfortable.
    else if (
      page.items >= page.limit &&
      page.limit >= this.size &&
      page.ms < this.options.slowPageMs / 4 &&
      this.now() - this.troubleAt >= this.options.calmMs
    )
      this.set(Math.min(this.options.chunkSize, this.size * 2), `fast page: ${page.ms} ms`);
  }
}

/**
 * The server gave up on the request before answering it: the apiserver's timeout filter (504, "Timeout:
 * request did not complete within the allotted timeout", apimachinery NewTimeoutError), a storage
 * timeout (500 with reason ServerTimeout or Timeout), or a proxy in between (504). kubectl shows all of
 * them as "the server was unable to return a response in the time allotted".
 */
export function serverTimedOut(answer: { status: number; body: string }): boolean {
  if (answer.status === 504) return true;
  if (answer.status !== 500) return false;
  const status = statusMessage(answer.body);
  return (
    status.reason === 'ServerTimeout' ||
    status.reason === 'Timeout' ||
    /unable to return a response in the time allotted/i.test(status.message ?? '')
  );
}

/** Pages of `path` with `query` (selectors): limit first, continue last, as kubectl's requests read. */
export function pageUrl(
  path: string,
  limit: number | undefined,
  query: Record<string, string | undefined>,
  token: string | undefined,
): string {
  const params = new URLSearchParams();
  if (limit !== undefined) params.set('limit', String(limit));
  for (const [name, value] of Object.entries(query)) if (value) params.set(name, value);
  if (token) params.set('continue', token);
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

export interface PagedList<T> {
  items: T[];
  resourceVersion: string;
}

export interface PagedRead {
  sizer: PageSize;
  /** The collection's path (no query). */
  path: string;
  /** Selectors and other parameters every page carries. */
  query?: Record<string, string | undefined>;
  /** The guarded GET of one page. */
  get: (url: string) => Promise<Answer>;
  /** Turns an answer that is not a page into the caller's typed error. */
  fail: (answer: Answer) => Error;
  /** Called after each page with the items so far (the watch cache's bound throws from here). */
  room?: (items: number) => void;
  /** What is kept of each item (the watch cache drops managedFields as pages arrive). */
  keep?: <T extends KubeObject>(item: T) => T;
}

/**
 * Every page of one collection. A page the server gave up on (504, "unable to return a response in the
 * time allotted") is asked again, smaller, up to maxPageRetries times; one our own deadline cut off, once
 * (each try may take the whole --request-timeout). Both, and throttling, also shrink later pages.
 */
export async function readPages<T extends KubeObject>(read: PagedRead): Promise<PagedList<T>> {
  const { sizer, fail } = read;
  const items: T[] = [];
  let token: string | undefined;
  let resourceVersion = '';
  let restarted = false;
  let serverTimeouts = 0;
  let ownTimeouts = 0;
  for (let pages = 1; ; pages++) {
    const limit = sizer.limit;
    const started = performance.now();
    let answer: Answer;
    try {
      answer = await read.get(pageUrl(read.path, limit, read.query ?? {}, token));
    } catch (error) {
      if (limit !== undefined && error instanceof Throttled) sizer.shrink(limit, `throttled at ${limit}`);
      if (limit !== undefined && error instanceof RequestTimeout) {
        const smaller = sizer.shrink(limit, `no answer in time at ${limit}`);
        if (smaller && ownTimeouts++ < 1) continue;
      }
      throw error;
    }
    const ms = Math.round(performance.now() - started);
    if (answer.status === 410 && token) {
      // Never stitch pages of two different moments together: start again, once.
      if (restarted) throw new ListExpired(read.path, pages);
      restarted = true;
      items.length = 0;
      token = undefined;
      continue;
    }
    if (limit !== undefined && serverTimedOut(answer)) {
      const smaller = sizer.shrink(limit, `server timed out at ${limit}`);
      if (smaller && serverTimeouts++ < sizer.options.maxPageRetries) continue;
    }
    if (answer.status !== 200) throw fail(answer);
    const page = parsePage<T>(answer, read.path);
    for (const item of page.items) items.push(read.keep ? read.keep(item) : item);
    read.room?.(items.length);
    if (limit !== undefined)
      sizer.observe({ limit, items: page.items.length, ms, throttled: (answer.attempts ?? 1) > 1 });
    resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
    token = page.metadata?.continue || undefined;
    if (!token) return { items, resourceVersion };
  }
}

/** A 2xx body that is not JSON (or, for a list, not a list). */
export function notJson(path: string, answer: Answer, what = 'valid JSON'): ServerError {
  return new ServerError(
    answer.status,
    `the answer to ${path.split('?')[0]} is not ${what} (${answer.body.length} bytes, starting ${JSON.stringify(answer.body.slice(0, 40))})`,
  );
}

function parsePage<T extends KubeObject>(answer: Answer, path: string): ObjectList<T> {
  let page: ObjectList<T> | null;
  try {
    page = JSON.parse(answer.body) as ObjectList<T> | null;
  } catch {
    throw notJson(path, answer);
  }
  if (typeof page !== 'object' || page === null || !Array.isArray(page.items))
    throw notJson(path, answer, 'a list');
  return page;
}
