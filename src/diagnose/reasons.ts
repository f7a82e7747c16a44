// Every stable reason code, by area, with its meaning: the README's findings table is generated from here.

import { ACCESS_CHECKS } from '../areas/access/rules.js';
import { NODE_REASONS } from '../areas/nodes/rules.js';
import { POD_REASONS } from '../areas/pods/rules.js';
import { SERVICE_REASONS } from '../areas/services/rules.js';
import { STORAGE_REASONS } from '../areas/storage/rules.js';

export const REASONS_BY_AREA: readonly { area: string; command: string; reasons: Record<string, string> }[] =
  [
    { area: 'Pods', command: 'kubectl diag pods', reasons: POD_REASONS },
    { area: 'Services', command: 'kubectl diag endpoints', reasons: SERVICE_REASONS },
    { area: 'Nodes', command: 'kubectl diag nodes', reasons: NODE_REASONS },
    { area: 'Storage', command: 'kubectl diag storage', reasons: STORAGE_REASONS },
  ];

export const CHECKS = ACCESS_CHECKS;
