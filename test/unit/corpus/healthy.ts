// A healthy namespace of 200+ objects, as the components write them when all is well: Ready nodes, Running
// and Ready pods of finished Deployments behind Services whose EndpointSlices list them ready, claims Bound to
// their volumes.

import type { ClusterLists } from '../../../src/areas/triage/rules.js';
import { claim, deployment, minutesAgo, node, pod, service, slice, volume } from './build.js';

export const HEALTHY_NAMESPACE = 'healthy';

export function healthyNamespace(): Partial<ClusterLists> {
  const ns = HEALTHY_NAMESPACE;
  const nodes = Array.from({ length: 6 }, (_, i) =>
    node(`healthy-n${i + 1}`, { labels: { 'topology.kubernetes.io/zone': `zone-${i % 3}` } }),
  );
  const pods = [];
  const services = [];
  const endpointSlices = [];
  const deployments = [];
  const replicaSets = [];
  for (let s = 0; s < 30; s++) {
    const app = `svc${s}`;
    const members = Array.from({ length: 4 }, (_, i) => {
      const p = pod(ns, `${app}-${i}`, {
        node: `healthy-n${((s + i) % 6) + 1}`,
        labels: { app },
        ip: `10.250.${s}.${i + 1}`,
      });
      p.spec!.containers[0]!.ports = [{ name: 'http', containerPort: 8080, protocol: 'TCP' }];
      return p;
    });
    pods.push(...members);
    services.push(service(ns, app, { selector: { app } }));
    endpointSlices.push(slice(ns, app, members));
    // What the deployment controller writes once the rollout is done (pkg/controller/deployment/sync.go, progress.go).
    const owned = deployment(ns, app, members, {
      ready: members.length,
      conditions: [
        {
          type: 'Available',
          status: 'True',
          reason: 'MinimumReplicasAvailable',
          lastTransitionTime: minutesAgo(50),
        },
        {
          type: 'Progressing',
          status: 'True',
          reason: 'NewReplicaSetAvailable',
          lastTransitionTime: minutesAgo(50),
        },
      ],
    });
    deployments.push(owned.deployment);
    replicaSets.push(owned.replicaSet);
  }
  const claims = Array.from({ length: 10 }, (_, i) =>
    claim(ns, `data-${i}`, { phase: 'Bound', volumeName: `healthy-pv-${i}`, storageClassName: 'standard' }),
  );
  const volumes = Array.from({ length: 10 }, (_, i) =>
    volume(`healthy-pv-${i}`, { claim: { namespace: ns, name: `data-${i}` } }),
  );
  return { nodes, pods, services, endpointSlices, claims, volumes, deployments, replicaSets };
}

export function healthyObjectCount(lists: Partial<ClusterLists>): number {
  return Object.values(lists).reduce((n, l) => n + (l?.length ?? 0), 0);
}
