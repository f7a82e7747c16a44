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
  /** Checks the names; throws a ConfigError naming `origin` (the flag or the variable) for a bad one. */
  check(names: string[], origin: string): void;
}

function parse(list: AllowList, raw: string, origin: string): string[] {
  const names = raw
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  list.check(names, origin);
  if (names.length === 0) throw new ConfigError(`${origin} is set but names no ${list.noun}`);
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
  const fromEnv = raw !== undefined && raw.trim() !== '' ? parse(list, raw, list.env) : null;
  const fromFlag = flag !== undefined ? parse(list, flag, list.flag) : null;
  if (fromEnv && fromFlag) {
    const both = fromFlag.filter((n) => fromEnv.includes(n));
    if (both.length === 0)
      throw new ConfigError(`${list.flag} and ${list.env} have no ${list.noun} in common`);
    return both;
  }
  return fromFlag ?? fromEnv;
}
