// Every envelope kind with its schema, loaded at once: what `npm run schemas` writes to schemas/ (via
// ../schema.ts) and what test/unit/cli/envelope.test.ts checks. The CLI never imports this file; it
// loads one area's schemas on demand (../envelope.ts, documented()).

import { AccessReport } from './access.js';
import { Node, NodeList } from './nodes.js';
import { Pod, PodList } from './pods.js';
import { Service, ServiceList } from './services.js';
import { PersistentVolumeClaim, StorageReport } from './storage.js';
import { TriageReport } from './triage.js';
import { WorkloadList } from './workloads.js';

export const ENVELOPES = {
  PodList,
  Pod,
  ServiceList,
  Service,
  NodeList,
  Node,
  StorageReport,
  PersistentVolumeClaim,
  WorkloadList,
  TriageReport,
  AccessReport,
} as const;
