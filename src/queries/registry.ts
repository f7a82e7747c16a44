// Every query the product answers. The MCP server exposes exactly these as tools; CLI commands call them.

import { checkAccess } from './access.js';
import { nodeQueries } from './nodes.js';
import { podQueries } from './pods.js';
import type { Query } from './query.js';
import { serviceQueries } from './services.js';
import { storageQueries } from './storage.js';

export const QUERIES: readonly Query[] = [
  ...podQueries,
  ...serviceQueries,
  ...nodeQueries,
  ...storageQueries,
  checkAccess,
] as unknown as readonly Query[];

export function findQuery(name: string): Query | undefined {
  return QUERIES.find((q) => q.name === name);
}
