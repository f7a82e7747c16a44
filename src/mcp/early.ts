// `kubectl diag mcp` answers `initialize` before it loads anything else. A client spawns the server and
// waits for that answer; the bundle (3 MB to read and compile), the SDK, the areas, their schemas and the
// cluster connection take longer to load than the answer needs. The answer depends only on what the build
// knows (the areas' instructions and the SDK's protocol versions, compiled in by scripts/bundle.ts) and
// the version. So this module is compiled into boot.cjs too, which answers before it reads the bundle and
// hands what it read to the bundle's copy of this module through a global (HANDOFF); a bundle run without
// boot.cjs (the macOS archive) answers from its own copy, a little later.
//
// The SDK is not bypassed: the initialize message is replayed to it once it is loaded (it records the
// client's capabilities and version from it), and its own answer is compared with the one already sent
// and then dropped, so the client sees exactly one answer. A difference is reported on stderr (it
// would mean this file no longer matches the SDK; test/unit/mcp/early.test.ts checks that it does).
// stdout carries protocol only, as everywhere in MCP mode.

import { PassThrough, type Readable } from 'node:stream';
import { isDeepStrictEqual } from 'node:util';
import { assertReadOnly } from '../cluster/read-only.js';
import { guardStdin } from './stdin.js';

/** What the server declares; server.ts builds the SDK server with the same. */
export const SERVER_CAPABILITIES = { tools: { listChanged: false }, prompts: { listChanged: false } };
export const SERVER_NAME = 'kubectl-diag';

/** What the build compiles in (scripts/bundle.ts). */
export interface EarlyFacts {
  /** The MCP instructions, as instructionsFor(AREAS) writes them. */
  instructions: string;
  /** The SDK's SUPPORTED_PROTOCOL_VERSIONS; the first is its latest. */
  protocolVersions: readonly string[];
}

type Id = string | number;
/** The longest first line read here; a real initialize is a few hundred bytes. */
const HEAD_LIMIT = 64 * 1024;
type Message = Record<string, unknown>;

/** The initialize answer the SDK's Server gives for this request, or undefined when it is not one. */
export function initializeAnswer(message: unknown, facts: EarlyFacts, version: string): Message | undefined {
  if (message === null || typeof message !== 'object' || Array.isArray(message)) return undefined;
  const m = message as { jsonrpc?: unknown; id?: unknown; method?: unknown; params?: unknown };
  if (m.jsonrpc !== '2.0' || m.method !== 'initialize') return undefined;
  if (typeof m.id !== 'string' && (typeof m.id !== 'number' || !Number.isInteger(m.id))) return undefined;
  const params = m.params as { protocolVersion?: unknown; capabilities?: unknown; clientInfo?: unknown };
  if (params === null || typeof params !== 'object') return undefined;
  const info = params.clientInfo as { name?: unknown; version?: unknown } | null | undefined;
  // Anything the SDK's schema might refuse is left to the SDK, which then answers itself.
  if (typeof params.protocolVersion !== 'string') return undefined;
  if (params.capabilities === null || typeof params.capabilities !== 'object') return undefined;
  if (!info || typeof info !== 'object' || typeof info.name !== 'string' || typeof info.version !== 'string')
    return undefined;
  const requested = params.protocolVersion;
  const protocolVersion = facts.protocolVersions.includes(requested) ? requested : facts.protocolVersions[0];
  return {
    jsonrpc: '2.0',
    id: m.id,
    result: {
      protocolVersion,
      capabilities: SERVER_CAPABILITIES,
      serverInfo: { name: SERVER_NAME, version },
      ...(facts.instructions && { instructions: facts.instructions }),
    },
  };
}

export interface EarlyStart {
  /** Settles when the first message was read (and answered, when it was an initialize) or stdin ended. */
  first: Promise<void>;
  /** The guarded stdin for the SDK's transport, from its first byte (the initialize message included). */
  input: Readable;
  /**
   * True for the SDK's own answer to the initialize already answered: the caller drops it. A different
   * answer is reported through `log`.
   */
  answered(message: unknown, log: (text: string) => void): boolean;
}

