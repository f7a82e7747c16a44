// The stdio channel before the SDK reads it. The SDK validates each JSON-RPC message by rebuilding its
// objects, and assigning a `__proto__` key to a fresh object sets its prototype or is ignored: the key
// vanishes before any tool sees it, so a call carrying one would run as if it were not there. A message
// with a `__proto__` key anywhere is answered here, like any call with an unknown key, and never forwarded.

import { Transform, type Readable, type TransformCallback } from 'node:stream';

const NEWLINE = 0x0a;
/** A line longer than this is passed on unread: the SDK refuses buffers past its own 10 MiB limit. */
const LINE_LIMIT = 10 * 1024 * 1024;

interface Refusal {
  id: string | number;
  method: string;
  tool?: string;
}

/** A message that names `__proto__` somewhere, or undefined. Only lines that could spell it are parsed. */
export function protoKeyRefusal(line: string): Refusal | 'drop' | undefined {
  // JSON can spell the key with escapes (`\u005f_proto__`): any escape means the line is parsed.
  if (!line.includes('__proto__') && !line.includes('\\u')) return undefined;
  let found = false;
  let message: unknown;
  try {
    message = JSON.parse(line, function (this: unknown, key, value: unknown) {
      if (key === '__proto__') found = true;
      return value;
    });
  } catch {
    return undefined; // not JSON: the SDK reports the parse error as usual
  }
  if (!found) return undefined;
  const m = message as { id?: unknown; method?: unknown; params?: { name?: unknown } };
  if (typeof m.id !== 'string' && typeof m.id !== 'number') return 'drop'; // a notification gets no answer
  return {
    id: m.id,
    method: typeof m.method === 'string' ? m.method : '',
    tool: typeof m.params?.name === 'string' ? m.params.name.slice(0, 64) : undefined,
  };
}

function answer(refusal: Refusal): string {
  const reply =
    refusal.method === 'tools/call'
      ? {
          jsonrpc: '2.0',
          id: refusal.id,
          result: {
            content: [
              {
                type: 'text',
                text: `invalid input for ${refusal.tool ?? 'the tool'}: Unrecognized key: "__proto__"`,
              },
            ],
            isError: true,
          },
        }
      : {
          jsonrpc: '2.0',
          id: refusal.id,
          error: { code: -32602, message: 'Invalid params: the key "__proto__" is not allowed' },
        };
  return `${JSON.stringify(reply)}\n`;
}

/**
 * stdin as the SDK should see it: whole lines, minus the messages refused for a `__proto__` key, whose
 * answers go straight to `out` (one write per message, so they never interleave with the SDK's).
 */
export function guardStdin(input: Readable, out: { write(text: string): unknown }): Readable {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const guard = new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      let start = 0;
      for (let i = chunk.indexOf(NEWLINE); i !== -1; i = chunk.indexOf(NEWLINE, start)) {
        const line = Buffer.concat([...pending, chunk.subarray(start, i + 1)]);
        pending = [];
        pendingBytes = 0;
        start = i + 1;
        const refusal = protoKeyRefusal(line.toString('utf8'));
        if (refusal === undefined) this.push(line);
        else if (refusal !== 'drop') out.write(answer(refusal));
      }
      if (start < chunk.length) {
        pending.push(chunk.subarray(start));
        pendingBytes += chunk.length - start;
      }
      if (pendingBytes > LINE_LIMIT) {
        this.push(Buffer.concat(pending));
        pending = [];
        pendingBytes = 0;
      }
      done();
    },
    flush(done: TransformCallback) {
      if (pending.length) this.push(Buffer.concat(pending));
      pending = [];
      done();
    },
  });
  input.on('end', () => guard.end());
  input.pipe(guard, { end: false });
  return guard;
}
