// LiveCluster: the read interface over a real API server. All HTTP goes through one undici dispatcher
// composed with the guard, so no request can leave without passing the policy and the audit.

import { mapLimited } from './concurrency.js';
import { Agent, ProxyAgent, type Dispatcher } from 'undici';
import type { KubeObject, ObjectList, PersistentVolume } from '../kube/types.js';
import { withAttempt, type AuditSink } from './audit.js';
import { Credentials } from './credentials.js';
import {
  ConfigError,
  LogUnavailable,
  MetricsUnavailable,
  NotFound,
  RequestTimeout,
  ResponseTooLarge,
  ServerError,
  Throttled,
} from './errors.js';
import { guardInterceptor } from './guard.js';
import { responseError, statusMessage, transportError } from './http-errors.js';
import { redactServer, type ResolvedKubeconfig } from './kubeconfig.js';
import { DEFAULT_MAX_RESPONSE_BYTES, proxyFor, UNBOUNDED_CONNECT_MS } from './transport.js';
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
  type FlowControlInfo,
  type ThrottleOptions,
} from './throttle.js';
import { FenceView } from './fence.js';
import type { NamespaceFence } from './policy.js';
import {
  FLOW_CONTROL_LISTS,
  resourcePath,
  resourceType,
  type ResourceKey,
  type ResourceType,
} from './resources.js';
import type {
  AccessCheck,
  AccessReviewer,
  ClusterReader,
  ConnectionInfo,
  ListQuery,
  LogQuery,
  PodLog,
  RulesReview,
  SourceInfo,
} from './source.js';

export interface LiveOptions {
  fence: NamespaceFence;
  audit: AuditSink;
  /** Per-request deadline (connect, TLS handshake, headers and the whole body); 0 = none. */
  timeoutSeconds?: number;
  /** Largest answer read into memory. */
  maxResponseBytes?: number;
  /** Where HTTPS_PROXY, HTTP_PROXY and NO_PROXY are read. */
  env?: NodeJS.ProcessEnv;
  /** Items per page of a list. */
  pageSize?: number;
  /** Client-side rate limit, concurrency cap and retry bounds (default: client-go's QPS 5, burst 10). */
  throttle?: ThrottleOptions;
}

