// `kubectl diag rbac` output: YAML documents ready for `kubectl apply -f -`, then the steps to mint a
// time-limited token and write a kubeconfig for it, as comments so the output stays appliable.

import { stringify } from 'yaml';
import type { Manifest } from '../cluster/rbac.js';

export interface NextSteps {
  name: string;
  namespace: string;
  duration: string;
  kubeconfig: string;
}

export function nextSteps(s: NextSteps): string[] {
  const kc = `KUBECONFIG=${s.kubeconfig}`;
  return [
    'Next steps. kubectl-diag never creates anything itself; run these yourself.',
    '1. As a cluster admin, create the read-only identity:',
    '     kubectl diag rbac | kubectl apply -f -',
    `2. Mint a time-limited token for it (valid ${s.duration}; mint a new one when it expires):`,
    `     TOKEN=$(kubectl create token ${s.name} -n ${s.namespace} --duration=${s.duration})`,
    '3. Write a kubeconfig that holds only that token (your own kubeconfig is not changed):',
    "     SERVER=$(kubectl config view --minify -o jsonpath='{.clusters[0].cluster.server}')",
    "     kubectl config view --minify --raw --flatten -o jsonpath='{.clusters[0].cluster.certificate-authority-data}' | base64 -d > diag-ca.crt",
    `     ${kc} kubectl config set-cluster diag --server="$SERVER" --certificate-authority=diag-ca.crt --embed-certs=true`,
    `     ${kc} kubectl config set-credentials ${s.name} --token="$TOKEN"`,
    `     ${kc} kubectl config set-context diag --cluster=diag --user=${s.name}`,
    `     ${kc} kubectl config use-context diag`,
    '4. Check it, then use it:',
    `     ${kc} kubectl diag doctor`,
    `     ${kc} kubectl diag pods -A`,
  ];
}

export function rbacYaml(manifests: Manifest[], steps: NextSteps): string {
  const header = [
    `# Read-only access for kubectl-diag: ServiceAccount ${steps.namespace}/${steps.name} and its role.`,
    '# The rules are derived from the allow-list kubectl-diag enforces on every request: get/list/watch only,',
    '# never Secrets, never exec/attach/port-forward/proxy.',
  ];
  const docs = manifests.map((m) => stringify(m, { lineWidth: 0 }).trimEnd());
  return [...header, docs.join('\n---\n'), ...nextSteps(steps).map((l) => `# ${l}`)].join('\n');
}
