// LiveCluster: the read interface over a real API server. All HTTP goes through one undici dispatcher
// composed with the guard, so no request can leave without passing the policy and the audit.

import { Agent, ProxyAgent, type Dispatcher } from 'undici';
import type { KubeObject, PersistentVolume } from '../kube/types.js';
import { accessReviewer } from './access-review.js';
import { withAttempt, type AuditSink } from './audit.js';
import { Credentials } from './credentials.js';
import {
  ConfigError,
  LogUnavailable,
  MetricsUnavailable,
  NotFound,
  RequestTimeout,
  ResponseTooLarge,
  Throttled,
} from './errors.js';
import { guardInterceptor } from './guard.js';
import { responseError, statusMessage, transportError } from './http-errors.js';
import { FlowNames } from './flow-names.js';
import { redactServer, type ResolvedKubeconfig } from './kubeconfig.js';
import { notJson, PageSize, readPages, type PagingOptions } from './paging.js';
import { DEFAULT_MAX_RESPONSE_BYTES, proxyFor, UNBOUNDED_CONNECT_MS, type Answer } from './transport.js';
import {
  DEFAULT_THROTTLE,
  flowOf,
  retryAfterSeconds,
  retryPlan,
  Slots,
  TokenBucket,
  waitMs,
  flowText,
  type FlowClassification,
  type ThrottleOptions,
} from './throttle.js';
import { FenceView } from './fence.js';
import type { NamespaceFence } from './policy.js';
import { resourcePath, resourceType, type ResourceKey, type ResourceType } from './resources.js';
import type { AccessReviewer, ClusterReader, ListQuery, LogQuery, PodLog, SourceInfo } from './source.js';

export interface LiveOptions {
  fence: NamespaceFence;
  audit: AuditSink;
  /** Per-request deadline (connect, TLS handshake, headers and the whole body); 0 = none. */
  timeoutSeconds?: number;
  /** Largest answer read into memory. */
  maxResponseBytes?: number;
  /** Where HTTPS_PROXY, HTTP_PROXY and NO_PROXY are read. */
  env?: NodeJS.ProcessEnv;
  /** Items per page of a list, and how the page size adapts to the server (default: kubectl's 500). */
  paging?: PagingOptions;
  /** Client-side rate limit, concurrency cap and retry bounds (default: client-go's QPS 5, burst 10). */
  throttle?: ThrottleOptions;
}

export interface TransportStats {
  requests: number;
  bytes: number;
}

export class LiveCluster implements ClusterReader {
  readonly info: SourceInfo;
  readonly fence: NamespaceFence;
  readonly defaultNamespace: string;
  readonly stats: TransportStats = { requests: 0, bytes: 0 };
  private readonly origin: string;
  private readonly basePath: string;
  private readonly timeoutSeconds: number;
  private readonly maxResponseBytes: number;
  /** The proxy requests go through, if any (shown by doctor). */
  readonly proxy?: string;
  /** The page size of lists from this cluster, adapting to how the server copes. */
  readonly pageSize: PageSize;
  private readonly throttle: ThrottleOptions;
  private readonly bucket: TokenBucket;
  private readonly slots: Slots;
  private readonly flowNames = new FlowNames((...args) => this.send(...args));
  private dispatcher?: Dispatcher;
  readonly credentials: Credentials;
  readonly access: AccessReviewer;
  /** Security: the fence view every reader built on this one (the MCP watch cache) applies too. */
  readonly fenceView: FenceView;

