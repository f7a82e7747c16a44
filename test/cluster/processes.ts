import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

/** A process of the control plane, as recorded in the state dir so a later run can stop it. */
export interface ProcessRecord {
  name: string;
  pid: number;
  /** The executable; checked against /proc before a leftover pid is signalled (pids get reused). */
  executable: string;
  logFile: string;
}

export interface StartedProcess extends ProcessRecord {
  child: ChildProcess;
  /** Set once the process has exited, with its exit code or the signal name. */
  exit: { code: number | null; signal: string | null } | undefined;
}

export interface StartOptions {
  logFile: string;
  /** Own session, survives the parent (for `cluster:up`); otherwise a plain child process. */
  detached?: boolean;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** Starts a process whose stdout and stderr go to `logFile` (kept for failure messages). */
export function startProcess(
  name: string,
  executable: string,
  args: string[],
  opts: StartOptions,
): StartedProcess {
  const fd = openSync(opts.logFile, 'a');
  try {
    const child = spawn(executable, args, {
      stdio: ['ignore', fd, fd],
      detached: opts.detached ?? false,
      env: opts.env ?? process.env,
      cwd: opts.cwd,
    });
    if (child.pid === undefined) throw new Error(`could not start ${name} (${executable})`);
    const started: StartedProcess = {
      name,
      pid: child.pid,
      executable,
      logFile: opts.logFile,
      child,
      exit: undefined,
    };
    child.on('exit', (code, signal) => (started.exit = { code, signal }));
    child.on('error', () => (started.exit ??= { code: null, signal: 'spawn error' }));
    if (opts.detached) child.unref();
    return started;
  } finally {
    closeSync(fd);
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True if `pid` still runs `executable` — so a recorded pid that was reused is never signalled. */
export function runsExecutable(pid: number, executable: string): boolean {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.split('\0')[0] === executable;
  } catch {
    return false;
  }
}

/** SIGTERM, then SIGKILL once `graceMs` has passed; resolves when the process is gone. */
export async function stopPid(pid: number, graceMs = 10_000): Promise<void> {
  if (!signal(pid, 'SIGTERM')) return;
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && !isZombie(pid)) {
    if (Date.now() > deadline) {
      signal(pid, 'SIGKILL');
      await pollUntil(() => !isAlive(pid) || isZombie(pid), 5_000, 20);
      return;
    }
    await delay(20);
  }
}

/** Synchronous last resort for `process.on('exit')`, where nothing asynchronous runs any more. */
export function killNow(pid: number): void {
  signal(pid, 'SIGKILL');
}

function signal(pid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false;
  }
}

/** An exited child of ours that Node has not reaped yet still answers kill(0); /proc knows better. */
function isZombie(pid: number): boolean {
  try {
    return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

/** Polls `check` until it returns true; false if the deadline passed first. */
export async function pollUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 100) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await delay(everyMs);
  }
}

/**
 * `count` distinct ports that were free a moment ago on 127.0.0.1, for binaries that cannot
 * report the port they bound. All are held open together so the kernel cannot hand out one twice.
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => {
      return new Promise<Server>((resolve, reject) => {
        const server = createServer();
        server.on('error', reject);
        server.listen(0, '127.0.0.1', () => resolve(server));
      });
    }),
  );
  const ports = servers.map((s) => (s.address() as AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

/** The last `lines` lines of a log file, for failure messages. */
export function tailFile(file: string, lines = 30): string {
  if (!existsSync(file)) return `(no log at ${file})`;
  const text = readFileSync(file, 'utf8').trimEnd();
  return text.split('\n').slice(-lines).join('\n');
}
