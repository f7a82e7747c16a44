// Access checks for `doctor` and `check_access`: pure judgements over what the API server answered
// about this identity. Each check is ok / warn / fail (or skip when an earlier one failed) with a fix.

import type { TokenClaims } from '../../kube/jwt.js';
import { humanDuration, secondsBetween } from '../../kube/time.js';

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface CheckResult {
  name: string;
  status: CheckStatus;
  summary: string;
  details: string[];
  fix?: string;
}

/** A token closer than this to its expiry is worth a warning (kubectl create token defaults to 1h). */
export const EXPIRY_WARNING_SECONDS = 600;
/** Tokens valid for longer than this defeat the point of time-limited access. */
export const LONG_LIVED_SECONDS = 7 * 24 * 3600;

export const RBAC_FIX =
  'Ask an admin to apply the read-only role: `kubectl diag rbac | kubectl apply -f -`, then use that identity.';
export const TOKEN_FIX =
  'Mint a time-limited token: `kubectl create token diagnostic-viewer -n kube-system --duration=8h`, and put it in the kubeconfig (`kubectl diag rbac` prints the steps).';

/** The checks after the kubeconfig one, in the order they run: one that fails skips those after it. */
export const LATER_CHECKS = [
  'reachability',
  'authentication',
  'permissions',
  'separation of concerns',
  'metrics',
  'allowed namespaces',
  'flow control',
] as const;

export function skipped(name: string, because: string): CheckResult {
  return { name, status: 'skip', summary: `not checked: ${because}`, details: [] };
}

export function tokenCheck(claims: TokenClaims | undefined, authKind: string, now: Date): CheckResult {
  const name = 'authentication';
  if (!claims) {
    return {
      name,
      status: 'ok',
      summary: `credentials accepted (${authKind}${authKind === 'token' ? ', not a JWT: expiry unknown' : ''})`,
      details: [],
    };
  }
  const who = claims.serviceAccount
    ? `service account ${claims.serviceAccount}`
    : (claims.subject ?? 'unknown subject');
  if (!claims.expiresAt) {
    return {
      name,
      status: 'warn',
      summary: `authenticated as ${who} with a token that never expires`,
      details: ['long-lived tokens (legacy service-account token Secrets) are a standing credential'],
      fix: TOKEN_FIX,
    };
  }
  const left = Math.floor((claims.expiresAt.getTime() - now.getTime()) / 1000);
  const lifetime = claims.issuedAt ? secondsBetween(claims.issuedAt, claims.expiresAt) : undefined;
  const details = [
    `token expires at ${claims.expiresAt.toISOString()}`,
    ...(lifetime !== undefined ? [`issued for ${humanDuration(lifetime)}`] : []),
  ];
  if (left <= 0) {
    return {
      name,
      status: 'fail',
      summary: `the token of ${who} expired ${humanDuration(-left)} ago`,
      details,
      fix: TOKEN_FIX,
    };
  }
  if (left < EXPIRY_WARNING_SECONDS) {
    return {
      name,
      status: 'warn',
      summary: `authenticated as ${who}; the token expires in ${humanDuration(left)}`,
      details,
      fix: TOKEN_FIX,
    };
  }
  if (lifetime !== undefined && lifetime > LONG_LIVED_SECONDS) {
    return {
      name,
      status: 'warn',
      summary: `authenticated as ${who} with a token valid for ${humanDuration(lifetime)}`,
      details,
      fix: `Prefer short-lived tokens. ${TOKEN_FIX}`,
    };
  }
  return {
    name,
    status: 'ok',
    summary: `authenticated as ${who}; the token expires in ${humanDuration(left)}`,
    details,
  };
}

export interface LabelledAnswer {
  label: string;
  allowed: boolean;
}

export function permissionsCheck(answers: LabelledAnswer[]): CheckResult {
  const missing = answers.filter((a) => !a.allowed).map((a) => a.label);
  if (missing.length === 0) {
    return {
      name: 'permissions',
      status: 'ok',
      summary: `all ${answers.length} reads kubectl-diag needs are allowed`,
      details: [],
    };
  }
  return {
    name: 'permissions',
    status: 'fail',
    summary: `${missing.length} of ${answers.length} reads kubectl-diag needs are not allowed`,
    details: missing.map((m) => `missing: ${m}`),
    fix: RBAC_FIX,
  };
}

