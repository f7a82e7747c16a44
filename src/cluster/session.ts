// Opens the one door to a cluster: checks the start-up settings (READ_ONLY, the namespace fence, the
// audit log), resolves the kubeconfig, and returns the read interface queries get.

import { fileURLToPath } from 'node:url';
import { isDnsLabel } from '../kube/names.js';
import { AuditLog, defaultAuditPath } from './audit.js';
import { ConfigError } from './errors.js';
import { assertReadOnly } from './read-only.js';
import { assertContextAllowed, resolveAllowedContexts } from './contexts.js';
import { resolveKubeconfig } from './kubeconfig.js';
import { LiveCluster } from './live.js';
import { fenceOf, type NamespaceFence } from './policy.js';
import { SnapshotCluster } from './snapshot.js';
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
  const names = raw
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  const bad = names.filter((n) => !isDnsLabel(n));
  if (bad.length > 0) {
    throw new ConfigError(
      `${origin} contains names that are not namespaces: ${bad.map((b) => `"${b}"`).join(', ')}`,
    );
  }
  if (names.length === 0) throw new ConfigError(`${origin} is set but names no namespace`);
  return names;
}

/**
 * Security: the fence. ALLOWED_NAMESPACES and --allowed-namespaces both narrow; given both, only the
 * namespaces in both are allowed, so a flag can never widen what the environment allows.
 */
export function resolveFence(flag: string | undefined, env: NodeJS.ProcessEnv): NamespaceFence {
  const fromEnv =
    env.ALLOWED_NAMESPACES !== undefined && env.ALLOWED_NAMESPACES.trim() !== ''
      ? parseList(env.ALLOWED_NAMESPACES, 'ALLOWED_NAMESPACES')
      : null;
  const fromFlag = flag !== undefined ? parseList(flag, '--allowed-namespaces') : null;
  if (fromEnv && fromFlag) {
    const both = fromFlag.filter((n) => fromEnv.includes(n));
    if (both.length === 0)
      throw new ConfigError('--allowed-namespaces and ALLOWED_NAMESPACES have no namespace in common');
    return fenceOf(both);
  }
  return fenceOf(fromFlag ?? fromEnv);
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