  constructor(
    private readonly config: ResolvedKubeconfig,
    private readonly options: LiveOptions,
  ) {
    let url: URL;
    try {
      url = new URL(config.server);
    } catch {
      throw new ConfigError(`the server URL "${config.server}" of cluster "${config.cluster}" is not a URL`);
    }
    this.credentials = new Credentials(config);
    this.origin = url.origin;
    this.basePath = url.pathname.replace(/\/$/, '');
    this.fence = options.fence;
    this.defaultNamespace = config.namespace;
    this.timeoutSeconds = options.timeoutSeconds ?? 30;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.proxy = proxyFor(url, config.clusterEntry['proxy-url'], options.env ?? process.env);
    this.pageSize = new PageSize(options.paging);
    this.throttle = options.throttle ?? DEFAULT_THROTTLE;
    this.bucket = new TokenBucket(this.throttle.qps, this.throttle.burst);
    this.slots = new Slots(this.throttle.maxInflight);
    this.info = {
      kind: 'live',
      description: `context "${config.context}" (${config.server})`,
      server: config.server,
      context: config.context,
    };
    this.access = accessReviewer({
      config,
      proxy: this.proxy,
      credentials: this.credentials,
      send: (...args) => this.send(...args),
      describeFlow: (flow) => this.flowNames.describe(flow),
    });
    this.fenceView = new FenceView(this.fence, () =>
      this.listPages<PersistentVolume>(resourceType('persistentvolumes'), undefined, {}),
    );
  }

  now(): Date {
    return new Date();
  }

  private async connection(): Promise<{ dispatcher: Dispatcher; headers: Record<string, string> }> {
    const { headers, tls } = await this.credentials.get();
    if (!this.dispatcher) {
      const proxyUrl = this.proxy;
      if (proxyUrl?.startsWith('socks'))
        throw new ConfigError(`SOCKS proxy ${redactServer(proxyUrl)} is not supported`);
      // Security: only the kubeconfig's insecure-skip-tls-verify turns verification off; Node's
      // NODE_TLS_REJECT_UNAUTHORIZED is ignored by stating the choice explicitly.
      // The connect timeout runs until the TLS handshake is done.
      const connectMs = this.timeoutSeconds > 0 ? this.timeoutSeconds * 1000 : UNBOUNDED_CONNECT_MS;
      const connect = { ...tls, rejectUnauthorized: tls.rejectUnauthorized !== false, timeout: connectMs };
      const base: Dispatcher = proxyUrl
        ? new ProxyAgent({ uri: proxyUrl, requestTls: connect, proxyTls: { timeout: connectMs } })
        : new Agent({ connect: { ...connect, keepAlive: true } });
      this.dispatcher = base.compose(
        guardInterceptor({
          origin: this.origin,
          basePath: this.basePath,
          fence: this.fence,
          audit: this.options.audit,
          target: { server: this.config.server, context: this.config.context, user: this.config.user },
        }),
      );
    }
    return { dispatcher: this.dispatcher, headers };
  }

  /**
   * One guarded request, retried while the server asks for it (429, or a 5xx with Retry-After) within
   * the retry bounds. Throws typed errors for transport failures and for throttling that outlasts the
   * retries; returns any other HTTP status.
   */
  async send(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    accept = 'application/json',
    retries = true,
  ): Promise<Answer> {
    const started = performance.now();
    let previous: string | undefined;
    for (let attempt = 1; ; attempt++) {
      const tried = { attempt, retryOf: previous, id: undefined as string | undefined };
      const answer = await withAttempt(tried, () => this.sendOnce(method, path, body, accept));
      previous = tried.id;
      const plan = retries ? retryPlan(answer.status, answer.retryAfter, attempt - 1) : undefined;
      if (!plan) {
        // Without retries (the lookup of APF names) a 429 is returned as is: naming the flow must never
        // start another round of throttled lookups.
        if (answer.status === 429 && retries) throw await this.throttled(answer.flow, attempt, started);
        return { ...answer, attempts: attempt };
      }
      const elapsed = performance.now() - started;
      // Bounded: a fixed number of retries, and none that would end past the overall deadline.
      if (attempt > this.throttle.maxRetries || elapsed + plan.delayMs > this.throttle.retryDeadlineMs) {
        if (answer.status === 429) throw await this.throttled(answer.flow, attempt, started);
        return { ...answer, attempts: attempt };
      }
      await waitMs(plan.delayMs);
    }
  }