/** Permissions that make an identity more than a viewer: any write, exec, or reading Secrets. */
export const OVER_PRIVILEGE_PROBES = [
  { verb: 'create', group: '', resource: 'pods' },
  { verb: 'delete', group: '', resource: 'pods' },
  { verb: 'create', group: '', resource: 'pods', subresource: 'exec' },
  { verb: 'update', group: 'apps', resource: 'deployments' },
  { verb: 'patch', group: 'apps', resource: 'deployments' },
  { verb: 'delete', group: 'apps', resource: 'deployments' },
  { verb: 'create', group: '', resource: 'configmaps' },
  { verb: 'delete', group: '', resource: 'namespaces' },
  { verb: 'get', group: '', resource: 'secrets' },
  { verb: 'list', group: '', resource: 'secrets' },
  { verb: 'create', group: 'rbac.authorization.k8s.io', resource: 'rolebindings' },
] as const;

export function separationCheck(answers: LabelledAnswer[]): CheckResult {
  const extra = answers.filter((a) => a.allowed).map((a) => a.label);
  if (extra.length === 0) {
    return {
      name: 'separation of concerns',
      status: 'ok',
      summary: 'the identity can read but not change anything, and cannot read Secrets',
      details: [],
    };
  }
  return {
    name: 'separation of concerns',
    status: 'warn',
    // The status column already says WARN; a long list is summarised once and given in full below it.
    summary:
      extra.length > 4
        ? `this identity can also ${extra.slice(0, 3).join(', ')}: ${extra.length} permissions beyond reading, all listed below`
        : `this identity can also ${extra.join(', ')}`,
    details: extra.length > 4 ? extra.map((e) => `can ${e}`) : [],
    fix: 'Use a dedicated read-only identity for diagnostics: `kubectl diag rbac` prints one. kubectl-diag itself never writes, but a leaked credential would.',
  };
}

export function metricsCheck(state: 'served' | 'not-served' | 'unavailable'): CheckResult {
  if (state === 'served')
    return {
      name: 'metrics',
      status: 'ok',
      summary: 'metrics.k8s.io is served: usage is shown',
      details: [],
    };
  return {
    name: 'metrics',
    status: 'warn',
    summary:
      state === 'not-served'
        ? 'metrics.k8s.io is not served: CPU/memory usage is unavailable'
        : 'metrics.k8s.io is registered but its server does not answer',
    details: [],
    fix: 'Install (or repair) metrics-server; everything else works without it.',
  };
}

export function namespacesCheck(fenced: string[] | null, missing: string[]): CheckResult {
  if (fenced === null)
    return {
      name: 'allowed namespaces',
      status: 'ok',
      summary: 'no namespace fence: every namespace the identity may read is visible',
      details: [],
    };
  if (missing.length === 0)
    return {
      name: 'allowed namespaces',
      status: 'ok',
      summary: `all ${fenced.length} allowed namespaces exist (${fenced.join(', ')})`,
      details: [],
    };
  return {
    name: 'allowed namespaces',
    status: 'fail',
    summary: `allowed namespaces that do not exist: ${missing.join(', ')}`,
    details: [],
    fix: 'Fix ALLOWED_NAMESPACES / --allowed-namespaces (a typo hides everything in that namespace).',
  };
}

export function overall(checks: CheckResult[]): { ok: boolean; counts: Record<CheckStatus, number> } {
  const counts: Record<CheckStatus, number> = { ok: 0, warn: 0, fail: 0, skip: 0 };
  for (const c of checks) counts[c.status]++;
  return { ok: counts.fail === 0, counts };
}

/** The checks of doctor / check_access and what each one verifies (for the README). */
export const ACCESS_CHECKS = {
  configuration: 'READ_ONLY, the namespace fence and the kubeconfig can be used at all (doctor only).',
  kubeconfig: 'Which files, context, cluster and user are in use.',
  reachability: 'The API server answers at the configured URL, with TLS; latency and version.',
  authentication: 'The credentials are accepted; a JWT token is not expired, near expiry or long-lived.',
  permissions: 'Every read kubectl-diag needs is allowed (SelfSubjectAccessReview per read).',
  'separation of concerns': 'The identity cannot also write, exec or read Secrets.',
  metrics: 'metrics.k8s.io is served (usage columns).',
  'allowed namespaces': 'Every namespace in the allow-list exists.',
  'flow control':
    'The API Priority and Fairness flow schema and priority level a read of this identity lands in.',
} as const satisfies Record<string, string>;
