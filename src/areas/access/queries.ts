// check_access: why kubectl-diag can or cannot reach and read the cluster, for `kubectl diag doctor` and
// for a model explaining its own permission errors.

import {
  BadInput,
  ClusterUnreachable,
  DiagError,
  Forbidden,
  NotFound,
  RequestTimeout,
  Unauthorized,
} from '../../cluster/errors.js';
import { permissionLabel, requiredPermissions } from '../../cluster/rbac.js';
import type { AccessCheck, AccessReviewer, ClusterReader } from '../../cluster/source.js';
import {
  LATER_CHECKS,
  metricsCheck,
  namespacesCheck,
  OVER_PRIVILEGE_PROBES,
  overall,
  permissionsCheck,
  separationCheck,
  skipped,
  TOKEN_FIX,
  tokenCheck,
  type CheckResult,
} from './rules.js';
import { readTokenClaims } from '../../kube/jwt.js';
import { flowText } from '../../cluster/throttle.js';
import { accessText } from './text.js';
import { sourceOf } from '../../queries/common.js';
import { defineQuery } from '../../queries/query.js';
import { accessOutput } from './schema.js';

function kubeconfigCheck(reviewer: AccessReviewer, fence: string[] | null): CheckResult {
  const c = reviewer.connection;
  const from = c.inCluster ? 'in-cluster service account' : c.files.join(', ');
  const details = [
    `server ${c.server}`,
    ...(c.proxy ? [`through proxy ${c.proxy}`] : []),
    fence ? `allowed namespaces: ${fence.join(', ')}` : 'no namespace fence',
  ];
  const summary = `context "${c.context}" (cluster ${c.cluster}, user ${c.user || '-'}, ${c.authKind}) from ${from}`;
  // Security: only the kubeconfig can turn certificate checks off, and doctor says so when it does.
  if (c.insecure) {
    return {
      name: 'kubeconfig',
      status: 'warn',
      summary: `${summary}; TLS certificate checks are OFF (insecure-skip-tls-verify)`,
      details,
      fix: 'Put the cluster CA in certificate-authority-data and remove insecure-skip-tls-verify: anyone on the path can read and answer these requests.',
    };
  }
  return { name: 'kubeconfig', status: 'ok', summary, details };
}

function failure(name: string, error: DiagError, fix?: string): CheckResult {
  return { name, status: 'fail', summary: error.message, details: [], fix: fix ?? error.hint };
}

async function reachability(
  reviewer: AccessReviewer,
): Promise<{ check: CheckResult; authError?: DiagError }> {
  try {
    const { gitVersion, latencyMs } = await reviewer.serverVersion();
    return {
      check: {
        name: 'reachability',
        status: 'ok',
        summary: `${reviewer.connection.server} answered in ${latencyMs} ms (Kubernetes ${gitVersion})`,
        details: [],
      },
    };
  } catch (error) {
    if (error instanceof Unauthorized || error instanceof Forbidden) {
      return {
        check: {
          name: 'reachability',
          status: 'ok',
          summary: `${reviewer.connection.server} answered (${error instanceof Unauthorized ? '401' : '403'})`,
          details: [],
        },
        authError: error,
      };
    }
    if (error instanceof ClusterUnreachable || error instanceof RequestTimeout || error instanceof DiagError)
      return { check: failure('reachability', error) };
    throw error;
  }
}

async function authentication(
  reviewer: AccessReviewer,
  authError: DiagError | undefined,
  now: Date,
): Promise<CheckResult> {
  let token: string | undefined;
  try {
    token = await reviewer.bearerToken();
  } catch (error) {
    if (error instanceof DiagError) return failure('authentication', error);
    throw error;
  }
  const claims = token ? readTokenClaims(token) : undefined;
  const judged = tokenCheck(claims, reviewer.connection.authKind, now);
  if (authError instanceof Unauthorized) {
    // The server's 401 is the verdict; the token's own expiry says why, when it can.
    const why =
      judged.status === 'fail'
        ? judged.summary
        : 'the credentials were not accepted (revoked, wrong cluster, or malformed)';
    return {
      name: 'authentication',
      status: 'fail',
      summary: `401 Unauthorized: ${why}`,
      details: judged.details,
      fix: TOKEN_FIX,
    };
  }
  return judged;
}

function scopes(cluster: ClusterReader, namespaced: boolean): (string | undefined)[] {
  const fence = cluster.fence.namespaces;
  return namespaced && fence ? [...fence] : [undefined];
}

