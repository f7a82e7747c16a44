import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { stringify } from 'yaml';

export interface KubeconfigSpec {
  server: string;
  /** CA bundle file; embedded, so the kubeconfig stands alone. */
  caFile: string;
  token?: string;
  clientCertFile?: string;
  clientKeyFile?: string;
  context?: string;
  user?: string;
  namespace?: string;
}

/** Writes a one-context kubeconfig (mode 0600: it holds a credential) and returns its path. */
export async function writeKubeconfigFile(path: string, spec: KubeconfigSpec): Promise<string> {
  const context = spec.context ?? 'kubectl-diag-test';
  const userName = spec.user ?? context;
  const user: Record<string, string> = {};
  if (spec.token) user['token'] = spec.token;
  if (spec.clientCertFile) user['client-certificate-data'] = base64File(spec.clientCertFile);
  if (spec.clientKeyFile) user['client-key-data'] = base64File(spec.clientKeyFile);
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: context,
        cluster: { server: spec.server, 'certificate-authority-data': base64File(spec.caFile) },
      },
    ],
    users: [{ name: userName, user }],
    contexts: [
      {
        name: context,
        context: {
          cluster: context,
          user: userName,
          ...(spec.namespace ? { namespace: spec.namespace } : {}),
        },
      },
    ],
    'current-context': context,
    preferences: {},
  };
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, stringify(config), { mode: 0o600 });
  return path;
}

function base64File(file: string): string {
  return readFileSync(file).toString('base64');
}
