// Several clusters from one MCP server: every kubeconfig context the user allows gets its own connection,
// guard, fence view, cache and audit target, opened on first use. ALLOWED_CONTEXTS / --allowed-contexts
// narrow which contexts may be used at all; a refused context is refused before anything is read or sent.

import { resolveAllowList, splitNames, type AllowList } from './allow-list.js';
import { ConfigError, ContextDenied } from './errors.js';
import { listContexts, type ContextSummary, type KubeconfigOptions } from './kubeconfig.js';
import type { ClusterReader } from './source.js';

/** Longest context name accepted from a caller (kubeconfig names are free text; real ones are short). */
const CONTEXT_NAME_LIMIT = 253;

const ALLOWED_CONTEXTS: AllowList = {
  flag: '--allowed-contexts',
  env: 'ALLOWED_CONTEXTS',
  noun: 'context',
  parse(raw, origin) {
    const names = splitNames(raw, origin, 'context');
    const bad = names.find((n) => n.length > CONTEXT_NAME_LIMIT || /[\u0000-\u001f\u007f]/.test(n));
    if (bad !== undefined) throw new ConfigError(`${origin} holds a name that is not a context name`);
    return names;
  },
};

/** Security: ALLOWED_CONTEXTS and --allowed-contexts both narrow (allow-list.ts). null = every context. */
export function resolveAllowedContexts(flag: string | undefined, env: NodeJS.ProcessEnv): Set<string> | null {
  const names = resolveAllowList(ALLOWED_CONTEXTS, flag, env);
  return names ? new Set(names) : null;
}

/** Security: refuses a context outside the allow-list, before its kubeconfig entry is even resolved. */
export function assertContextAllowed(name: string, allowed: Set<string> | null): void {
  if (allowed !== null && !allowed.has(name)) throw new ContextDenied(name, [...allowed]);
}

export interface OpenedContext {
  reader: ClusterReader;
  close(): Promise<void>;
}

export interface ContextPoolOptions {
  kubeconfig: KubeconfigOptions;
  allowed: Set<string> | null;
  /** The start-up context, already open. */
  primary: { context: string; reader: ClusterReader };
  /** Opens another context: its own connection, guard, fence view and (in the MCP server) cache. */
  open(context: string): OpenedContext;
}

/** What list_contexts shows: names, clusters and servers, never a credential. */
export interface ContextEntry extends ContextSummary {
  /** The context calls use when they name none. */
  default: boolean;
  /** Inside ALLOWED_CONTEXTS / --allowed-contexts (true when there is no such list). */
  allowed: boolean;
}

export class ContextPool {
  private readonly opened = new Map<string, OpenedContext>();

  constructor(private readonly options: ContextPoolOptions) {}

  get defaultContext(): string {
    return this.options.primary.context;
  }

  /** The reader for `context` (default: the start-up one); refused before any request when not allowed. */
  reader(context?: string): ClusterReader {
    if (context === undefined || context === this.options.primary.context) {
      return this.options.primary.reader;
    }
    if (context.length > CONTEXT_NAME_LIMIT) throw new ContextDenied(context, []);
    assertContextAllowed(context, this.options.allowed);
    let opened = this.opened.get(context);
    if (!opened) {
      opened = this.options.open(context);
      this.opened.set(context, opened);
    }
    return opened.reader;
  }

  list(): ContextEntry[] {
    const allowed = this.options.allowed;
    return listContexts(this.options.kubeconfig).map((c) => ({
      ...c,
      default: c.name === this.options.primary.context,
      allowed: allowed === null || allowed.has(c.name),
    }));
  }

  async close(): Promise<void> {
    await Promise.all([...this.opened.values()].map((o) => o.close()));
    this.opened.clear();
  }
}