async function permissions(cluster: ClusterReader, reviewer: AccessReviewer): Promise<CheckResult> {
  const asks = requiredPermissions().flatMap((p) =>
    scopes(cluster, p.namespaced).map((namespace) => ({
      check: {
        verb: p.verb,
        group: p.group,
        resource: p.resource,
        subresource: p.subresource,
        namespace,
      } satisfies AccessCheck,
      label: `${permissionLabel(p)} ${namespace ? `in ${namespace}` : p.namespaced ? 'in all namespaces' : '(cluster-scoped)'}`,
    })),
  );
  const allowed = await reviewer.canI(asks.map((a) => a.check));
  const check = permissionsCheck(asks.map((a, i) => ({ label: a.label, allowed: allowed[i]! })));
  return check;
}

async function separation(cluster: ClusterReader, reviewer: AccessReviewer): Promise<CheckResult> {
  const namespaces = [...new Set([undefined, cluster.defaultNamespace, ...(cluster.fence.namespaces ?? [])])];
  const asks = OVER_PRIVILEGE_PROBES.flatMap((p) =>
    namespaces.map((namespace) => ({
      check: { ...p, namespace } as AccessCheck,
      label: `${p.verb} ${'subresource' in p ? `${p.resource}/${p.subresource}` : p.resource}${p.group ? `.${p.group}` : ''}`,
    })),
  );
  const allowed = await reviewer.canI(asks.map((a) => a.check));
  const labels = new Map<string, boolean>();
  asks.forEach((a, i) => labels.set(a.label, (labels.get(a.label) ?? false) || allowed[i]!));
  return separationCheck([...labels].map(([label, ok]) => ({ label, allowed: ok })));
}

async function allowedNamespaces(cluster: ClusterReader): Promise<CheckResult> {
  const fence = cluster.fence.namespaces ? [...cluster.fence.namespaces] : null;
  const missing: string[] = [];
  for (const namespace of fence ?? []) {
    try {
      await cluster.get('namespaces', namespace);
    } catch (error) {
      if (error instanceof NotFound) missing.push(namespace);
      else if (!(error instanceof Forbidden)) throw error;
    }
  }
  return namespacesCheck(fence, missing);
}

/** Where API Priority and Fairness puts this identity's reads, from the headers of one real read. */
async function flowControl(reviewer: AccessReviewer): Promise<CheckResult> {
  const name = 'flow control';
  if (!reviewer.flowControl) return skipped(name, 'not a live API server');
  let info: Awaited<ReturnType<NonNullable<AccessReviewer['flowControl']>>>;
  try {
    info = await reviewer.flowControl();
  } catch (error) {
    if (error instanceof DiagError) return { ...failure(name, error), status: 'warn' };
    throw error;
  }
  if (!info)
    return {
      name,
      status: 'ok',
      summary: 'the API server sent no API Priority and Fairness headers (APF off, or removed by a proxy)',
      details: [],
    };
  const uids = [
    `flow schema uid ${info.flowSchemaUid ?? '-'}`,
    `priority level uid ${info.priorityLevelUid ?? '-'}`,
  ];
  return {
    name,
    status: 'ok',
    summary: `reads land in ${flowText(info)} (API Priority and Fairness)`,
    details: info.named
      ? uids
      : [
          ...uids,
          'names need list on flowschemas and prioritylevelconfigurations (flowcontrol.apiserver.k8s.io)',
        ],
  };
}

async function runChecks(cluster: ClusterReader, reviewer: AccessReviewer): Promise<CheckResult[]> {
  const checks = [kubeconfigCheck(reviewer, cluster.fence.namespaces ? [...cluster.fence.namespaces] : null)];
  const reach = await reachability(reviewer);
  checks.push(reach.check);
  const later = LATER_CHECKS.slice(1);
  if (reach.check.status === 'fail')
    return [...checks, ...later.map((n) => skipped(n, 'the API server is not reachable'))];
  const auth = await authentication(reviewer, reach.authError, cluster.now());
  checks.push(auth);
  if (auth.status === 'fail')
    return [...checks, ...later.slice(1).map((n) => skipped(n, 'authentication failed'))];
  checks.push(await permissions(cluster, reviewer), await separation(cluster, reviewer));
  checks.push(metricsCheck(await reviewer.served('metrics.k8s.io/v1beta1')));
  checks.push(await allowedNamespaces(cluster));
  checks.push(await flowControl(reviewer));
  return checks;
}

export const checkAccess = defineQuery({
  name: 'check_access',
  title: 'Check access',
  description:
    'Why kubectl-diag can or cannot read the cluster: kubeconfig, reachability, token expiry, missing permissions with the fix. Call it after a 401 or 403.',
  input: {},
  output: accessOutput,
  async run({ cluster }) {
    if (!cluster.access)
      throw new BadInput('check_access needs a live cluster: a snapshot has no identity to check.');
    const checks = await runChecks(cluster, cluster.access);
    return { source: sourceOf(cluster), ...overall(checks), checks };
  },
  text: accessText,
});
