// Every stable reason code, by area, with its meaning: the README's findings table is generated from here.

import { ACCESS_CHECKS } from './access.js';
import { NODE_REASONS } from './nodes.js';
import { POD_REASONS } from './pods.js';
import { SERVICE_REASONS } from './services.js';
import { STORAGE_REASONS } from './storage.js';

export const REASONS_BY_AREA: readonly { area: string; command: string; reasons: Record<string, string> }[] =
  [
    { area: 'Pods', command: 'kubectl diag pods', reasons: POD_REASONS },
    { area: 'Services', command: 'kubectl diag endpoints', reasons: SERVICE_REASONS },
    { area: 'Nodes', command: 'kubectl diag nodes', reasons: NODE_REASONS },
    { area: 'Storage', command: 'kubectl diag storage', reasons: STORAGE_REASONS },
  ];

export const CHECKS = ACCESS_CHECKS;
