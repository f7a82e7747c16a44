// How e2e tests run kubectl-diag against the control plane: the CLI as the bundle that ships (a child
// process of dist/bundle/kubectl-diag.cjs, what bin/run.js and the standalone executables run), MCP
// through a real client (in memory for speed, or over stdio of bin/run.js), always as the
// diagnostic-viewer service account, each with its own audit log.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { AuditRecord } from '../../src/cluster/audit.js';
import { WatchCache, type CacheOptions } from '../../src/cluster/cache.js';
import { LiveCluster } from '../../src/cluster/live.js';
import { openSession, type SessionOptions } from '../../src/cluster/session.js';
import { buildServer } from '../../src/mcp/server.js';
import { QUERIES } from '../../src/areas/registry.js';
import { MCP_THROTTLE } from '../../src/cluster/throttle.js';
import { controlPlane } from './setup.js';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The shipped CLI (npm run build). */
export const BUNDLE = join(ROOT, 'dist', 'bundle', 'kubectl-diag.cjs');

export function tempAuditLog(): string {
  return join(mkdtempSync(join(tmpdir(), 'kubectl-diag-e2e-')), 'audit.jsonl');
}

export function readAudit(path: string): AuditRecord[] {
  try {
    return readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as AuditRecord);
  } catch {
    return [];
  }
}

export interface CliResult {
  stdout: string;
  stderr: string;
  error?: Error & { oclif?: { exit?: number } };
  audit: AuditRecord[];
}

/** `kubectl diag ARGS` as the viewer (unless --kubeconfig is given), run by the shipped bundle. */
export async function diag(
  args: string[],
  opts: { kubeconfig?: string; auditLog?: string } = {},
): Promise<CliResult> {
  const auditLog = opts.auditLog ?? tempAuditLog();
  const full = [...args];
  if (!args.includes('--kubeconfig'))
    full.push('--kubeconfig', opts.kubeconfig ?? controlPlane().viewerKubeconfig);
  full.push('--audit-log', auditLog);
  const { code, stdout, stderr } = await runBundle(full);
  // As oclif's runCommand reported it: the message printed, and the exit code under `oclif.exit`.
  const error =
    code === 0
      ? undefined
      : Object.assign(new Error(oclifMessage(stderr)), { oclif: { exit: code ?? undefined } });
  return { stdout, stderr, error, audit: readAudit(auditLog) };
}

/** The message of an error as oclif printed it (` ›   Error: line 1` / ` ›   line 2`), unadorned. */
function oclifMessage(stderr: string): string {
  return stderr
    .split('\n')
    .map((line) => line.replace(/^ › {3}/, ''))
    .join('\n')
    .replace(/^Error: /m, '')
    .trimEnd();
}

/**
 * A successful `-o json` answer: the diag.kubectl.io envelope, with its items also grouped by kind
 * (`pods`, `services`, `nodes`, `claims`, `volumes`, `storageClasses`) for assertions that read one kind.
 */
