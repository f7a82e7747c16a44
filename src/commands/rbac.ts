import { Flags } from '@oclif/core';
import { DiagCommand } from '../cli/base.js';
import { ConfigError } from '../cluster/errors.js';
import { rbacManifests } from '../cluster/rbac.js';
import { resolveFence } from '../cluster/session.js';
import { isDnsLabel, isDnsSubdomain } from '../kube/names.js';
import { rbacYaml } from '../render/rbac.js';
import { formatData } from '../render/table.js';

export default class Rbac extends DiagCommand {
  static override summary =
    'Print the minimal read-only RBAC for kubectl-diag, and how to get a time-limited token.';
  static override description =
    'Prints a ServiceAccount, a ClusterRole and a ClusterRoleBinding (or, with -n/--allowed-namespaces, a Role and ' +
    'RoleBinding per namespace plus a ClusterRole for the cluster-scoped reads) ready for `kubectl apply -f -`. The ' +
    'rules are derived from the allow-list kubectl-diag enforces on every request, so the role and the guard cannot ' +
    'drift apart; they never include Secrets. Then prints the steps to mint a time-limited token and write a ' +
    'kubeconfig for it. kubectl-diag itself creates nothing and does not contact the cluster for this.';

  static override examples = [
    {
      command: 'kubectl diag rbac | kubectl apply -f -',
      description: 'Create the cluster-wide read-only identity (as an admin)',
    },
    {
      command: 'kubectl diag rbac -n shop,payments',
      description: 'Roles for two namespaces only (plus cluster-scoped reads)',
    },
    {
      command: 'kubectl diag rbac --name oncall-viewer --service-account-namespace ops --duration 4h',
      description: 'Another name, place and token lifetime',
    },
  ];

  static override flags = {
    name: Flags.string({ summary: 'Name of the ServiceAccount and its role.', default: 'diagnostic-viewer' }),
    'service-account-namespace': Flags.string({
      summary: 'Namespace of the ServiceAccount.',
      default: 'kube-system',
    }),
    duration: Flags.string({
      summary: 'Lifetime of the token in the printed steps (kubectl create token --duration).',
      default: '8h',
    }),
    'kubeconfig-out': Flags.string({
      summary: 'File name for the kubeconfig in the printed steps.',
      default: 'diagnostic-viewer.kubeconfig',
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Rbac);
    if (!isDnsSubdomain(flags.name))
      throw new ConfigError(`--name "${flags.name}" is not a valid Kubernetes name`);
    if (!isDnsLabel(flags['service-account-namespace'])) {
      throw new ConfigError(
        `--service-account-namespace "${flags['service-account-namespace']}" is not a namespace name`,
      );
    }
    if (!/^\d+(s|m|h)$/.test(flags.duration))
      throw new ConfigError(`--duration "${flags.duration}" must look like 45m or 8h`);
    const namespaces = flags.namespace ? flags.namespace.split(',').map((n) => n.trim()) : undefined;
    const fence = resolveFence(namespaces?.join(',') ?? flags['allowed-namespaces'], process.env).namespaces;
    const manifests = rbacManifests({
      name: flags.name,
      serviceAccountNamespace: flags['service-account-namespace'],
      namespaces: fence ? [...fence] : undefined,
    });
    if (flags.output === 'json') {
      // JSON for tooling: a List `kubectl apply -f -` accepts too (no steps: JSON has no comments).
      this.log(formatData({ apiVersion: 'v1', kind: 'List', items: manifests }, 'json'));
      return;
    }
    this.log(
      rbacYaml(manifests, {
        name: flags.name,
        namespace: flags['service-account-namespace'],
        duration: flags.duration,
        kubeconfig: flags['kubeconfig-out'],
      }),
    );
  }
}
