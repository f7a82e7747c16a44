// Transport settings shared by every live request: kubectl's --request-timeout syntax, the proxy choice
// kubectl (Go's net/http) makes from HTTPS_PROXY / HTTP_PROXY / NO_PROXY or the kubeconfig's proxy-url,
// and the bounds on a single answer.

import { isIP } from 'node:net';
import { ConfigError } from './errors.js';
import type { FlowClassification } from './throttle.js';

/** Largest answer kept in memory; lists are paged (500 items), so real answers stay far below it. */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/** Connect + TLS handshake bound when --request-timeout is 0 (Go's dialer uses 30 s). */
export const UNBOUNDED_CONNECT_MS = 30_000;

const UNITS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/**
 * kubectl's --request-timeout: a bare integer is seconds, otherwise a Go duration (`500ms`, `5s`,
 * `1m30s`); `0` means no timeout. Returns milliseconds (0 = none).
 */
export function parseRequestTimeout(raw: string): number {
  const text = raw.trim();
  const bad = () =>
    new ConfigError(
      `--request-timeout "${text.slice(0, 40)}" is not a duration`,
      'Use a number of seconds or a duration such as 5s, 1m or 1m30s; 0 means no timeout.',
    );
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(text)) throw bad();
  let total = 0;
  for (const match of text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) {
    total += Number(match[1]) * UNITS[match[2]!]!;
  }
  if (!Number.isFinite(total) || total > 24 * 3_600_000) throw bad();
  return Math.round(total);
}

function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name.toUpperCase()] ?? env[name.toLowerCase()];
  return value !== undefined && value !== '' ? value : undefined;
}

function ipv4ToNumber(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function inCidr(ip: string, cidr: string): boolean {
  const [range, bitsText] = cidr.split('/');
  const bits = Number(bitsText);
  if (isIP(ip) !== 4 || isIP(range!) !== 4 || !(bits >= 0 && bits <= 32)) return false;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (ipv4ToNumber(ip) & mask) >>> 0 === (ipv4ToNumber(range!) & mask) >>> 0;
}

/** Whether NO_PROXY exempts host:port, with Go's rules: `*`, exact names, domain suffixes, IPs and CIDRs. */
function exempt(noProxy: string, host: string, port: string): boolean {
  for (const rawEntry of noProxy.split(',')) {
    let entry = rawEntry.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    if (entry.includes('/')) {
      if (inCidr(host, entry)) return true;
      continue;
    }
    let entryPort: string | undefined;
    const portMatch = /^(.*[^:]):(\d+)$/.exec(entry);
    if (portMatch && !entry.includes(']') && isIP(entry) !== 6) {
      entry = portMatch[1]!;
      entryPort = portMatch[2];
    }
    entry = entry.replace(/^\[|\]$/g, '');
    if (entryPort !== undefined && entryPort !== port) continue;
    if (isIP(entry)) {
      if (entry === host) return true;
      continue;
    }
    const domain = entry.replace(/^\*?\./, '');
    if (host === domain || host.endsWith(`.${domain}`)) return true;
  }
  return false;
}

/**
 * The proxy for requests to `server`, as kubectl chooses it: the kubeconfig's proxy-url if set;
 * otherwise HTTPS_PROXY (https) or HTTP_PROXY (http) from the environment, unless NO_PROXY exempts the
 * host or the host is localhost or a loopback address (Go never proxies those).
 */
export function proxyFor(
  server: URL,
  proxyUrl: string | undefined,
  env: NodeJS.ProcessEnv,
): string | undefined {
  if (proxyUrl) return proxyUrl;
  const host = server.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\./.test(host))
    return undefined;
  const proxy = envValue(env, server.protocol === 'https:' ? 'https_proxy' : 'http_proxy');
  if (!proxy) return undefined;
  const port = server.port || (server.protocol === 'https:' ? '443' : '80');
  if (exempt(envValue(env, 'no_proxy') ?? '', host, port)) return undefined;
  // Go accepts a bare host:port and reads it as http://host:port.
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`;
}

/** One answer of the API server, read whole (within the response bound). */
export interface Answer {
  status: number;
  body: string;
  /** The API Priority and Fairness classification the server put on the answer. */
  flow?: FlowClassification;
  retryAfter?: number;
  /** Attempts it took (more than 1 when the server throttled and the request was retried). */
  attempts?: number;
}

/** The LiveCluster's guarded request (policy, audit, rate limit, retries): what its helpers are given. */
export type Send = (
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  accept?: string,
  retries?: boolean,
) => Promise<Answer>;
