// Security-relevant: turns a kubeconfig user and cluster into TLS options and request headers. Tokens,
// token files, client certificates, CAs and impersonation are handled here directly; exec credential
// plugins and auth providers are delegated to client-node's implementations, loaded only when a user
// needs them (client-node's full module graph costs about a second of start-up).

import { readFileSync } from 'node:fs';
import { ConfigError } from './errors.js';
import type { ClusterEntry, ResolvedKubeconfig, UserEntry } from './kubeconfig.js';

export interface TlsOptions {
  ca?: string | Buffer;
  cert?: string | Buffer;
  key?: string | Buffer;
  rejectUnauthorized?: boolean;
  servername?: string;
}

/** What a request needs: TLS material for the connection, headers for each request. */
export interface RequestCredentials {
  tls: TlsOptions;
  headers: Record<string, string>;
}

/** Token files (in-cluster ones rotate) are re-read at most this often, as client-go does. */
const TOKEN_FILE_TTL_MS = 60_000;

function fileOrData(file: string | undefined, data: string | undefined, what: string): Buffer | undefined {
  if (data) return Buffer.from(data, 'base64');
  if (!file) return undefined;
  try {
    return readFileSync(file);
  } catch (error) {
    throw new ConfigError(`cannot read the ${what} file ${file}: ${(error as Error).message}`);
  }
}

function clusterTls(cluster: ClusterEntry): TlsOptions {
  const tls: TlsOptions = {};
  const ca = fileOrData(
    cluster['certificate-authority'],
    cluster['certificate-authority-data'],
    'certificate-authority',
  );
  if (ca) tls.ca = ca;
  if (cluster['insecure-skip-tls-verify'] === true) tls.rejectUnauthorized = false;
  if (cluster['tls-server-name']) tls.servername = cluster['tls-server-name'];
  return tls;
}

function impersonation(user: UserEntry): Record<string, string> {
  const headers: Record<string, string> = {};
  if (user.as) headers['impersonate-user'] = user.as;
  if (user['as-groups']?.length) headers['impersonate-group'] = user['as-groups'].join(', ');
  return headers;
}

function bearer(authorization: string | undefined): Record<string, string> {
  return authorization ? { authorization } : {};
}

type Authenticate = () => Promise<{ headers: Record<string, string>; tls: TlsOptions }>;

function tokenFileAuth(file: string): Authenticate {
  let cached: { token: string; at: number } | undefined;
  return async () => {
    if (!cached || Date.now() - cached.at > TOKEN_FILE_TTL_MS) {
      const token = fileOrData(file, undefined, 'token')!.toString('utf8').trim();
      cached = { token, at: Date.now() };
    }
    return { headers: { authorization: `Bearer ${cached.token}` }, tls: {} };
  };
}

function execAuth(user: UserEntry, name: string): Authenticate {
  let plugin:
    { applyAuthentication(user: unknown, opts: Record<string, unknown>): Promise<void> } | undefined;
  return async () => {
    if (!plugin) {
      // Loaded on demand: the exec plugin runner alone, not client-node's whole API surface.
      const { ExecAuth } = await import('@kubernetes/client-node/dist/exec_auth.js');
      plugin = new ExecAuth();
    }
    const opts: { headers?: Record<string, string>; cert?: string; key?: string } = {};
    try {
      await plugin.applyAuthentication({ name, exec: user.exec }, opts);
    } catch (error) {
      throw new ConfigError(
        `the exec credential plugin "${user.exec?.command ?? '?'}" failed: ${String((error as Error).message).trim() || 'no output'}`,
        'Run that command by hand to see why; it usually needs a fresh login to your cloud provider.',
      );
    }
    const tls: TlsOptions = {};
    if (opts.cert) tls.cert = opts.cert;
    if (opts.key) tls.key = opts.key;
    return { headers: bearer(opts.headers?.Authorization), tls };
  };
}

interface AuthProvider {
  isAuthProvider(user: unknown): boolean;
  applyAuthentication(user: unknown, opts: Record<string, unknown>): Promise<void>;
}

/** client-node's auth-provider implementations, each loaded alone (not its API client, ~5 MB bundled). */
async function authProviders(): Promise<AuthProvider[]> {
  const [{ OpenIDConnectAuth }, { AzureAuth }, { GoogleCloudPlatformAuth }] = await Promise.all([
    import('@kubernetes/client-node/dist/oidc_auth.js'),
    import('@kubernetes/client-node/dist/azure_auth.js'),
    import('@kubernetes/client-node/dist/gcp_auth.js'),
  ]);
  return [new OpenIDConnectAuth(), new AzureAuth(), new GoogleCloudPlatformAuth()];
}

function authProviderAuth(config: ResolvedKubeconfig): Authenticate {
  // client-node's shape of a kubeconfig user; the provider keeps refreshed tokens in it.
  const user = { name: config.user, authProvider: config.userEntry['auth-provider'] };
  let provider: AuthProvider | undefined;
  return async () => {
    provider ??= (await authProviders()).find((p) => p.isAuthProvider(user));
    if (!provider)
      throw new ConfigError(
        `the auth provider "${user.authProvider?.name ?? '?'}" of user "${config.user}" is not supported`,
        'Use an exec credential plugin instead (kubectl itself dropped the azure and gcp providers in 1.26).',
      );
    const opts: { headers: Record<string, string> } = { headers: {} };
    try {
      await provider.applyAuthentication(user, opts);
    } catch (error) {
      throw new ConfigError(`the auth provider of user "${config.user}" failed: ${(error as Error).message}`);
    }
    return { headers: bearer(opts.headers['Authorization']), tls: {} };
  };
}

function authenticator(config: ResolvedKubeconfig): Authenticate {
  const user = config.userEntry;
  if (user.exec) return execAuth(user, config.user);
  if (user['auth-provider']) return authProviderAuth(config);
  if (user['token-file'] && !user.token) return tokenFileAuth(user['token-file']);
  const headers: Record<string, string> = {};
  if (user.token) headers.authorization = `Bearer ${user.token}`;
  else if (user.username)
    headers.authorization = `Basic ${Buffer.from(`${user.username}:${user.password ?? ''}`).toString('base64')}`;
  const tls: TlsOptions = {};
  const cert = fileOrData(user['client-certificate'], user['client-certificate-data'], 'client-certificate');
  const key = fileOrData(user['client-key'], user['client-key-data'], 'client-key');
  if (cert) tls.cert = cert;
  if (key) tls.key = key;
  return async () => ({ headers, tls });
}

/** Credentials for one kubeconfig context; `get()` is called per request so rotating tokens stay fresh. */
export class Credentials {
  private readonly authenticate: Authenticate;
  private readonly clusterTls: TlsOptions;
  private readonly impersonate: Record<string, string>;

  constructor(readonly config: ResolvedKubeconfig) {
    this.clusterTls = clusterTls(config.clusterEntry);
    this.impersonate = impersonation(config.userEntry);
    this.authenticate = authenticator(config);
  }

  async get(): Promise<RequestCredentials> {
    const auth = await this.authenticate();
    return { tls: { ...this.clusterTls, ...auth.tls }, headers: { ...auth.headers, ...this.impersonate } };
  }

  /** The bearer token in use, for expiry checks; never printed. */
  async bearerToken(): Promise<string | undefined> {
    const { headers } = await this.get();
    return headers.authorization?.startsWith('Bearer ') ? headers.authorization.slice(7) : undefined;
  }
}
