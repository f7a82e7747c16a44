// `kubectl-diag __complete WORD… CURRENT`: what kubectl_complete-diag runs for `kubectl diag …<TAB>`, and
// what the scripts of `kubectl diag completion bash|zsh|fish` run for `kubectl-diag …<TAB>`.
// Object names are read through the same session as every command (policy, namespace fence, audit), so
// a name outside the fence is never offered. A completion runs inside someone's shell: it prints nothing
// but candidates, never on stderr, and gives up after a short deadline with no candidates.

import { withCaller } from '../cluster/audit.js';
import { resolveKubeconfig } from '../cluster/kubeconfig.js';
import { resourceType } from '../cluster/resources.js';
import { DEMO_SNAPSHOT, openSession } from '../cluster/session.js';
import { isDnsSubdomain } from '../kube/names.js';
import {
  DIRECTIVE,
  formatCandidates,
  planCompletion,
  type Candidate,
  type CompletableCommand,
  type CompletionPlan,
  type TypedSettings,
} from './complete.js';

/** The whole completion, cluster included, ends within this; a shell must not wait on a slow server. */
export const COMPLETION_DEADLINE_MS = 2000;
/** Each request's own deadline (connect and answer), inside the one above. */
const REQUEST_TIMEOUT_SECONDS = 1.5;

const NOTHING = formatCandidates([], DIRECTIVE.noFileComp);

/** A context name as a shell may receive it: no spaces, quotes or control characters. */
const SAFE_CONTEXT = /^[A-Za-z0-9._@:/+=-]{1,253}$/;

/** Everything a shell would show as an error is dropped: stderr, warnings, late failures. */
function silence(): void {
  process.stderr.write = (() => true) as typeof process.stderr.write;
  process.removeAllListeners('warning');
  process.on('warning', () => undefined);
  process.on('uncaughtException', () => process.exit(0));
  process.on('unhandledRejection', () => process.exit(0));
}

function contextNames(settings: TypedSettings, env: NodeJS.ProcessEnv): string[] {
  const config = resolveKubeconfig({ kubeconfig: settings.kubeconfig, env });
  const contexts = (config.merged?.['contexts'] ?? []) as { name?: unknown }[];
  return contexts.map((c) => String(c.name ?? ''));
}

async function clusterNames(
  plan: Extract<CompletionPlan, { kind: 'namespaces' | 'names' }>,
  settings: TypedSettings,
  env: NodeJS.ProcessEnv,
): Promise<string[]> {
  const session = openSession({
    kubeconfig: settings.kubeconfig,
    context: settings.context,
    allowedNamespaces: settings.allowedNamespaces,
    auditLog: settings.auditLog,
    requestTimeoutSeconds: REQUEST_TIMEOUT_SECONDS,
    snapshot: settings.demo ? DEMO_SNAPSHOT : settings.snapshot,
    env,
  });
  try {
    const args = plan.kind === 'names' ? { resource: plan.resource, namespace: plan.namespace } : {};
    return await withCaller({ name: `completion:${plan.kind}`, args }, async () => {
      const { cluster } = session;
      // Security: under a fence the namespaces offered are the fence's, whatever else exists.
      if (plan.kind === 'namespaces')
        return cluster.fence.namespaces
          ? [...cluster.fence.namespaces]
          : (await cluster.list('namespaces')).map((n) => n.metadata?.name ?? '');
      const namespaced = resourceType(plan.resource).namespaced;
      // Security: a namespace outside the fence is refused by the policy, before any request is sent.
      const items = await cluster.list(
        plan.resource,
        namespaced ? { namespace: plan.namespace ?? cluster.defaultNamespace } : {},
      );
      return items.map((item) => item.metadata?.name ?? '');
    });
  } finally {
    await session.close();
  }
}

/** The candidates of a plan, reading the cluster (or snapshot) when it names objects. */
export async function candidatesOf(
  plan: CompletionPlan,
  settings: TypedSettings,
  env: NodeJS.ProcessEnv,
): Promise<{ candidates: Candidate[]; directive: number }> {
  switch (plan.kind) {
    case 'candidates':
      return plan;
    case 'files':
      return { candidates: [], directive: DIRECTIVE.default };
    case 'contexts': {
      const names = contextNames(settings, env).filter(
        (n) => SAFE_CONTEXT.test(n) && n.startsWith(plan.prefix),
      );
      return { candidates: names.map((value) => ({ value })), directive: DIRECTIVE.noFileComp };
    }
    case 'namespaces':
    case 'names': {
      // Security: names come from the cluster and go into a shell; only well-formed names pass.
      const names = (await clusterNames(plan, settings, env)).filter(
        (n) => isDnsSubdomain(n) && n.startsWith(plan.prefix),
      );
      const unique = [...new Set(names)].sort();
      return { candidates: unique.map((value) => ({ value })), directive: DIRECTIVE.noFileComp };
    }
  }
}

/** Answers one completion request on stdout, then ends the process. */
export async function runCompletion(
  commands: readonly CompletableCommand[],
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<never> {
  silence();
  const words = argv.slice(0, -1);
  const current = argv.at(-1) ?? '';
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(NOTHING), COMPLETION_DEADLINE_MS);
  });
  const answer = (async () => {
    const { plan, settings } = planCompletion(commands, words, current);
    const { candidates, directive } = await candidatesOf(plan, settings, env);
    return formatCandidates(candidates, directive);
  })().catch(() => NOTHING);
  const output = await Promise.race([answer, deadline]);
  clearTimeout(timer);
  await new Promise<void>((resolve) => process.stdout.write(output, () => resolve()));
  // A request still in flight (a server that never answers) must not hold the shell.
  process.exit(0);
}