interface Answer {
  status: number;
  body: string;
  /** The API Priority and Fairness classification the server put on the answer. */
  flow?: FlowClassification;
  retryAfter?: number;
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
  private readonly pageSize: number;
  private readonly throttle: ThrottleOptions;
  private readonly bucket: TokenBucket;
  private readonly slots: Slots;
  private flowNames?: Promise<Map<string, string>>;
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
    this.pageSize = options.pageSize ?? 500;
    this.throttle = options.throttle ?? DEFAULT_THROTTLE;
    this.bucket = new TokenBucket(this.throttle.qps, this.throttle.burst);
    this.slots = new Slots(this.throttle.maxInflight);
    this.info = {
      kind: 'live',
      description: `context "${config.context}" (${config.server})`,
      server: config.server,
      context: config.context,
    };
    this.access = this.reviewer();
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
        return answer;
      }
      const elapsed = performance.now() - started;
      // Bounded: a fixed number of retries, and none that would end past the overall deadline.
      if (attempt > this.throttle.maxRetries || elapsed + plan.delayMs > this.throttle.retryDeadlineMs) {
        if (answer.status === 429) throw await this.throttled(answer.flow, attempt, started);
        return answer;
      }
      await waitMs(plan.delayMs);
    }
  }

  private async throttled(
    flow: FlowClassification | undefined,
    attempts: number,
    started: number,
  ): Promise<Throttled> {
    const info = flow ? await this.describeFlow(flow) : undefined;
    return new Throttled(
      this.config.server,
      info ? flowText(info) : undefined,
      attempts,
      performance.now() - started,
    );
  }

  /**
   * Names for the UIDs the server sent. The APF objects are listed once and again only when a UID is
   * new, without retries (that list may be throttled too); unreadable ones leave the UIDs shown.
   */
  async describeFlow(flow: FlowClassification): Promise<FlowControlInfo> {
    const known = (names: Map<string, string>) =>
      [flow.flowSchemaUid, flow.priorityLevelUid].every((uid) => uid === undefined || names.has(uid));
    if (!this.flowNames || !known(await this.flowNames)) this.flowNames = this.readFlowNames();
    const names = await this.flowNames;
    const flowSchema = flow.flowSchemaUid ? names.get(flow.flowSchemaUid) : undefined;
    const priorityLevel = flow.priorityLevelUid ? names.get(flow.priorityLevelUid) : undefined;
    return {
      ...flow,
      ...(flowSchema ? { flowSchema } : {}),
      ...(priorityLevel ? { priorityLevel } : {}),
      named: flowSchema !== undefined || priorityLevel !== undefined,
    };
  }

  private async readFlowNames(): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    for (const list of FLOW_CONTROL_LISTS) {
      try {
        const answer = await this.send(
          'GET',
          `/apis/${list.group}/${list.version}/${list.resource}?limit=500`,
          undefined,
          'application/json',
          false,
        );
        if (answer.status !== 200) continue;
        const parsed = JSON.parse(answer.body) as {
          items?: { metadata?: { uid?: string; name?: string } }[];
        };
        for (const item of parsed.items ?? [])
          if (item.metadata?.uid && item.metadata.name) names.set(item.metadata.uid, item.metadata.name);
      } catch {
        // Unreadable (RBAC, throttled, timeout): the UIDs are shown instead.
      }
    }
    return names;
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
      throw new ServerError(
        answer.status,
        `the answer to ${path.split('?')[0]} is not valid JSON (${answer.body.length} bytes, starting ${JSON.stringify(answer.body.slice(0, 40))})`,
      );
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

  /** All pages of one collection. A continue token that expired (410) restarts the list once. */
  private async listPages<T extends KubeObject>(
    type: ResourceType,
    namespace: string | undefined,
    query: ListQuery,
  ): Promise<T[]> {
    const items: T[] = [];
    let token: string | undefined;
    let restarted = false;
    for (;;) {
      const params = new URLSearchParams({ limit: String(this.pageSize) });
      if (query.labelSelector) params.set('labelSelector', query.labelSelector);
      if (query.fieldSelector) params.set('fieldSelector', query.fieldSelector);
      if (token) params.set('continue', token);
      const answer = await this.getJson<ObjectList<T>>(
        `${resourcePath(type, { namespace })}?${params.toString()}`,
      );
      if (answer.status === 410 && token && !restarted) {
        items.length = 0;
        token = undefined;
        restarted = true;
        continue;
      }
      if (!answer.value) throw this.failure(type, answer);
      items.push(...answer.value.items);
      token = answer.value.metadata?.continue || undefined;
      if (!token) return items;
    }
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

  private reviewer(): AccessReviewer {
    return {
      connection: {
        ...connectionOf(this.config),
        insecure: this.config.clusterEntry['insecure-skip-tls-verify'] === true,
        ...(this.proxy ? { proxy: redactServer(this.proxy) } : {}),
      },
      bearerToken: () => this.credentials.bearerToken(),
      serverVersion: async () => {
        const started = performance.now();
        const answer = await this.send('GET', '/version');
        const latencyMs = Math.round(performance.now() - started);
        if (answer.status !== 200) throw responseError(answer.status, answer.body, this.config.server);
        return {
          gitVersion: String((JSON.parse(answer.body) as { gitVersion?: string }).gitVersion ?? 'unknown'),
          latencyMs,
        };
      },
      canI: (checks) => mapLimited(checks, 8, (check) => this.accessReview(check)),
      rules: async (namespace) => {
        const answer = await this.send('POST', '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectRulesReview',
          spec: { namespace },
        });
        if (answer.status < 200 || answer.status >= 300)
          throw responseError(answer.status, answer.body, this.config.server);
        const status = (JSON.parse(answer.body) as { status?: Partial<RulesReview> }).status ?? {};
        return {
          resourceRules: status.resourceRules ?? [],
          incomplete: status.incomplete ?? false,
          evaluationError: status.evaluationError,
        };
      },
      flowControl: async () => {
        // A typical read of this identity, to see where API Priority and Fairness puts it.
        const namespace = this.defaultNamespace;
        const answer = await this.send('GET', `${resourcePath(resourceType('pods'), { namespace })}?limit=1`);
        return answer.flow ? this.describeFlow(answer.flow) : undefined;
      },
      served: async (groupVersion) => {
        const answer = await this.send('GET', `/apis/${groupVersion}`);
        if (answer.status === 200) return 'served';
        if (answer.status === 404) return 'not-served';
        if (answer.status === 503) return 'unavailable';
        throw responseError(answer.status, answer.body, this.config.server);
      },
    };
  }

  private async accessReview(check: AccessCheck): Promise<boolean> {
    const answer = await this.send('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: { ...check } },
    });
    if (answer.status < 200 || answer.status >= 300)
      throw responseError(answer.status, answer.body, this.config.server);
    return (JSON.parse(answer.body) as { status?: { allowed?: boolean } }).status?.allowed === true;
  }
}

function connectionOf(config: ResolvedKubeconfig): ConnectionInfo {
  const { files, inCluster, context, cluster, server, user, authKind } = config;
  return { files, inCluster, context, cluster, server, user, authKind };
}
