// Security: the guard sits at the HTTP transport, under everything that talks to the API server, like
// client-go's round trippers. Every request is re-checked here (origin, method, path, upgrade) against
// the pure policy before it is dispatched; a refused request throws before any byte is written and is
// audited as denied. Allowed requests are audited when they finish, with status, duration and size.

import type { Dispatcher } from 'undici';
import type { AuditSink } from './audit.js';
import { PolicyDenied } from './errors.js';
import { decide, type NamespaceFence } from './policy.js';

export interface GuardOptions {
  /** The API server's origin, e.g. https://10.0.0.1:6443. Requests to any other origin are refused. */
  origin: string;
  /** A path prefix of the server URL (Rancher-style https://host/k8s/clusters/c-1); usually "". */
  basePath: string;
  fence: NamespaceFence;
  audit: AuditSink;
}

// Security: headers that could turn a GET into something else at a proxy or the server.
const SMUGGLING_HEADERS = ['x-http-method-override', 'x-http-method', 'x-method-override'];

function headerNames(headers: Dispatcher.DispatchOptions['headers']): string[] {
  if (!headers) return [];
  if (Array.isArray(headers))
    return headers.filter((_, i) => i % 2 === 0).map((h) => String(h).toLowerCase());
  if (Symbol.iterator in headers)
    return Array.from(headers as Iterable<[string, unknown]>, ([k]) => k.toLowerCase());
  return Object.keys(headers).map((h) => h.toLowerCase());
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
  if (headerNames(options.headers).some((h) => SMUGGLING_HEADERS.includes(h))) {
    return { path: rawPath, reason: 'method-override headers are refused' };
  }
  if (
    guard.basePath &&
    !(
      rawPath === guard.basePath ||
      rawPath.startsWith(`${guard.basePath}/`) ||
      rawPath.startsWith(`${guard.basePath}?`)
    )
  ) {
    return { path: rawPath, reason: 'the path is outside the API server base path' };
  }
  const path = rawPath.slice(guard.basePath.length) || '/';
  const decision = decide(method, path, guard.fence);
  return decision.allowed ? { path } : { path, reason: decision.reason };
}

export function guardInterceptor(guard: GuardOptions): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (options, handler) => {
    const method = (options.method ?? 'GET').toUpperCase();
    const { path, reason } = refusal(options, guard);
    if (reason !== undefined) {
      guard.audit.record({ source: 'live', method, path, decision: 'denied', reason });
      throw new PolicyDenied(method, path, reason);
    }

    const started = performance.now();
    let status: number | undefined;
    let bytes = 0;
    let done = false;
    const finish = (error?: Error): void => {
      if (done) return;
      done = true;
      guard.audit.record({
        source: 'live',
        method,
        path,
        decision: 'allowed',
        status,
        durationMs: Math.round(performance.now() - started),
        bytes,
        ...(error ? { error: error.message } : {}),
      });
    };
    // Explicit delegation: handlers are class instances, so spreading them would drop their methods.
    const audited: Dispatcher.DispatchHandler = {
      onRequestStart: (controller, context) => handler.onRequestStart?.(controller, context),
      onRequestUpgrade: (controller, statusCode, headers, socket) =>
        handler.onRequestUpgrade?.(controller, statusCode, headers, socket),
      onResponseStart: (controller, statusCode, headers, statusMessage) => {
        status = statusCode;
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
    return dispatch(options, audited);
  };
}
