// The allow-lists a run is started with (ALLOWED_NAMESPACES / --allowed-namespaces, ALLOWED_CONTEXTS /
// --allowed-contexts): comma-separated names, from the environment and from a flag.

import { ConfigError } from './errors.js';

export interface AllowList {
  /** The flag, e.g. `--allowed-namespaces`. */
  flag: string;
  /** The environment variable, e.g. `ALLOWED_NAMESPACES`. */
  env: string;
  /** What a name is, in errors: `namespace`, `context`. */
  noun: string;
  /** The names in `raw` (splitNames, then checked); a ConfigError naming `origin` for a bad one. */
  parse(raw: string, origin: string): string[];
}

/** Comma-separated names, trimmed, empty ones dropped; none at all is a ConfigError naming `origin`. */
export function splitNames(raw: string, origin: string, noun: string): string[] {
  const names = raw
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  if (names.length === 0) throw new ConfigError(`${origin} is set but names no ${noun}`);
  return names;
}

/**
 * Security: the environment's list and the flag's both narrow; given both, only the names in both are
 * allowed, so a flag can never widen what the environment allows. null = no list (everything allowed).
 */
export function resolveAllowList(
  list: AllowList,
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
): string[] | null {
  const raw = env[list.env];
  const fromEnv = raw !== undefined && raw.trim() !== '' ? list.parse(raw, list.env) : null;
  const fromFlag = flag !== undefined ? list.parse(flag, list.flag) : null;
  if (fromEnv && fromFlag) {
    const both = fromFlag.filter((n) => fromEnv.includes(n));
    if (both.length === 0)
      throw new ConfigError(`${list.flag} and ${list.env} have no ${list.noun} in common`);
    return both;
  }
  return fromFlag ?? fromEnv;
}
