// What triage reads: every list once, shared by every area's rules. Lists the caller may not read are empty.

import type {
  EndpointSlice,
  Endpoints,
  PersistentVolume,
  PersistentVolumeClaim,
  Service,
  StorageClass,
  VolumeAttachment,
} from '../../kube/types.js';
import type { Collections } from '../workloads/collect.js';

/**
 * Every list triage reads: the workloads area's collections (pods, events, nodes and the controllers; here
 * every event and node in scope), plus Services with their endpoints and the storage objects.
 */
export interface ClusterLists extends Collections {
  services: Service[];
  endpointSlices: EndpointSlice[];
  endpoints: Endpoints[];
  claims: PersistentVolumeClaim[];
  volumes: PersistentVolume[];
  classes: StorageClass[];
  attachments: VolumeAttachment[];
}

export function emptyLists(): ClusterLists {
  return {
    pods: [],
    nodes: [],
    events: [],
    services: [],
    endpointSlices: [],
    endpoints: [],
    claims: [],
    volumes: [],
    classes: [],
    attachments: [],
    deployments: [],
    replicaSets: [],
    statefulSets: [],
    daemonSets: [],
    jobs: [],
    cronJobs: [],
    quotas: [],
    autoscalers: [],
    budgets: [],
  };
}

/** Objects read, over every list but events. */
export function objectCount(lists: ClusterLists): number {
  return Object.entries(lists).reduce((n, [key, list]) => n + (key === 'events' ? 0 : list.length), 0);
}