/** Where the first copy of this module to start leaves its EarlyStart for the other (boot.cjs → bundle). */
const HANDOFF = Symbol.for('kubectl-diag.mcp.early');
type WithHandoff = typeof globalThis & { [HANDOFF]?: EarlyStart };

/** How long the launcher waits for a client's first message before it goes on loading. */
const FIRST_MESSAGE_WAIT_MS = 250;

/**
 * Starts reading stdin (through the __proto__ guard) and answers the first message when it is an
 * initialize request. Everything read is kept for the SDK's transport.
 */
export function startEarlyInitialize(
  facts: EarlyFacts,
  version: string,
  stdin: Readable = process.stdin,
  out: { write(text: string): unknown } = process.stdout,
): EarlyStart {
  const guarded = guardStdin(stdin, out);
  const input = new PassThrough();
  let head: Buffer[] | undefined = [];
  let sent: Message | undefined;
  let firstLine: () => void = () => undefined;
  const first = new Promise<void>((resolve) => (firstLine = resolve));
  guarded.on('data', (chunk: Buffer) => {
    input.write(chunk);
    if (!head) return;
    head.push(chunk);
    const text = Buffer.concat(head).toString('utf8');
    const end = text.indexOf('\n');
    if (end === -1) {
      if (text.length > HEAD_LIMIT) {
        head = undefined; // no initialize is that long: the SDK answers it
        firstLine();
      }
      return;
    }
    head = undefined;
    firstLine();
    let message: unknown;
    try {
      message = JSON.parse(text.slice(0, end));
    } catch {
      return; // the SDK reports it
    }
    sent = initializeAnswer(message, facts, version);
    if (sent) out.write(`${JSON.stringify(sent)}\n`);
  });
  guarded.on('end', () => {
    firstLine();
    input.end();
  });
  return {
    first,
    input,
    answered(message, log) {
      if (!sent || message === null || typeof message !== 'object') return false;
      const m = message as { id?: Id; result?: unknown; error?: unknown };
      if (m.id !== sent['id'] || !('result' in m || 'error' in m)) return false;
      if (!isDeepStrictEqual({ ...m, jsonrpc: '2.0' }, sent))
        log(
          `kubectl-diag mcp: the initialize answer sent early differs from the SDK's: sent ${JSON.stringify(sent)}, SDK ${JSON.stringify(message)}`,
        );
      sent = undefined;
      return true;
    },
  };
}

/** What answerInitializeFirst started in this process, if it did (boot.cjs or the bundle's launcher). */
export function earlyStart(): EarlyStart | undefined {
  return (globalThis as WithHandoff)[HANDOFF];
}

/**
 * boot.cjs, before it reads the bundle, and the bundle's launcher, before it loads oclif: for `mcp` (not
 * its help) with a READ_ONLY that lets it start, read the client's first message and answer it if it is
 * initialize. Settles when loading may go on: once that message was read (clients send it at once), at
 * most FIRST_MESSAGE_WAIT_MS later (compiling and loading would otherwise keep the event loop from
 * reading stdin until everything is loaded). Undefined, synchronously, when there is nothing to wait
 * for: another command, or an answer already started by boot.cjs.
 */
export function answerInitializeFirst(
  facts: EarlyFacts,
  version: string,
  argv: readonly string[],
): Promise<void> | undefined {
  if (argv[0] !== 'mcp' || argv.some((a) => a === '--help' || a === '-h' || a === '--')) return undefined;
  const global = globalThis as WithHandoff;
  if (global[HANDOFF] || process.stdin.isTTY) return undefined;
  try {
    assertReadOnly(process.env);
  } catch {
    return undefined; // the command says why and stops
  }
  const early = startEarlyInitialize(facts, version);
  global[HANDOFF] = early;
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, FIRST_MESSAGE_WAIT_MS)));
  return Promise.race([early.first, waited]).then(() => clearTimeout(timer));
}
