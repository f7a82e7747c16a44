// Reads the claims of a JWT bearer token (service-account and OIDC tokens) without verifying it: the
// point is to tell a user when their token expires, never to trust it.

export interface TokenClaims {
  subject?: string;
  issuer?: string;
  expiresAt?: Date;
  issuedAt?: Date;
  /** For Kubernetes service-account tokens: "namespace/name". */
  serviceAccount?: string;
}

function decodeSegment(segment: string): unknown {
  return JSON.parse(Buffer.from(segment.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8'));
}

/** The claims of a JWT, or undefined when the token is not a JWT (e.g. an opaque static token). */
export function readTokenClaims(token: string): TokenClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const payload = decodeSegment(parts[1]!) as Record<string, unknown>;
    if (typeof payload !== 'object' || payload === null) return undefined;
    const date = (value: unknown) => (typeof value === 'number' ? new Date(value * 1000) : undefined);
    const k8s = payload['kubernetes.io'] as
      { namespace?: string; serviceaccount?: { name?: string } } | undefined;
    return {
      subject: typeof payload.sub === 'string' ? payload.sub : undefined,
      issuer: typeof payload.iss === 'string' ? payload.iss : undefined,
      expiresAt: date(payload.exp),
      issuedAt: date(payload.iat),
      serviceAccount:
        k8s?.namespace && k8s.serviceaccount?.name
          ? `${k8s.namespace}/${k8s.serviceaccount.name}`
          : undefined,
    };
  } catch {
    return undefined;
  }
}
