// Kubeconfig resolution the way kubectl does it: --kubeconfig alone; else the KUBECONFIG list merged with
// the first file winning for every name and for current-context; else ~/.kube/config; else in-cluster.
// Parse errors name the file and line. Only plain data comes out; credentials.ts turns it into TLS
// options and headers (loading client-node's auth plugins only when the user needs them).

import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { ConfigError } from './errors.js';
import { parseKubeconfigLite } from './kubeconfig-lite.js';
import { serverPathProblem } from './policy.js';

export interface KubeconfigOptions {
  kubeconfig?: string;
  context?: string;
  env?: NodeJS.ProcessEnv;
}

export type AuthKind = 'token' | 'client-certificate' | 'exec' | 'auth-provider' | 'basic' | 'none';

/** A kubeconfig `cluster` entry, with file references made absolute. */
export interface ClusterEntry {
  server: string;
  'certificate-authority'?: string;
  'certificate-authority-data'?: string;
  'insecure-skip-tls-verify'?: boolean;
  'tls-server-name'?: string;
  'proxy-url'?: string;
}

/** A kubeconfig `user` entry, with file references made absolute. */
export interface UserEntry {
  token?: string;
  'token-file'?: string;
  'client-certificate'?: string;
  'client-certificate-data'?: string;
  'client-key'?: string;
  'client-key-data'?: string;
  username?: string;
  password?: string;
  exec?: { command?: string; args?: string[]; env?: { name: string; value: string }[]; apiVersion?: string };
  'auth-provider'?: { name?: string; config?: Record<string, unknown> };
  as?: string;
  'as-groups'?: string[];
}

export interface ResolvedKubeconfig {
  clusterEntry: ClusterEntry;
  userEntry: UserEntry;
  /** The merged kubeconfig, for the rare auth providers that need client-node's full KubeConfig. */
  merged?: Record<string, unknown>;
  /** The files read, in precedence order; empty in-cluster. */
  files: string[];
  inCluster: boolean;
  context: string;
  cluster: string;
  server: string;
  user: string;
  authKind: AuthKind;
  /** The context's namespace, or "default". */
  namespace: string;
}

type Raw = Record<string, unknown>;
interface Named {
  name?: unknown;
  [key: string]: unknown;
}

const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

function parseYaml(text: string, file: string): unknown {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const first = doc.errors[0];
  if (first) {
    const pos = lineCounter.linePos(first.pos[0]);
    throw new ConfigError(
      `kubeconfig ${file}:${pos.line}:${pos.col}: ${first.message.split('\n')[0]}`,
      'Fix the YAML at that line, or point --kubeconfig / KUBECONFIG at a valid file.',
    );
  }
  return doc.toJS() as unknown;
}

