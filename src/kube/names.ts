// Kubernetes object-name rules (apimachinery validation), used to reject bad input before any request.

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A namespace (and most names in a path segment we build) must be a DNS-1123 label. */
export function isDnsLabel(value: string): boolean {
  return value.length > 0 && value.length <= 63 && DNS1123_LABEL.test(value);
}

/** Pods, services, nodes, PVCs, … are DNS-1123 subdomains: lower-case, digits, '-' and '.', at most 253. */
export function isDnsSubdomain(value: string): boolean {
  return value.length > 0 && value.length <= 253 && DNS1123_SUBDOMAIN.test(value);
}

/** Explains why a name is not valid, in words a user can act on; undefined when it is valid. */
export function explainBadName(value: string, what: string, rule: 'label' | 'subdomain'): string | undefined {
  const valid = rule === 'label' ? isDnsLabel(value) : isDnsSubdomain(value);
  if (valid) return undefined;
  if (value.length === 0) return `${what} must not be empty`;
  if (value.includes('/') || value.includes('..') || value.includes('\\')) {
    return `${what} "${value}" contains a path character ('/', '\\' or '..'); Kubernetes names never do`;
  }
  const limit = rule === 'label' ? 63 : 253;
  if (value.length > limit) return `${what} is ${value.length} characters long; the limit is ${limit}`;
  const allowed =
    rule === 'label' ? "lower-case letters, digits and '-'" : "lower-case letters, digits, '-' and '.'";
  return `${what} "${value}" is not a valid Kubernetes name: use ${allowed}, starting and ending with a letter or digit`;
}

/**
 * Orders names by code point. For Kubernetes names (lower-case letters, digits, '-' and '.') this is the
 * order localeCompare gives, without the ICU collator that the first localeCompare of a process builds
 * (about 5 ms of a command's start).
 */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