export function parseEnvelope<T>(result: CliResult): T {
  assert.equal(result.error, undefined, result.error?.message);
  const envelope = JSON.parse(result.stdout) as { items: { kind: string }[] };
  const of = (kind: string) => envelope.items.filter((i) => i.kind === kind);
  return {
    ...envelope,
    pods: of('Pod'),
    services: of('Service'),
    nodes: of('Node'),
    claims: of('PersistentVolumeClaim'),
    volumes: of('PersistentVolume'),
    storageClasses: of('StorageClass'),
  } as T;
}

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A child process run to its end, its output collected. */
export function runProcess(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** One run of the bundle; error messages unwrapped (oclif wraps them at 80 columns off a terminal). */
export function runBundle(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<ProcessResult> {
  return runProcess(process.execPath, [BUNDLE, ...args], { ...env, OCLIF_COLUMNS: '1000' });
}

export interface McpSession {
  client: Client;
  auditLog: string;
  call(name: string, args: Record<string, unknown>): Promise<ToolAnswer>;
  close(): Promise<void>;
}

export interface ToolAnswer {
  isError: boolean;
  text: string;
  structured: Record<string, unknown> | undefined;
  raw: CallToolResult;
}

function answerOf(raw: CallToolResult): ToolAnswer {
  const text = raw.content
    .filter((c): c is { type: 'text'; text: string } => c.type === 'text')
    .map((c) => c.text)
    .join('\n');
  return { isError: raw.isError === true, text, structured: raw.structuredContent, raw };
}

function session(client: Client, auditLog: string, close: () => Promise<void>): McpSession {
  return {
    client,
    auditLog,
    call: async (name, args) =>
      answerOf((await client.callTool({ name, arguments: args })) as CallToolResult),
    close,
  };
}

/**
 * An MCP server built from the registry, connected in memory, as the viewer. The client has listed the
 * tools, so it validates every answer's structuredContent against the tool's outputSchema.
 */
export async function mcpInMemory(
  options: Partial<SessionOptions> = {},
  cacheOptions?: CacheOptions,
): Promise<McpSession & { cache?: WatchCache; live?: LiveCluster }> {
  const auditLog = options.auditLog ?? tempAuditLog();
  const diagSession = openSession({
    kubeconfig: controlPlane().viewerKubeconfig,
    auditLog,
    env: {},
    // The rate limit `kubectl diag mcp` runs with.
    throttle: MCP_THROTTLE,
    ...options,
  });
  // With cache options: the watch cache of the long-lived server, as `kubectl diag mcp` runs it.
  const cache =
    cacheOptions && diagSession.cluster instanceof LiveCluster
      ? new WatchCache(diagSession.cluster, cacheOptions)
      : undefined;
  const server = buildServer({
    cluster: cache ?? diagSession.cluster,
    queries: QUERIES,
    version: 'e2e',
    log: () => undefined,
  });
  const client = new Client({ name: 'e2e', version: '1.0.0' });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  // Like a real client: list the tools first, which makes the SDK validate every structuredContent.
  await client.listTools();
  const closing = async () => {
    await client.close();
    await server.close();
    await cache?.close();
    await diagSession.close();
  };
  const live = diagSession.cluster instanceof LiveCluster ? diagSession.cluster : undefined;
  return { ...session(client, auditLog, closing), cache, live };
}

/** An in-memory MCP session for the tests of the enclosing describe block: opened before them, closed after. */
export function mcpForBlock(): McpSession {
  let opened: McpSession | undefined;
  before(async function () {
    opened = await mcpInMemory();
  });
  after(async function () {
    await opened?.close();
  });
  const mcp = () => opened ?? assert.fail('the MCP session opens before the tests of its block');
  return {
    get client() {
      return mcp().client;
    },
    get auditLog() {
      return mcp().auditLog;
    },
    call: (name, args) => mcp().call(name, args),
    close: async () => undefined,
  };
}

/** The built `bin/run.js mcp`, spawned with the environment an MCP client config would give it. */
export async function mcpStdio(
  env: Record<string, string> = {},
  args: string[] = [],
): Promise<McpSession & { stderr: () => string; pid: () => number | null }> {
  const auditLog = tempAuditLog();
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [join(ROOT, 'bin', 'run.js'), 'mcp', ...args],
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      KUBECONFIG: controlPlane().viewerKubeconfig,
      READ_ONLY: 'true',
      KUBECTL_DIAG_AUDIT_LOG: auditLog,
      ...env,
    },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: 'e2e-stdio', version: '1.0.0' });
  await client.connect(transport);
  await client.listTools();
  return {
    ...session(client, auditLog, () => client.close()),
    stderr: () => stderr,
    pid: () => transport.pid,
  };
}

/**
 * `kubectl diag ARGS` (with -w) by bin/run.js as a child process in a pipe, its stdout read as it comes:
 * `until` waits for a pattern (failing on an early exit or after `ms`), `stop` sends Ctrl-C and expects exit 0.
 */
export function watchBinary(args: string[], kubeconfig: string, auditLog = tempAuditLog()) {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin', 'run.js'), ...args, '--kubeconfig', kubeconfig, '--audit-log', auditLog],
    {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    stdout: () => stdout,
    async until(pattern: RegExp, what: string, ms = 30_000) {
      const deadline = Date.now() + ms;
      while (!pattern.test(stdout)) {
        if (child.exitCode !== null) assert.fail(`exited ${child.exitCode} before ${what}: ${stderr}`);
        if (Date.now() > deadline) assert.fail(`no ${what} within ${ms / 1000} s:\n${stdout}\n${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async stop() {
      child.kill('SIGINT');
      assert.equal(await exited, 0, stderr);
    },
  };
}

/** What the audit log of a `-w` run shows: the change came from a watch of the pods, and every request read. */
export function assertWatchedPods(auditLog: string): void {
  const records = readAudit(auditLog);
  assert.ok(
    records.some(
      (r) => r.decision === 'allowed' && /\/namespaces\/[^/]+\/pods\?.*watch=(true|1)/.test(r.path),
    ),
    'the change came from a watch of the pods, through the guard and the audit log',
  );
  assert.ok(
    records.every((r) => r.method === 'GET'),
    'reads only',
  );
}
