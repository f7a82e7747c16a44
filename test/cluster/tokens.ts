import { createHash, createPrivateKey, createPublicKey, randomUUID, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** The issuer (and, as `--api-audiences` is left to default, the audience) of service-account tokens. */
export const serviceAccountIssuer = 'https://kubernetes.default.svc.cluster.local';

/**
 * A service-account token that expired an hour ago, signed with the control plane's real signing
 * key. TokenRequest refuses durations under 10 minutes, so this is the only way to make the real
 * apiserver answer 401 for an expired token without waiting. Signature, issuer and audience are
 * valid; only `exp` is in the past — which is the first thing the apiserver checks.
 */
export function forgeExpiredServiceAccountToken(
  signingKeyFile: string,
  serviceAccount: string,
  namespace: string,
): string {
  const key = createPrivateKey(readFileSync(signingKeyFile));
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: 'RS256', typ: 'JWT', kid: keyId(key) };
  const claims = {
    aud: [serviceAccountIssuer],
    iss: serviceAccountIssuer,
    sub: `system:serviceaccount:${namespace}:${serviceAccount}`,
    iat: now - 7200,
    nbf: now - 7200,
    exp: now - 3600,
    jti: randomUUID(),
    'kubernetes.io': { namespace, serviceaccount: { name: serviceAccount, uid: randomUUID() } },
  };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  const signature = sign('sha256', Buffer.from(signingInput), key);
  return `${signingInput}.${signature.toString('base64url')}`;
}

/** The apiserver's key id: base64url(SHA-256(DER of the public key)), as in serviceaccount.keyIDFromPublicKey. */
function keyId(privateKey: ReturnType<typeof createPrivateKey>): string {
  const der = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64url');
}

function base64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}
