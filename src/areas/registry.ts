// Every area the product covers, in the order they are shown. The MCP server exposes exactly their queries as
// tools, CLI commands call them, and the README's tool and findings tables are generated from them. Adding an
// area is its folder plus one line here.

import type { Area, EnvelopeKindOf } from './area.js';
import { accessArea } from './access/index.js';
import { nodesArea } from './nodes/index.js';
import { podsArea } from './pods/index.js';
import type { Query } from '../queries/query.js';
import { servicesArea } from './services/index.js';
import { storageArea } from './storage/index.js';
import { triageArea } from './triage/index.js';
import { workloadsArea } from './workloads/index.js';

const areas = [
  triageArea,
  podsArea,
  servicesArea,
  nodesArea,
  storageArea,
  workloadsArea,
  accessArea,
] as const;

export const AREAS: readonly Area[] = areas;

/** Every -o json|yaml envelope kind (PodList, Pod, …): the exports of the areas' envelope modules. */
export type EnvelopeKind = EnvelopeKindOf<(typeof areas)[number]>;

export const QUERIES: readonly Query[] = AREAS.flatMap((area) => area.queries);

export function findQuery(name: string): Query | undefined {
  return QUERIES.find((q) => q.name === name);
}
