// Every query the product answers. The MCP server exposes exactly these as tools; CLI commands call them.

import { checkAccess } from './access/queries.js';
import { nodeQueries } from './nodes/queries.js';
import { podQueries } from './pods/queries.js';
import type { Query } from '../queries/query.js';
import { serviceQueries } from './services/queries.js';
import { storageQueries } from './storage/queries.js';

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
