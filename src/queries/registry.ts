// Every query the product answers. The MCP server exposes exactly these as tools; CLI commands call them.

import { nodeQueries } from './nodes.js';
import { podQueries } from './pods.js';
import type { Query } from './query.js';

export const QUERIES: readonly Query[] = [...podQueries, ...nodeQueries] as unknown as readonly Query[];

export function findQuery(name: string): Query | undefined {
  return QUERIES.find((q) => q.name === name);
}
