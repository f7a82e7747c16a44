// What `doctor` and `rbac` ask a live cluster about the identity itself: the server's version, access
// reviews (the side-effect-free SelfSubjectAccessReview / SelfSubjectRulesReview POSTs the policy
// allows), where API Priority and Fairness puts its reads, and which aggregated group versions answer.
// Every request goes through the LiveCluster's guarded `send`.

import { mapLimited } from './concurrency.js';
import type { Credentials } from './credentials.js';
import { responseError } from './http-errors.js';
import { redactServer, type ResolvedKubeconfig } from './kubeconfig.js';
import { resourcePath, resourceType } from './resources.js';
import type { AccessCheck, AccessReviewer, ConnectionInfo, RulesReview } from './source.js';
import type { FlowClassification, FlowControlInfo } from './throttle.js';
import type { Send } from './transport.js';

export interface ReviewerParts {
  config: ResolvedKubeconfig;
  proxy?: string;
  credentials: Credentials;
  send: Send;
  describeFlow(flow: FlowClassification): Promise<FlowControlInfo>;
}

export function accessReviewer({
  config,
  proxy,
  credentials,
  send,
  describeFlow,
}: ReviewerParts): AccessReviewer {
  const fail = (answer: { status: number; body: string }) =>
    responseError(answer.status, answer.body, config.server);
  const ok = (status: number) => status >= 200 && status < 300;

  const accessReview = async (check: AccessCheck): Promise<boolean> => {
    const answer = await send('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: { ...check } },
    });
    if (!ok(answer.status)) throw fail(answer);
    return (JSON.parse(answer.body) as { status?: { allowed?: boolean } }).status?.allowed === true;
  };

  return {
    connection: {
      ...connectionOf(config),
      insecure: config.clusterEntry['insecure-skip-tls-verify'] === true,
      ...(proxy ? { proxy: redactServer(proxy) } : {}),
    },
    bearerToken: () => credentials.bearerToken(),
    serverVersion: async () => {
      const started = performance.now();
      const answer = await send('GET', '/version');
      const latencyMs = Math.round(performance.now() - started);
      if (answer.status !== 200) throw fail(answer);
      return {
        gitVersion: String((JSON.parse(answer.body) as { gitVersion?: string }).gitVersion ?? 'unknown'),
        latencyMs,
      };
    },
    canI: (checks) => mapLimited(checks, 8, accessReview),
    rules: async (namespace) => {
      const answer = await send('POST', '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectRulesReview',
        spec: { namespace },
      });
      if (!ok(answer.status)) throw fail(answer);
      const status = (JSON.parse(answer.body) as { status?: Partial<RulesReview> }).status ?? {};
      return {
        resourceRules: status.resourceRules ?? [],
        incomplete: status.incomplete ?? false,
        evaluationError: status.evaluationError,
      };
    },
    flowControl: async () => {
      // A typical read of this identity, to see where API Priority and Fairness puts it.
      const namespace = config.namespace;
      const answer = await send('GET', `${resourcePath(resourceType('pods'), { namespace })}?limit=1`);
      return answer.flow ? describeFlow(answer.flow) : undefined;
    },
    served: async (groupVersion) => {
      const answer = await send('GET', `/apis/${groupVersion}`);
      if (answer.status === 200) return 'served';
      if (answer.status === 404) return 'not-served';
      if (answer.status === 503) return 'unavailable';
      throw fail(answer);
    },
  };
}

function connectionOf(config: ResolvedKubeconfig): ConnectionInfo {
  const { files, inCluster, context, cluster, server, user, authKind } = config;
  return { files, inCluster, context, cluster, server, user, authKind };
}
