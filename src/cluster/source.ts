// The narrow read interface every query receives. It has no method that could change anything; a live
// cluster and a snapshot on disk both implement it, behind the same policy and audit.

import type { KubeObject } from '../kube/types.js';
import type { ResolvedKubeconfig } from './kubeconfig.js';
import type { NamespaceFence } from './policy.js';
import type { ResourceKey } from './resources.js';
import type { FlowControlInfo } from './throttle.js';

export interface ListQuery {
  /** Omitted: all namespaces (inside the fence). Ignored for cluster-scoped resources. */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

export interface LogQuery {
  container: string;
  previous?: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  limitBytes?: number;
  timestamps?: boolean;
}

export interface PodLog {
  text: string;
  /** True when limitBytes cut the log short. */
  truncated: boolean;
}

export interface SourceInfo {
  kind: 'live' | 'snapshot';
  /** One line for people: "cluster kind-shop at https://…" or "snapshot ./bundle taken 2026-…". */
  description: string;
  server?: string;
  context?: string;
  path?: string;
  /** When the snapshot was taken (ISO time); absent for live clusters. */
  takenAt?: string;
  /** Resource types a query needed that the snapshot does not hold, with why. */
  notCaptured?: string[];
}

/** One `kubectl auth can-i` question. */
export interface AccessCheck {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  /** Omitted: cluster-wide. */
  namespace?: string;
}

export interface RulesReview {
  resourceRules: { verbs: string[]; apiGroups?: string[]; resources?: string[]; resourceNames?: string[] }[];
  incomplete: boolean;
  evaluationError?: string;
}

/** Which kubeconfig, context, cluster and user a live reader uses (never a credential). */
export type ConnectionInfo = Pick<
  ResolvedKubeconfig,
  'files' | 'inCluster' | 'context' | 'cluster' | 'server' | 'user' | 'authKind'
> & {
  /** The kubeconfig turns TLS certificate checks off (insecure-skip-tls-verify). */
  insecure?: boolean;
  /** The proxy requests go through (kubeconfig proxy-url or HTTPS_PROXY/HTTP_PROXY), password hidden. */
  proxy?: string;
};

/**
 * What `doctor` and `check_access` ask a live API server about the identity itself. Every method is
 * a read or a side-effect-free access review; a snapshot has none of this.
 */
export interface AccessReviewer {
  readonly connection: ConnectionInfo;
  /** The bearer token in use (to read its expiry); throws typed errors when credentials fail. */
  bearerToken(): Promise<string | undefined>;
  serverVersion(): Promise<{ gitVersion: string; latencyMs: number }>;
  canI(checks: AccessCheck[]): Promise<boolean[]>;
  rules(namespace: string): Promise<RulesReview>;
  /** Where API Priority and Fairness puts this identity's reads (undefined: the server sent no APF headers). */
  flowControl?(): Promise<FlowControlInfo | undefined>;
  /** Whether an aggregated API group/version answers discovery. */
  served(groupVersion: string): Promise<'served' | 'not-served' | 'unavailable'>;
}

export interface ClusterReader {
  /** Present for live clusters only. */
  readonly access?: AccessReviewer;
  readonly info: SourceInfo;
  readonly fence: NamespaceFence;
  /** The namespace of the kubeconfig context (or the snapshot's), used when none is given. */
  readonly defaultNamespace: string;
  /** The time findings are judged against: now for a live cluster, the capture time for a snapshot. */
  now(): Date;
  get<T extends KubeObject>(resource: ResourceKey, name: string, namespace?: string): Promise<T>;
  list<T extends KubeObject>(resource: ResourceKey, query?: ListQuery): Promise<T[]>;
  podLog(namespace: string, pod: string, query: LogQuery): Promise<PodLog>;
  /** The watch cache only: how fresh cached answers are. */
  freshness?(): string | undefined;
  /** Snapshots only: the types asked for that it does not hold. */
  notCaptured?(): string[];
  close(): Promise<void>;
}
