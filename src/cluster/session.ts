// Opens the one door to a cluster: checks the start-up settings (READ_ONLY, the namespace fence, the
// audit log), resolves the kubeconfig, and returns the read interface queries get.

import { fileURLToPath } from 'node:url';
import { isDnsLabel } from '../kube/names.js';
import { AuditLog, defaultAuditPath } from './audit.js';
import { ConfigError } from './errors.js';
import { assertReadOnly } from './read-only.js';
import { assertContextAllowed, resolveAllowedContexts } from './contexts.js';
import { resolveKubeconfig } from './kubeconfig.js';
import { resolveAllowList, splitNames, type AllowList } from './allow-list.js';
import { LiveCluster } from './live.js';
import { fenceOf, type NamespaceFence } from './policy.js';
import { SnapshotCluster } from './snapshot.js';
import type { PagingOptions } from './paging.js';
import type { ThrottleOptions } from './throttle.js';
import { loadSnapshotPath } from './snapshot-files.js';
import type { ClusterReader } from './source.js';

export { assertReadOnly } from './read-only.js';

/** The demo snapshot shipped in the package (dist/src/cluster → package root). */
export const DEMO_SNAPSHOT = fileURLToPath(new URL('../../../demo/cluster.json', import.meta.url));

export interface SessionOptions {
  kubeconfig?: string;
  context?: string;
  /** Comma-separated, from --allowed-namespaces; ALLOWED_NAMESPACES in the environment also applies. */
  allowedNamespaces?: string;
  auditLog?: string;
  requestTimeoutSeconds?: number;
  /** Comma-separated, from --allowed-contexts; ALLOWED_CONTEXTS in the environment also applies. */
  allowedContexts?: string;
  /** Client-side rate limit, in-flight cap and retry bounds for the live cluster. */
  throttle?: ThrottleOptions;
  /** Page size of lists (--chunk-size) and how it adapts to a slow or throttling server. */
  paging?: PagingOptions;
  /** Read a snapshot on disk instead of a live cluster. */
  snapshot?: string;
  env?: NodeJS.ProcessEnv;
}

export interface Session {
  cluster: ClusterReader;
  audit: AuditLog;
  /** Live sessions: other kubeconfig contexts, each opened on first use with the same fence, audit and bounds. */
  contexts?: {
    allowed: Set<string> | null;
    kubeconfig: { kubeconfig?: string; env: NodeJS.ProcessEnv };
    open(context: string): LiveCluster;
  };
  close(): Promise<void>;
}

function parseList(raw: string, origin: string): string[] {
  const names = splitNames(raw, origin, 'namespace');
  const bad = names.filter((n) => !isDnsLabel(n));
  if (bad.length > 0) {
    throw new ConfigError(
      `${origin} contains names that are not namespaces: ${bad.map((b) => `"${b}"`).join(', ')}`,
    );
  }
  return names;
}

const ALLOWED_NAMESPACES: AllowList = {
  flag: '--allowed-namespaces',
  env: 'ALLOWED_NAMESPACES',
  noun: 'namespace',
  parse: parseList,
};

/**
 * Security: the fence. ALLOWED_NAMESPACES and --allowed-namespaces both narrow (allow-list.ts): a flag can
 * never widen what the environment allows.
 */
export function resolveFence(flag: string | undefined, env: NodeJS.ProcessEnv): NamespaceFence {
  return fenceOf(resolveAllowList(ALLOWED_NAMESPACES, flag, env));
}

export function openAudit(options: SessionOptions): AuditLog {
  const env = options.env ?? process.env;
  return AuditLog.open(options.auditLog ?? env.KUBECTL_DIAG_AUDIT_LOG ?? defaultAuditPath(env));
}

export function openSession(options: SessionOptions): Session {
  const env = options.env ?? process.env;
  assertReadOnly(env);
  const fence = resolveFence(options.allowedNamespaces, env);
  const audit = openAudit(options);
  try {
    if (options.snapshot !== undefined) {
      const cluster = new SnapshotCluster(loadSnapshotPath(options.snapshot), fence, audit);
      return { cluster, audit, close: async () => audit.close() };
    }
    // Security: a context outside the allow-list is refused before its entry is resolved or anything sent.
    const allowedContexts = resolveAllowedContexts(options.allowedContexts, env);
    if (options.context !== undefined) assertContextAllowed(options.context, allowedContexts);
    const config = resolveKubeconfig({ kubeconfig: options.kubeconfig, context: options.context, env });
    assertContextAllowed(config.context, allowedContexts);
    // With a fence, a context namespace outside it would make every default request fail: use the first allowed.
    if (fence.namespaces !== null && !fence.namespaces.has(config.namespace)) {
      config.namespace = [...fence.namespaces][0]!;
    }
    const liveOptions = {
      fence,
      audit,
      timeoutSeconds: options.requestTimeoutSeconds,
      throttle: options.throttle,
      paging: options.paging,
      env,
    };
    const cluster = new LiveCluster(config, liveOptions);
    const open = (context: string): LiveCluster => {
      assertContextAllowed(context, allowedContexts);
      const other = resolveKubeconfig({ kubeconfig: options.kubeconfig, context, env });
      if (fence.namespaces !== null && !fence.namespaces.has(other.namespace))
        other.namespace = [...fence.namespaces][0]!;
      return new LiveCluster(other, liveOptions);
    };
    return {
      cluster,
      audit,
      contexts: { allowed: allowedContexts, kubeconfig: { kubeconfig: options.kubeconfig, env }, open },
      close: async () => {
        await cluster.close();
        audit.close();
      },
    };
  } catch (error) {
    audit.close();
    throw error;
  }
}
