// Names of many objects in few bytes, for models: `ns-a: web-1, web-2; ns-b: db-0` instead of repeating each
// object's namespace. Keys are `namespace/name` (or a bare name for a cluster-scoped object), in the order
// given; each namespace is written once, where its first object comes.

export function namesByNamespace(keys: readonly string[]): string {
  const groups = new Map<string, string[]>();
  for (const key of keys) {
    const slash = key.indexOf('/');
    const namespace = slash < 0 ? '' : key.slice(0, slash);
    const name = slash < 0 ? key : key.slice(slash + 1);
    const names = groups.get(namespace);
    if (names) names.push(name);
    else groups.set(namespace, [name]);
  }
  return [...groups]
    .map(([namespace, names]) => (namespace ? `${namespace}: ${names.join(', ')}` : names.join(', ')))
    .join('; ');
}
