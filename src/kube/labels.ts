// Label selectors in the syntax kubectl accepts (`app=web,tier!=db,env in (a,b),!legacy`).
// Parsed here so a malformed selector is refused with a clear message before any request is made,
// and so snapshots and Service selectors can be matched without a server.

export type Operator = '=' | '!=' | 'in' | 'notin' | 'exists' | '!';

export interface Requirement {
  key: string;
  operator: Operator;
  values: string[];
}

export class SelectorSyntaxError extends Error {
  constructor(
    readonly selector: string,
    readonly detail: string,
  ) {
    super(`invalid label selector "${selector}": ${detail}`);
    this.name = 'SelectorSyntaxError';
  }
}

const NAME_PART = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const PREFIX = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function checkKey(key: string): string | undefined {
  const slash = key.indexOf('/');
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (slash >= 0) {
    const prefix = key.slice(0, slash);
    if (prefix.length === 0 || prefix.length > 253 || !PREFIX.test(prefix))
      return `bad key prefix in "${key}"`;
  }
  if (name.length === 0 || name.length > 63 || !NAME_PART.test(name)) return `bad label key "${key}"`;
  return undefined;
}

function checkValue(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > 63 || !NAME_PART.test(value)) return `bad label value "${value}"`;
  return undefined;
}

/** Splits on commas that are not inside parentheses. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (depth < 0) throw new SelectorSyntaxError(selector, "unbalanced ')'");
    if (ch === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  if (depth !== 0) throw new SelectorSyntaxError(selector, "unbalanced '('");
  terms.push(current);
  return terms;
}

function parseTerm(selector: string, raw: string): Requirement {
  const term = raw.trim();
  if (term === '') throw new SelectorSyntaxError(selector, 'empty term (stray comma?)');
  const set = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(term);
  let requirement: Requirement;
  if (set) {
    const values = set[3]!.split(',').map((v) => v.trim());
    requirement = { key: set[1]!, operator: set[2] as Operator, values };
    if (values.some((v) => v === '')) {
      throw new SelectorSyntaxError(selector, `empty value list in "${term}"`);
    }
  } else if (term.startsWith('!')) {
    requirement = { key: term.slice(1).trim(), operator: '!', values: [] };
  } else {
    const op = /^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (op) {
      requirement = { key: op[1]!, operator: op[2] === '!=' ? '!=' : '=', values: [op[3]!.trim()] };
    } else if (/^[^=!\s()]+$/.test(term)) {
      requirement = { key: term, operator: 'exists', values: [] };
    } else {
      throw new SelectorSyntaxError(selector, `cannot parse "${term}"`);
    }
  }
  const problem = checkKey(requirement.key) ?? requirement.values.map(checkValue).find(Boolean);
  if (problem) throw new SelectorSyntaxError(selector, problem);
  return requirement;
}

/** Parses a label selector; an empty string selects everything. Throws SelectorSyntaxError. */
export function parseSelector(selector: string): Requirement[] {
  if (selector.trim() === '') return [];
  return splitTerms(selector).map((term) => parseTerm(selector, term));
}

function matchesRequirement(labels: Record<string, string>, r: Requirement): boolean {
  const has = Object.hasOwn(labels, r.key);
  const value = labels[r.key];
  switch (r.operator) {
    case '=':
      return has && value === r.values[0];
    case '!=':
      return !has || value !== r.values[0];
    case 'in':
      return has && r.values.includes(value!);
    case 'notin':
      return !has || !r.values.includes(value!);
    case 'exists':
      return has;
    case '!':
      return !has;
  }
}

export function matchesSelector(
  labels: Record<string, string> | undefined,
  requirements: Requirement[],
): boolean {
  const own = labels ?? {};
  return requirements.every((r) => matchesRequirement(own, r));
}

/** The selector string for a Service-style equality map, in a stable order. */
export function selectorFromMap(map: Record<string, string> | undefined): string {
  return Object.entries(map ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}
