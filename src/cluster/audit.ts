// Security: the audit trail. One JSON line per request the tool makes or refuses: who asked (the command
// or MCP tool and its arguments), where it went (server, context, kubeconfig user name), what was asked,
// the decision, and then a second line with how it went. Never a credential: headers and bodies are not
// recorded. A request's caller is bound when it is dispatched, and its record is on disk before a byte is
// sent: if the record cannot be written, the request is not sent.

import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { closeSync, constants, fstatSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { AuditUnavailable, ConfigError } from './errors.js';

export interface Caller {
  /** `pods`, `mcp:get_pod_logs`, … */
  name: string;
  args?: Record<string, unknown>;
}

/** Where a live request goes: never a credential, only names. */
export interface AuditTarget {
  server: string;
  context: string;
  /** The kubeconfig user entry's name. */
  user: string;
}

export interface AuditRecord {
  time: string;
  /** The request id; a live request also carries it to the apiserver as its Audit-ID header. */
  id: string;
  caller: Caller | null;
  source: 'live' | 'snapshot';
  server?: string;
  context?: string;
  user?: string;
  method: string;
  path: string;
  /** On the record written before the request: was it allowed (then sent) or denied (never sent)? */
  decision?: 'allowed' | 'denied';
  reason?: string;
  /** On the record written after an allowed request: how it went. */
  outcome?: 'completed' | 'failed';
  status?: number;
  durationMs?: number;
  bytes?: number;
  error?: string;
  /** On a retry: which attempt this is, and the id of the attempt it repeats. */
  attempt?: number;
  retryOf?: string;
  /** On the outcome of a 429 (or 5xx) answer: the Retry-After the server asked for, in seconds. */
  retryAfterSeconds?: number;
}

/** What a source hands to the sink; the sink adds the time. */
export type AuditEntry = Omit<AuditRecord, 'time'>;

const callers = new AsyncLocalStorage<Caller>();

/** Runs `work` with `caller` attached to every request it makes, however deep in async code. */
export function withCaller<T>(caller: Caller, work: () => Promise<T>): Promise<T> {
  return callers.run(caller, work);
}

/** The caller of the code running now. Read it when a request is created, never when it finishes. */
export function currentCaller(): Caller | null {
  return callers.getStore() ?? null;
}

/** One attempt of a request that may be retried; the guard writes the id it gave the attempt. */
export interface Attempt {
  attempt: number;
  retryOf?: string;
  id?: string;
}

const attempts = new AsyncLocalStorage<Attempt>();

/** Runs `work` (one attempt of one request) so the guard can link a retry to the attempt before it. */
export function withAttempt<T>(attempt: Attempt, work: () => Promise<T>): Promise<T> {
  return attempts.run(attempt, work);
}

export function currentAttempt(): Attempt | undefined {
  return attempts.getStore();
}

export function newRequestId(): string {
  return randomUUID();
}

export function defaultAuditPath(env: NodeJS.ProcessEnv = process.env): string {
  const state =
    env.XDG_STATE_HOME && env.XDG_STATE_HOME.length > 0
      ? env.XDG_STATE_HOME
      : join(homedir(), '.local', 'state');
  return join(state, 'kubectl-diag', 'audit.jsonl');
}

export interface AuditSink {
  /** Writes one record synchronously; throws AuditUnavailable when it cannot. */
  record(entry: AuditEntry): void;
}

export class AuditLog implements AuditSink {
  private constructor(
    readonly path: string,
    private fd: number | null,
  ) {}

  /**
   * Opens (creating owner-only if needed) the log for appending. Security: an existing file is never
   * chmod-ed (it may be shared on purpose, or not ours); one that others can read, or that is not a
   * regular file we own, is refused. A symlink at the path is not followed.
   */
  static open(path: string): AuditLog {
    const hint =
      'Every request kubectl-diag makes is audited; point --audit-log (or XDG_STATE_HOME) at a writable place.';
    let fd: number;
    try {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      fd = openSync(
        path,
        constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW,
        0o600,
      );
    } catch (error) {
      throw new ConfigError(`cannot write the audit log ${path}: ${(error as Error).message}`, hint);
    }
    const stat = fstatSync(fd);
    const problem = !stat.isFile()
      ? 'it is not a regular file'
      : typeof process.getuid === 'function' && stat.uid !== process.getuid()
        ? 'it belongs to another user'
        : (stat.mode & 0o077) !== 0
          ? `others can read or write it (mode ${(stat.mode & 0o777).toString(8).padStart(4, '0')})`
          : undefined;
    if (problem) {
      closeSync(fd);
      throw new ConfigError(
        `refusing the audit log ${path}: ${problem}`,
        `Audit records name what was read; keep them owner-only (chmod 600 ${path}) or choose another file.`,
      );
    }
    return new AuditLog(path, fd);
  }

  record(entry: AuditEntry): void {
    if (this.fd === null) throw new AuditUnavailable(this.path, 'the log is closed');
    const line = `${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`;
    // Synchronous append: records are small, ordered, and on disk before the request is sent.
    try {
      const buffer = Buffer.from(line);
      let written = 0;
      while (written < buffer.length) written += writeSync(this.fd, buffer, written);
    } catch (error) {
      throw new AuditUnavailable(this.path, (error as Error).message);
    }
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
