// Timing and memory of whole commands, the way a user runs them: a fresh process each time.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface Run {
  wallMs: number;
  /** Peak resident set in KiB, from GNU time when available. */
  maxRssKb?: number;
  /** User plus system CPU time in ms, from GNU time when available (steadier than wall on a busy machine). */
  cpuMs?: number;
  code: number;
  stdout: string;
  stderr: string;
}

const GNU_TIME = '/usr/bin/time';

export function runTimed(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<Run> {
  const useTime = existsSync(GNU_TIME);
  const [bin, argv] = useTime
    ? [GNU_TIME, ['-f', 'maxrss_kb=%M cpu_s=%U %S', command, ...args]]
    : [command, args];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(bin, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      const rss = /maxrss_kb=(\d+)/.exec(stderr);
      const cpu = /cpu_s=([\d.]+) ([\d.]+)/.exec(stderr);
      resolve({
        wallMs,
        maxRssKb: rss ? Number(rss[1]) : undefined,
        cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : undefined,
        code: code ?? -1,
        stdout,
        stderr: stderr.replace(/maxrss_kb=\d+( cpu_s=[\d.]+ [\d.]+)?\n?/, ''),
      });
    });
  });
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)}s`;
}

export function mib(kb: number | undefined): string {
  return kb === undefined ? 'n/a' : `${(kb / 1024).toFixed(0)} MiB`;
}

/**
 * A table of timed commands: `header(last)` names the columns, `row(name, runs, last)` prints one command's
 * median, min and max wall time and median peak RSS, then the last column.
 */
export function timingTable(width: number) {
  return {
    header(last: string): void {
      console.log(
        `${'command'.padEnd(width)}${'wall (median)'.padEnd(16)}${'min'.padEnd(9)}${'max'.padEnd(9)}${'peak RSS'.padEnd(11)}${last}`,
      );
    },
    row(name: string, runs: readonly Run[], last: string): void {
      const walls = runs.map((r) => r.wallMs);
      const rss = median(runs.map((r) => r.maxRssKb ?? 0)) || undefined;
      console.log(
        `${name.padEnd(width)}${seconds(median(walls)).padEnd(16)}${seconds(Math.min(...walls)).padEnd(9)}${seconds(Math.max(...walls)).padEnd(9)}${mib(rss).padEnd(11)}${last}`,
      );
    },
  };
}