function parseFile(file: string): Raw {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read kubeconfig ${file}: ${(error as Error).message}`);
  }
  // The common shapes take the strict fast path; anything else (and every error) the yaml package reads.
  const fast = parseKubeconfigLite(text);
  const value = fast !== undefined ? fast : parseYaml(text, file);
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(
      `kubeconfig ${file} is not a kubeconfig: expected a mapping with clusters, users, contexts`,
    );
  }
  return value as Raw;
}

function absolutise(base: string, value: unknown): unknown {
  return typeof value === 'string' && value !== '' && !isAbsolute(value) ? resolve(base, value) : value;
}

/** Makes the file references of one kubeconfig absolute relative to its own folder, as kubectl does. */
function resolvePaths(raw: Raw, file: string): Raw {
  const base = dirname(resolve(file));
  const list = (key: string): Named[] => (Array.isArray(raw[key]) ? (raw[key] as Named[]) : []);
  for (const entry of list('clusters')) {
    const cluster = entry.cluster as Raw | undefined;
    if (cluster) cluster['certificate-authority'] = absolutise(base, cluster['certificate-authority']);
  }
  for (const entry of list('users')) {
    const user = entry.user as Raw | undefined;
    if (!user) continue;
    for (const key of ['client-certificate', 'client-key', 'token-file'])
      user[key] = absolutise(base, user[key]);
    const exec = user.exec as Raw | undefined;
    if (exec && typeof exec.command === 'string' && exec.command.includes('/')) {
      exec.command = absolutise(base, exec.command);
    }
  }
  return raw;
}

/** Merges kubeconfigs: the first file to define a name (or current-context) wins. */
function merge(configs: { raw: Raw; file: string }[], origins: Map<Named, string>): Raw {
  const merged: Raw = { apiVersion: 'v1', kind: 'Config', clusters: [], users: [], contexts: [] };
  for (const { raw: config, file } of configs) {
    for (const key of ['clusters', 'users', 'contexts']) {
      const target = merged[key] as Named[];
      for (const entry of Array.isArray(config[key]) ? (config[key] as Named[]) : []) {
        if (!target.some((e) => e.name === entry.name)) {
          target.push(entry);
          origins.set(entry, file);
        }
      }
    }
    if (
      !merged['current-context'] &&
      typeof config['current-context'] === 'string' &&
      config['current-context']
    ) {
      merged['current-context'] = config['current-context'];
    }
  }
  return merged;
}

function kubeconfigFiles(options: KubeconfigOptions, env: NodeJS.ProcessEnv): string[] | 'in-cluster' {
  if (options.kubeconfig) {
    if (!existsSync(options.kubeconfig))
      throw new ConfigError(`kubeconfig ${options.kubeconfig} does not exist`);
    return [options.kubeconfig];
  }
  if (env.KUBECONFIG) {
    const files = env.KUBECONFIG.split(delimiter).filter((f) => f !== '' && existsSync(f));
    if (files.length > 0) return files;
    throw new ConfigError(`none of the files in KUBECONFIG (${env.KUBECONFIG}) exists`);
  }
  const home = env.HOME && env.HOME !== '' ? env.HOME : homedir();
  const fallback = join(home, '.kube', 'config');
  if (existsSync(fallback)) return [fallback];
  if (env.KUBERNETES_SERVICE_HOST && existsSync(join(SA_DIR, 'token'))) return 'in-cluster';
  throw new ConfigError(
    'no kubeconfig found: --kubeconfig is not set, KUBECONFIG is empty and ~/.kube/config does not exist',
    'Point --kubeconfig or KUBECONFIG at a kubeconfig; `kubectl diag rbac` shows how to make one for a read-only identity.',
  );
}

function authKindOf(user: Raw | undefined): AuthKind {
  if (!user) return 'none';
  if (user.exec) return 'exec';
  if (user['auth-provider']) return 'auth-provider';
  if (user.token || user['token-file']) return 'token';
  if (user['client-certificate'] || user['client-certificate-data']) return 'client-certificate';
  if (user.username) return 'basic';
  return 'none';
}

function resolveInCluster(env: NodeJS.ProcessEnv): ResolvedKubeconfig {
  const host = env.KUBERNETES_SERVICE_HOST ?? '';
  const port = env.KUBERNETES_SERVICE_PORT ?? '443';
  const server = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const namespaceFile = join(SA_DIR, 'namespace');
  const namespace = existsSync(namespaceFile) ? readFileSync(namespaceFile, 'utf8').trim() : '';
  return {
    clusterEntry: { server, 'certificate-authority': join(SA_DIR, 'ca.crt') },
    // Bound service-account tokens rotate: credentials.ts re-reads the file.
    userEntry: { 'token-file': join(SA_DIR, 'token') },
    files: [],
    inCluster: true,
    context: 'in-cluster',
    cluster: 'in-cluster',
    server,
    user: 'service account of this pod',
    authKind: 'token',
    namespace: namespace || 'default',
  };
}

export function resolveKubeconfig(options: KubeconfigOptions = {}): ResolvedKubeconfig {
  const env = options.env ?? process.env;
  const files = kubeconfigFiles(options, env);
  if (files === 'in-cluster') return resolveInCluster(env);

  const origins = new Map<Named, string>();
  const merged = merge(
    files.map((file) => ({ raw: resolvePaths(parseFile(file), file), file })),
    origins,
  );
  const contexts = merged.contexts as Named[];
  const contextName = options.context ?? (merged['current-context'] as string | undefined);
  if (!contextName) {
    throw new ConfigError(
      `no current context in ${files.join(', ')}`,
      `Pick one with --context (available: ${contexts.map((c) => String(c.name)).join(', ') || 'none'}).`,
    );
  }
  const context = contexts.find((c) => c.name === contextName);
  if (!context) {
    throw new ConfigError(
      `context "${contextName}" not found in ${files.join(', ')}`,
      `Available contexts: ${contexts.map((c) => String(c.name)).join(', ') || 'none'}.`,
    );
  }
  const ctx = (context.context ?? {}) as Raw;
  const clusterEntry = (merged.clusters as Named[]).find((c) => c.name === ctx.cluster);
  if (!clusterEntry)
    throw new ConfigError(
      `context "${contextName}" names cluster "${String(ctx.cluster)}", which is not defined`,
    );
  const userEntry = (merged.users as Named[]).find((u) => u.name === ctx.user);
  if (ctx.user && !userEntry)
    throw new ConfigError(`context "${contextName}" names user "${String(ctx.user)}", which is not defined`);
  const userRaw = userEntry?.user as Raw | undefined;
  const server = String((clusterEntry.cluster as Raw | undefined)?.server ?? '');
  if (!server) throw new ConfigError(`cluster "${String(clusterEntry.name)}" has no server URL`);
  // Security: the guard decides on the path the server receives, so a server URL whose path would
  // change that path (API segments, escapes, "..", a query) is refused before anything is sent.
  const problem = serverPathProblem(server);
  if (problem) {
    throw new ConfigError(
      `kubeconfig ${origins.get(clusterEntry) ?? files.join(', ')}: the server URL of cluster "${String(clusterEntry.name)}" is refused: ${problem}`,
      'A server URL may carry a plain path prefix (such as Rancher\'s /k8s/clusters/ID), never a Kubernetes API path, an escape, "..", or a query.',
    );
  }

  merged['current-context'] = contextName;
  return {
    clusterEntry: clusterEntry.cluster as ClusterEntry,
    userEntry: (userRaw ?? {}) as UserEntry,
    merged,
    files,
    inCluster: false,
    context: contextName,
    cluster: String(clusterEntry.name),
    server: redactServer(server.replace(/\/$/, '')),
    user: String(ctx.user ?? ''),
    authKind: authKindOf(userRaw),
    namespace: typeof ctx.namespace === 'string' && ctx.namespace ? ctx.namespace : 'default',
  };
}

/** A context as list_contexts shows it: names and the server, never a credential. */
export interface ContextSummary {
  name: string;
  cluster: string;
  server: string;
  /** The kubeconfig user entry's name, as the context names it. */
  user: string;
  namespace: string;
  /** The kubeconfig's current-context. */
  current: boolean;
}

/** Every context of the kubeconfig kubectl would read, in file order. */
export function listContexts(options: KubeconfigOptions = {}): ContextSummary[] {
  const env = options.env ?? process.env;
  const files = kubeconfigFiles(options, env);
  if (files === 'in-cluster') {
    const c = resolveInCluster(env);
    return [
      {
        name: c.context,
        cluster: c.cluster,
        server: c.server,
        user: c.user,
        namespace: c.namespace,
        current: true,
      },
    ];
  }
  const merged = merge(
    files.map((file) => ({ raw: resolvePaths(parseFile(file), file), file })),
    new Map(),
  );
  const clusters = merged.clusters as Named[];
  return (merged.contexts as Named[]).map((entry) => {
    const ctx = (entry.context ?? {}) as Raw;
    const cluster = clusters.find((c) => c.name === ctx.cluster);
    const server = String((cluster?.cluster as Raw | undefined)?.server ?? '');
    return {
      name: String(entry.name),
      cluster: String(ctx.cluster ?? ''),
      server: server ? redactServer(server.replace(/\/$/, '')) : '',
      user: String(ctx.user ?? ''),
      namespace: typeof ctx.namespace === 'string' && ctx.namespace ? ctx.namespace : 'default',
      current: entry.name === merged['current-context'],
    };
  });
}

/** Security: a server URL as it may be shown: a password in its userinfo is replaced by "xxxxx" (as Go's URL.Redacted does). */
export function redactServer(server: string): string {
  return server.replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#@:]*):[^/?#@]*@/, '$1:xxxxx@');
}
