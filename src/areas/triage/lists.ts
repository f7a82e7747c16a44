// What triage reads: every list once, shared by every area's rules. Lists the caller may not read are empty.

import type {
  EndpointSlice,
  Endpoints,
  Event,
  Node,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
  Service,
  StorageClass,
  VolumeAttachment,
} from '../../kube/types.js';
import type {
  CronJob,
  DaemonSet,
  Deployment,
  HorizontalPodAutoscaler,
  Job,
  PodDisruptionBudget,
  ReplicaSet,
  ResourceQuota,
  StatefulSet,
} from '../workloads/types.js';

export interface ClusterLists {
  pods: Pod[];
  nodes: Node[];
  events: Event[];
  services: Service[];
  endpointSlices: EndpointSlice[];
  endpoints: Endpoints[];
  claims: PersistentVolumeClaim[];
  volumes: PersistentVolume[];
  classes: StorageClass[];
  attachments: VolumeAttachment[];
  deployments: Deployment[];
  replicaSets: ReplicaSet[];
  statefulSets: StatefulSet[];
  daemonSets: DaemonSet[];
  jobs: Job[];
  cronJobs: CronJob[];
  quotas: ResourceQuota[];
  autoscalers: HorizontalPodAutoscaler[];
  budgets: PodDisruptionBudget[];
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
