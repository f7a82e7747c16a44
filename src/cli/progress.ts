// A progress line for long runs (snapshot save), on a terminal's stderr only.

import type { CaptureProgress } from '../cluster/capture.js';

/** How often the progress line is redrawn at most. */
const PROGRESS_EVERY_MS = 100;

/**
 * One line on a terminal's stderr, redrawn in place as the capture goes (`capturing: 14/27 resource
 * types, 1,505 objects`), cleared at the end. Off a terminal (a pipe, a file, CI logs) nothing is written.
 */
export function progressLine(stream: Pick<NodeJS.WriteStream, 'isTTY' | 'write'>): {
  update: (p: CaptureProgress) => void;
  clear: () => void;
} {
  if (!stream.isTTY) return { update: () => undefined, clear: () => undefined };
  let last = 0;
  let shown = false;
  return {
    update: (p) => {
      const now = performance.now();
      if (now - last < PROGRESS_EVERY_MS && p.done !== p.total) return;
      last = now;
      shown = true;
      const what =
        p.phase === 'resources'
          ? `${p.done}/${p.total} resource types, ${p.objects.toLocaleString('en-US')} objects`
          : `${p.done}/${p.total} log tails`;
      stream.write(`\r\u001b[Kcapturing: ${what}`);
    },
    clear: () => {
      if (shown) stream.write('\r\u001b[K');
    },
  };
}