  private async throttled(
    flow: FlowClassification | undefined,
    attempts: number,
    started: number,
  ): Promise<Throttled> {
    const info = flow ? await this.flowNames.describe(flow) : undefined;
    return new Throttled(
      this.config.server,
      info ? flowText(info) : undefined,
      attempts,
      performance.now() - started,
    );
  }

  /** One attempt: a rate-limit token, a slot among the requests in flight, then the request. */
  private async sendOnce(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    accept: string,
  ): Promise<Answer> {
    const { dispatcher, headers } = await this.connection();
    await this.bucket.take();
    const release = await this.slots.acquire();
    const timeout = this.timeoutSeconds * 1000;
    // The total deadline: headers and every byte of the body, so a server trickling bytes cannot hold on.
    const signal = timeout > 0 ? AbortSignal.timeout(timeout) : undefined;
    const limit = this.maxResponseBytes;
    const shownPath = path.split('?')[0]!;
    try {
      const response = await dispatcher.request({
        origin: this.origin,
        path: `${this.basePath}${path}`,
        method,
        headers: {
          ...headers,
          accept,
          'user-agent': 'kubectl-diag',
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        headersTimeout: timeout,
        bodyTimeout: timeout,
        signal,
      });
      const declared = Number(response.headers['content-length'] ?? NaN);
      if (declared > limit) {
        response.body.destroy();
        throw new ResponseTooLarge(this.config.server, shownPath, limit);
      }
      // Security: bounded memory; an answer over the limit is abandoned, not buffered.
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of response.body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > limit) {
          response.body.destroy();
          throw new ResponseTooLarge(this.config.server, shownPath, limit);
        }
        chunks.push(chunk);
      }
      const text = Buffer.concat(chunks, size).toString('utf8');
      this.stats.requests++;
      this.stats.bytes += size;
      const flow = flowOf(response.headers);
      const retryAfter = retryAfterSeconds(response.headers['retry-after']);
      return {
        status: response.statusCode,
        body: text,
        ...(flow ? { flow } : {}),
        ...(retryAfter !== undefined ? { retryAfter } : {}),
      };
    } catch (error) {
      if (signal?.aborted) throw new RequestTimeout(this.config.server, shownPath, this.timeoutSeconds);
      throw transportError(error, this.config.server, path, this.timeoutSeconds);
    } finally {
      release();
    }
  }

  private async getJson<T>(path: string): Promise<{ status: number; value?: T; body: string }> {
    const answer = await this.send('GET', path);
    if (answer.status < 200 || answer.status >= 300) return { status: answer.status, body: answer.body };
    try {
      return { status: answer.status, value: JSON.parse(answer.body) as T, body: answer.body };
    } catch {
      throw notJson(path, answer);
    }
  }

  private failure(type: ResourceType, answer: { status: number; body: string }): Error {
    if (type.group === 'metrics.k8s.io' && (answer.status === 404 || answer.status === 503)) {
      return new MetricsUnavailable(statusMessage(answer.body).message ?? `HTTP ${answer.status}`);
    }
    return responseError(answer.status, answer.body, this.config.server);
  }

  async get<T extends KubeObject>(key: ResourceKey, name: string, namespace?: string): Promise<T> {
    const type = resourceType(key);
    const ns = type.namespaced ? (namespace ?? this.defaultNamespace) : undefined;
    const answer = await this.getJson<T>(resourcePath(type, { namespace: ns, name }));
    if (answer.value) {
      // Security: what the fence hides answers like a missing object, so the answer reveals nothing.
      const shown = await this.fenceView.admit(type, answer.value);
      if (!shown) throw new NotFound(type.kind, name, ns);
      return shown;
    }
    // An unserved metrics API also answers 404, but with a plain page instead of a NotFound Status.
    const missingObject = type.group !== 'metrics.k8s.io' || statusMessage(answer.body).reason === 'NotFound';
    if (answer.status === 404 && missingObject) throw new NotFound(type.kind, name, ns);
    throw this.failure(type, answer);
  }

  /** All pages of one collection (paging.ts: adaptive page size, one restart on an expired token). */
  private async listPages<T extends KubeObject>(
    type: ResourceType,
    namespace: string | undefined,
    query: ListQuery,
  ): Promise<T[]> {
    const path = resourcePath(type, { namespace });
    const read = await readPages<T>({
      sizer: this.pageSize,
      path,
      query: { labelSelector: query.labelSelector, fieldSelector: query.fieldSelector },
      get: (url) => this.send('GET', url),
      fail: (answer) => this.failure(type, answer),
    });
    return read.items;
  }

  async list<T extends KubeObject>(key: ResourceKey, query: ListQuery = {}): Promise<T[]> {
    const type = resourceType(key);
    let items: T[];
    if (!type.namespaced) {
      items = await this.listPages<T>(type, undefined, query);
    } else if (query.namespace !== undefined || this.fence.namespaces === null) {
      items = await this.listPages<T>(type, query.namespace, query);
    } else {
      // Security: with a fence, "all namespaces" means each allowed namespace, never a cluster-wide list.
      const pages = await Promise.all(
        [...this.fence.namespaces].map((ns) => this.listPages<T>(type, ns, query)),
      );
      items = pages.flat();
    }
    // Security: a second line behind the policy, and the fence for cluster-scoped objects (fence.ts).
    return this.fenceView.filter(type, items);
  }

  async podLog(namespace: string, pod: string, query: LogQuery): Promise<PodLog> {
    const params = new URLSearchParams({ container: query.container });
    if (query.previous) params.set('previous', 'true');
    if (query.tailLines !== undefined) params.set('tailLines', String(query.tailLines));
    if (query.sinceSeconds !== undefined) params.set('sinceSeconds', String(query.sinceSeconds));
    if (query.timestamps) params.set('timestamps', 'true');
    if (query.limitBytes !== undefined) params.set('limitBytes', String(query.limitBytes));
    const path = `${resourcePath(resourceType('pods'), { namespace, name: pod, subresource: 'log' })}?${params.toString()}`;
    // The log endpoint negotiates like any other; kubectl asks for JSON or anything.
    const answer = await this.send('GET', path, undefined, 'application/json, */*');
    if (answer.status >= 200 && answer.status < 300) {
      const truncated = query.limitBytes !== undefined && Buffer.byteLength(answer.body) >= query.limitBytes;
      return { text: answer.body, truncated };
    }
    const message = statusMessage(answer.body).message ?? `HTTP ${answer.status}`;
    if (answer.status === 404 && /pods? "[^"]+" not found/.test(message))
      throw new NotFound('Pod', pod, namespace);
    if (answer.status === 400 || answer.status === 404)
      throw new LogUnavailable(namespace, pod, query.container, message);
    throw responseError(answer.status, answer.body, this.config.server);
  }

  /**
   * A guarded GET whose body is read as it arrives (a watch of the cache), until the server ends it, a
   * gap between chunks exceeds `idleSeconds`, or `signal` aborts it.
   */
  async openStream(
    path: string,
    signal: AbortSignal,
    idleSeconds: number,
  ): Promise<{ status: number; body: AsyncIterable<Buffer>; text(): Promise<string> }> {
    const { dispatcher, headers } = await this.connection();
    // A watch counts against the rate limit like any request, but not against the in-flight cap:
    // it stays open for minutes.
    await this.bucket.take();
    try {
      const response = await dispatcher.request({
        origin: this.origin,
        path: `${this.basePath}${path}`,
        method: 'GET',
        headers: { ...headers, accept: 'application/json', 'user-agent': 'kubectl-diag' },
        headersTimeout: this.timeoutSeconds * 1000,
        bodyTimeout: idleSeconds * 1000,
        signal,
      });
      this.stats.requests++;
      return { status: response.statusCode, body: response.body, text: () => response.body.text() };
    } catch (error) {
      throw transportError(error, this.config.server, path, this.timeoutSeconds);
    }
  }

  async close(): Promise<void> {
    await this.dispatcher?.close();
  }
}
