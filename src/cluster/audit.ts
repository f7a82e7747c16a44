// Security: the audit trail. One JSON line per request the tool makes or refuses: who asked (the command
// or MCP tool and its arguments), what was asked, the decision, and how it went. Never a credential:
// headers and bodies are not recorded.

import { AsyncLocalStorage } from 'node:async_hooks';
import { chmodSync, closeSync, fstatSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { ConfigError } from './errors.js';

export interface Caller {
  /** `pods`, `mcp:get_pod_logs`, … */
  name: string;
  args?: Record<string, unknown>;
}

export interface AuditRecord {
  time: string;
  caller: Caller | null;
  source: 'live' | 'snapshot';
  method: string;
  path: string;
  decision: 'allowed' | 'denied';
  reason?: string;
  status?: number;
  durationMs?: number;
  bytes?: number;
  error?: string;
}

const callers = new AsyncLocalStorage<Caller>();

/** Runs `work` with `caller` attached to every request it makes, however deep in async code. */
export function withCaller<T>(caller: Caller, work: () => Promise<T>): Promise<T> {
  return callers.run(caller, work);
}

export function currentCaller(): Caller | null {
  return callers.getStore() ?? null;
}

export function defaultAuditPath(env: NodeJS.ProcessEnv = process.env): string {
  const state =
    env.XDG_STATE_HOME && env.XDG_STATE_HOME.length > 0
      ? env.XDG_STATE_HOME
      : join(homedir(), '.local', 'state');
  return join(state, 'kubectl-diag', 'audit.jsonl');
}

export interface AuditSink {
  record(entry: Omit<AuditRecord, 'time' | 'caller'>): void;
}

export class AuditLog implements AuditSink {
  private constructor(
    readonly path: string,
    private fd: number | null,
  ) {}

  /** Opens (creating if needed) the log for appending, owner-only. */
  static open(path: string): AuditLog {
    try {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      const fd = openSync(path, 'a', 0o600);
      // Security: an existing file created with a looser umask is tightened to owner-only.
      if ((fstatSync(fd).mode & 0o077) !== 0) chmodSync(path, 0o600);
      return new AuditLog(path, fd);
    } catch (error) {
      throw new ConfigError(
        `cannot write the audit log ${path}: ${(error as Error).message}`,
        'Every request kubectl-diag makes is audited; point --audit-log (or XDG_STATE_HOME) at a writable place.',
      );
    }
  }

  record(entry: Omit<AuditRecord, 'time' | 'caller'>): void {
    if (this.fd === null) return;
    const full: AuditRecord = { time: new Date().toISOString(), caller: currentCaller(), ...entry };
    // Synchronous append: records are small, ordered, and survive a crash right after the request.
    writeSync(this.fd, `${JSON.stringify(full)}\n`);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
