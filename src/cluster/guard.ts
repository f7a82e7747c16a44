// Security: the guard sits at the HTTP transport, under everything that talks to the API server, like
// client-go's round trippers. Every request is re-checked here (origin, method, path, upgrade) against
// the pure policy before it is dispatched. The decision holds for the exact path the server receives:
// the server URL's base path was checked when the kubeconfig was loaded (basePathProblem) and is checked
// again here, and the rest is decided by the policy. The caller is bound and the audit record written
// before dispatch; a request whose record cannot be written is not sent. An allowed request gets a second
// record with its status, duration and size when it finishes.

import type { Dispatcher } from 'undici';
import {
  currentAttempt,
  currentCaller,
  newRequestId,
  type AuditEntry,
  type AuditSink,
  type AuditTarget,
} from './audit.js';
import { ConfigError, PolicyDenied } from './errors.js';
import { basePathProblem, decide, type NamespaceFence } from './policy.js';
import { retryAfterSeconds } from './throttle.js';

export interface GuardOptions {
  /** The API server's origin, e.g. https://10.0.0.1:6443. Requests to any other origin are refused. */
  origin: string;
  /** A path prefix of the server URL (Rancher-style https://host/k8s/clusters/c-1); usually "". */
  basePath: string;
  fence: NamespaceFence;
  audit: AuditSink;
  /** Server, context and user names for the audit records. */
  target?: AuditTarget;
}

// Security: headers that could turn a GET into something else at a proxy or the server.
const SMUGGLING_HEADERS = ['x-http-method-override', 'x-http-method', 'x-method-override'];

/** The request id travels as Audit-ID: the apiserver then logs the same id as its auditID. */
export const AUDIT_ID_HEADER = 'audit-id';

type Headers = Dispatcher.DispatchOptions['headers'];

function headerPairs(headers: Headers): [string, unknown][] {
  if (!headers) return [];
  if (Array.isArray(headers)) {
    const pairs: [string, unknown][] = [];
    for (let i = 0; i + 1 < headers.length; i += 2) pairs.push([String(headers[i]), headers[i + 1]]);
    return pairs;
  }
  if (Symbol.iterator in headers)
    return Array.from(headers as Iterable<[string, unknown]>, ([k, v]) => [String(k), v]);
  return Object.entries(headers);
}

function refusal(
  options: Dispatcher.DispatchOptions,
  guard: GuardOptions,
): { path: string; reason?: string } {
  const method = (options.method ?? 'GET').toUpperCase();
  const origin = String(options.origin ?? '').replace(/\/$/, '');
  const rawPath = options.path;
  if (origin !== guard.origin)
    return { path: rawPath, reason: `requests go only to the configured API server ${guard.origin}` };
  if (options.upgrade)
    return { path: rawPath, reason: 'connection upgrades (exec, attach, port-forward) are never made' };
  if (headerPairs(options.headers).some(([h]) => SMUGGLING_HEADERS.includes(h.toLowerCase()))) {
    return { path: rawPath, reason: 'method-override headers are refused' };
  }
  if (guard.basePath && !(rawPath.startsWith(`${guard.basePath}/`) || rawPath === guard.basePath)) {
    return { path: rawPath, reason: 'the path is outside the API server base path' };
  }
  const path = rawPath.slice(guard.basePath.length) || '/';
  const decision = decide(method, path, guard.fence);
  return decision.allowed ? { path } : { path, reason: decision.reason };
}

export function guardInterceptor(guard: GuardOptions): Dispatcher.DispatcherComposeInterceptor {
  // Security: a base path that would change what the server makes of a request is refused outright.
  const problem = basePathProblem(guard.basePath);
  if (problem) throw new ConfigError(`refusing the API server base path "${guard.basePath}": ${problem}`);
  const target = guard.target ?? {};
  return (dispatch) => (options, handler) => {
    // Bound now, in the context that created the request; never looked up when the answer arrives.
    const caller = currentCaller();
    const id = newRequestId();
    const attempt = currentAttempt();
    if (attempt) attempt.id = id;
    const method = (options.method ?? 'GET').toUpperCase();
    const { path, reason } = refusal(options, guard);
    const retry =
      attempt && attempt.attempt > 1 ? { attempt: attempt.attempt, retryOf: attempt.retryOf } : {};
    const base: AuditEntry = { id, caller, source: 'live', ...target, method, path, ...retry };
    if (reason !== undefined) {
      guard.audit.record({ ...base, decision: 'denied', reason });
      throw new PolicyDenied(method, path, reason);
    }
    // Written before a byte is sent; if it throws (disk full, closed log), the request is not sent.
    guard.audit.record({ ...base, decision: 'allowed' });

    const started = performance.now();
    let status: number | undefined;
    let retryAfter: number | undefined;
    let bytes = 0;
    let done = false;
    const finish = (error?: Error): void => {
      if (done) return;
      done = true;
      try {
        guard.audit.record({
          ...base,
          outcome: error ? 'failed' : 'completed',
          status,
          ...(retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : {}),
          durationMs: Math.round(performance.now() - started),
          bytes,
          ...(error ? { error: error.message } : {}),
        });
      } catch {
        // The request was already recorded before it was sent; a lost outcome line is not a lost request,
        // and the next request's record will fail loudly if the log stays unwritable.
      }
    };
    // Explicit delegation: handlers are class instances, so spreading them would drop their methods.
    const audited: Dispatcher.DispatchHandler = {
      onRequestStart: (controller, context) => handler.onRequestStart?.(controller, context),
      onRequestUpgrade: (controller, statusCode, headers, socket) =>
        handler.onRequestUpgrade?.(controller, statusCode, headers, socket),
      onResponseStart: (controller, statusCode, headers, statusMessage) => {
        status = statusCode;
        if (statusCode === 429 || statusCode >= 500)
          retryAfter = retryAfterSeconds(
            (headers as Record<string, string | string[] | undefined>)['retry-after'],
          );
        return handler.onResponseStart?.(controller, statusCode, headers, statusMessage);
      },
      onResponseData: (controller, chunk) => {
        bytes += chunk.length;
        return handler.onResponseData?.(controller, chunk);
      },
      onResponseEnd: (controller, trailers) => {
        finish();
        return handler.onResponseEnd?.(controller, trailers);
      },
      onResponseError: (controller, error) => {
        finish(error);
        return handler.onResponseError?.(controller, error);
      },
    };
    const headers = [
      ...headerPairs(options.headers).filter(([h]) => h.toLowerCase() !== AUDIT_ID_HEADER),
      [AUDIT_ID_HEADER, id],
    ];
    return dispatch({ ...options, headers: Object.fromEntries(headers) as Record<string, string> }, audited);
  };
}
