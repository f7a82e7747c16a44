// The READ_ONLY setting, on its own so that `kubectl diag mcp` can check it before loading anything else.

import { WriteModeRefused } from './errors.js';

/** Security: READ_ONLY may be unset or true. Anything else asks for a write mode that does not exist. */
export function assertReadOnly(env: NodeJS.ProcessEnv): void {
  const value = env.READ_ONLY;
  if (value === undefined || value === '' || value.trim().toLowerCase() === 'true') return;
  throw new WriteModeRefused(value);
}
