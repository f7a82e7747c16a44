import { Pool } from 'undici';

/** A non-2xx answer of the apiserver, with the Status object's reason and message. */
export class KubeApiError extends Error {
  constructor(
    readonly status: number,
    readonly method: string,
    readonly path: string,
    readonly reason: string | undefined,
    detail: string,
  ) {
    super(`${method} ${path} -> ${status}${reason ? ` ${reason}` : ''}: ${detail}`);
    this.name = 'KubeApiError';
  }
}

export interface KubeApiCredentials {
  ca: string;
  /** Client certificate and key (PEM) — the admin identity. */
  cert?: string;
  key?: string;
  /** Bearer token — a service account. */
  token?: string;
}

export interface KubeResponse {
  status: number;
  text: string;
}

/** Content types the apiserver accepts for PATCH. */
export type PatchType = 'merge' | 'strategic' | 'json';
const patchContentTypes: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  json: 'application/json-patch+json',
};

/**
 * Plain HTTPS to the apiserver over a pool of kept-alive connections: seeding thousands of objects
 * is bound by round trips, so requests run in parallel on reused TLS connections.
 */
export class KubeApi {
  private readonly pool: Pool;
  private readonly authHeader: Record<string, string>;

  constructor(
    readonly server: string,
    credentials: KubeApiCredentials,
    connections = 32,
  ) {
    this.pool = new Pool(server, {
      connections,
      pipelining: 1,
      keepAliveTimeout: 30_000,
      connect: { ca: credentials.ca, cert: credentials.cert, key: credentials.key },
    });
    this.authHeader = credentials.token ? { authorization: `Bearer ${credentials.token}` } : {};
  }

  /** Any request; the status is returned, never thrown. */
  async raw(
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<KubeResponse> {
    const headers: Record<string, string> = { accept: 'application/json', ...this.authHeader };
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      headers['content-type'] = contentType;
    }
    const res = await this.pool.request({ method: method as 'GET', path, headers, body: payload });
    return { status: res.statusCode, text: await res.body.text() };
  }

  /** A request whose JSON answer is returned; a non-2xx status throws KubeApiError. */
  async json<T>(method: string, path: string, body?: unknown, contentType?: string): Promise<T> {
    const res = await this.raw(method, path, body, contentType);
    if (res.status < 200 || res.status > 299) throw toError(method, path, res);
    return (res.text ? JSON.parse(res.text) : {}) as T;
  }

  get<T>(path: string): Promise<T> {
    return this.json<T>('GET', path);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.json<T>('POST', path, body);
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.json<T>('PUT', path, body);
  }

  patch<T>(path: string, body: unknown, type: PatchType = 'merge'): Promise<T> {
    return this.json<T>('PATCH', path, body, patchContentTypes[type]);
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}

function toError(method: string, path: string, res: KubeResponse): KubeApiError {
  try {
    const status = JSON.parse(res.text) as { reason?: string; message?: string };
    return new KubeApiError(res.status, method, path, status.reason, status.message ?? res.text);
  } catch {
    return new KubeApiError(res.status, method, path, undefined, res.text.slice(0, 500));
  }
}

/** True for a KubeApiError with one of the given HTTP statuses. */
export function isStatus(err: unknown, ...statuses: number[]): err is KubeApiError {
  return err instanceof KubeApiError && statuses.includes(err.status);
}
