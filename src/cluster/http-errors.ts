// Turns transport failures and API Status responses into the typed errors people and models can act on.

import {
  ClusterUnreachable,
  DiagError,
  Forbidden,
  RequestTimeout,
  ServerError,
  Throttled,
  TlsFailure,
  Unauthorized,
  type ForbiddenDetail,
} from './errors.js';

const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
]);

const TLS_WORDS: Record<string, string> = {
  UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    'the server certificate is signed by an authority the kubeconfig does not trust',
  SELF_SIGNED_CERT_IN_CHAIN:
    'the server certificate chain has a self-signed authority the kubeconfig does not trust',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server certificate is self-signed and not trusted by the kubeconfig',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the server certificate is signed by an unknown authority',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the server certificate is not valid for this host name',
  CERT_HAS_EXPIRED: 'the server certificate has expired',
  ERR_SSL_WRONG_VERSION_NUMBER: 'the server did not speak TLS (is it an http:// endpoint?)',
};

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function errorText(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (current.message && !parts.includes(current.message)) parts.push(current.message);
    current = current.cause;
  }
  return parts.join(': ') || String(error);
}

/** Maps an exception from the HTTP client (no response at all) to a typed error. */
export function transportError(
  error: unknown,
  server: string,
  path: string,
  timeoutSeconds: number,
): DiagError {
  if (error instanceof DiagError) return error;
  const code = errorCode(error);
  if (
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT'
  ) {
    return code === 'UND_ERR_CONNECT_TIMEOUT'
      ? new ClusterUnreachable(server, `connecting timed out after ${timeoutSeconds}s`)
      : new RequestTimeout(server, path.split('?')[0]!, timeoutSeconds);
  }
  if (code && TLS_CODES.has(code)) return new TlsFailure(server, TLS_WORDS[code] ?? errorText(error));
  const words: Record<string, string> = {
    ECONNREFUSED: 'connection refused (nothing listens on that address and port)',
    ENOTFOUND: 'the host name does not resolve',
    EAI_AGAIN: 'the host name could not be resolved (DNS unavailable)',
    EHOSTUNREACH: 'no route to the host',
    ENETUNREACH: 'the network is unreachable',
    ECONNRESET: 'the connection was reset',
  };
  return new ClusterUnreachable(server, (code && words[code]) ?? errorText(error));
}

interface StatusBody {
  kind?: string;
  message?: string;
  reason?: string;
  details?: { name?: string; kind?: string; group?: string };
}

export function statusMessage(body: string): StatusBody {
  try {
    const parsed = JSON.parse(body) as StatusBody;
    return typeof parsed === 'object' && parsed !== null ? parsed : { message: body };
  } catch {
    return { message: body.trim().slice(0, 300) };
  }
}

/** Reads verb, resource, group, namespace and user out of an RBAC denial message. */
export function parseForbidden(message: string): ForbiddenDetail {
  const m =
    /User "([^"]*)" cannot (\w+) resource "([^"]*)"(?: in API group "([^"]*)")?(?: in the namespace "([^"]*)")?/.exec(
      message,
    );
  if (!m) return {};
  return { user: m[1], verb: m[2], resource: m[3], group: m[4] || undefined, namespace: m[5] };
}

/** Maps a non-2xx answer that no caller handles specially. */
export function responseError(status: number, body: string, server: string): DiagError {
  const parsed = statusMessage(body);
  const message = parsed.message ?? `HTTP ${status}`;
  if (status === 401) return new Unauthorized(server, message);
  if (status === 403) return new Forbidden(parseForbidden(message), message);
  if (status === 429) return new Throttled(server, undefined, 1, 0);
  return new ServerError(status, message);
}
