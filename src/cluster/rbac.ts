// The read-only RBAC role, DERIVED from the catalog in resources.ts: the guard's allow-list and the role
// kubectl-diag asks an admin to grant can never drift apart. Pure: builds objects, prints nothing.

import { READABLE_TYPES, type ResourceType } from './resources.js';

export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

export interface RbacOptions {
  /** ServiceAccount (and role) name. */
  name: string;
  /** Where the ServiceAccount lives. */
  serviceAccountNamespace: string;
  /** With namespaces: a Role + RoleBinding per namespace for namespaced reads, a ClusterRole only for cluster-scoped ones. */
  namespaces?: string[];
}

export type Manifest = Record<string, unknown> & {
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
};

const LABELS = {
  'app.kubernetes.io/name': 'kubectl-diag',
  'app.kubernetes.io/component': 'read-only-diagnostics',
};

/** Rules for a set of resource types: one rule per API group and verb set, subresources with their GET. */
export function rulesFor(types: readonly ResourceType[]): PolicyRule[] {
  const rules = new Map<string, PolicyRule>();
  const add = (group: string, resource: string, verbs: readonly string[]) => {
    const key = `${group}|${verbs.join(',')}`;
    const rule = rules.get(key) ?? { apiGroups: [group], resources: [], verbs: [...verbs] };
    if (!rule.resources.includes(resource)) rule.resources.push(resource);
    rules.set(key, rule);
  };
  for (const type of types) {
    add(type.group, type.resource, type.verbs);
    for (const sub of type.subresources ?? []) add(type.group, `${type.resource}/${sub}`, ['get']);
  }
  return [...rules.values()];
}

export function readOnlyRules(): PolicyRule[] {
  return rulesFor(READABLE_TYPES);
}

function subject(options: RbacOptions) {
  return [{ kind: 'ServiceAccount', name: options.name, namespace: options.serviceAccountNamespace }];
}

function binding(
  kind: 'ClusterRoleBinding' | 'RoleBinding',
  roleKind: 'ClusterRole' | 'Role',
  options: RbacOptions,
  namespace?: string,
  roleName = options.name,
): Manifest {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata: { name: `${roleName}-binding`, ...(namespace ? { namespace } : {}), labels: LABELS },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: roleKind, name: roleName },
    subjects: subject(options),
  };
}

/** ServiceAccount, roles and bindings, ready for `kubectl apply -f -`. */
export function rbacManifests(options: RbacOptions): Manifest[] {
  const serviceAccount: Manifest = {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: options.name, namespace: options.serviceAccountNamespace, labels: LABELS },
  };
  if (!options.namespaces?.length) {
    return [
      serviceAccount,
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: options.name, labels: LABELS },
        rules: readOnlyRules(),
      },
      binding('ClusterRoleBinding', 'ClusterRole', options),
    ];
  }
  const clusterScoped = READABLE_TYPES.filter((t) => !t.namespaced);
  const namespaced = READABLE_TYPES.filter((t) => t.namespaced);
  const clusterRoleName = `${options.name}-cluster`;
  return [
    serviceAccount,
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: clusterRoleName, labels: LABELS },
      rules: rulesFor(clusterScoped),
    },
    binding('ClusterRoleBinding', 'ClusterRole', options, undefined, clusterRoleName),
    ...options.namespaces.flatMap((namespace): Manifest[] => [
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name: options.name, namespace, labels: LABELS },
        rules: rulesFor(namespaced),
      },
      binding('RoleBinding', 'Role', options, namespace),
    ]),
  ];
}

/** Every (verb, group, resource[/subresource]) the tool may need, for access checks. */
export interface Permission {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespaced: boolean;
}

export function requiredPermissions(): Permission[] {
  return READABLE_TYPES.flatMap((t) => [
    ...(['get', 'list'] as const).map((verb) => ({
      verb,
      group: t.group,
      resource: t.resource,
      namespaced: t.namespaced,
    })),
    ...(t.subresources ?? []).map((subresource) => ({
      verb: 'get',
      group: t.group,
      resource: t.resource,
      subresource,
      namespaced: t.namespaced,
    })),
  ]);
}

export function permissionLabel(p: Permission): string {
  const resource = p.subresource ? `${p.resource}/${p.subresource}` : p.resource;
  return `${p.verb} ${resource}${p.group ? `.${p.group}` : ''}`;
}
