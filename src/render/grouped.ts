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

/** The first names that fit in about `maxBytes` joined with ", ", and how many are left out. */
export function boundedList(names: readonly string[], maxBytes = 3_000): { shown: string[]; more: number } {
  const shown: string[] = [];
  let used = 0;
  for (const name of names) {
    used += Buffer.byteLength(name) + 2;
    if (used > maxBytes) break;
    shown.push(name);
  }
  return { shown, more: names.length - shown.length };
}

/**
 * Names joined with ", " up to about `maxBytes`, then how many more: a line that names thousands of objects
 * stays readable and bounded (the structure or a narrower question has the rest).
 */
export function boundedNames(names: readonly string[], maxBytes = 3_000): string {
  const { shown, more } = boundedList(names, maxBytes);
  return `${shown.join(', ')}${more ? ` … and ${more} more` : ''}`;
}
