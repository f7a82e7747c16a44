// The plane with tight server limits the throttling and paging e2e tests start (one at a time, each in its
// own before/after): kube-apiserver with --max-requests-inflight=10 / --max-mutating-requests-inflight=5,
// and an API Priority and Fairness FlowSchema that puts the diagnostic-viewer's requests into a priority
// level of its own with the smallest share and `Reject` (no queues), so a burst is answered 429 with
// Retry-After (k8s.io/apiserver pkg/server/filters/priority-and-fairness.go).

import { startControlPlane, type ControlPlane } from './controlplane.js';
import { e2eThrottledStateDir } from './paths.js';

/** The name of the viewer's flow schema and priority level on that plane. */
export const THROTTLED_LEVEL = 'kubectl-diag-throttled';
const LEVEL = THROTTLED_LEVEL;

/** The APF objects: every request of the viewer goes to a level with 1 share of the server's 15 seats. */
export function flowControlObjects() {
  const apiVersion = 'flowcontrol.apiserver.k8s.io/v1';
  return [
    {
      apiVersion,
      kind: 'PriorityLevelConfiguration',
      metadata: { name: LEVEL },
      spec: {
        type: 'Limited',
        limited: {
          // ceil(15 seats × 1 / (245 shares of the defaults + 1)) = 1 request at a time.
          nominalConcurrencyShares: 1,
          lendablePercent: 0,
          borrowingLimitPercent: 0,
          limitResponse: { type: 'Reject' },
        },
      },
    },
    {
      apiVersion,
      kind: 'FlowSchema',
      metadata: { name: LEVEL },
      spec: {
        priorityLevelConfiguration: { name: LEVEL },
        // Before the defaults' service-accounts schema (9000) and global-default (9900).
        matchingPrecedence: 500,
        distinguisherMethod: { type: 'ByUser' },
        rules: [
          {
            subjects: [
              {
                kind: 'ServiceAccount',
                serviceAccount: { name: 'diagnostic-viewer', namespace: 'kube-system' },
              },
            ],
            resourceRules: [
              {
                verbs: ['*'],
                apiGroups: ['*'],
                resources: ['*'],
                clusterScope: true,
                namespaces: ['*'],
              },
            ],
            nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
          },
        ],
      },
    },
    // So the message can name them: list on the APF objects (without it, the UIDs are shown).
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'diagnostic-viewer-flowcontrol' },
      rules: [
        {
          apiGroups: ['flowcontrol.apiserver.k8s.io'],
          resources: ['flowschemas', 'prioritylevelconfigurations'],
          verbs: ['list'],
        },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'diagnostic-viewer-flowcontrol' },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: 'diagnostic-viewer-flowcontrol',
      },
      subjects: [{ kind: 'ServiceAccount', name: 'diagnostic-viewer', namespace: 'kube-system' }],
    },
  ];
}

/**
 * Starts the plane and applies the APF objects. `viewerLandsIn` is asked until the viewer's reads are
 * classified into the new level (the APF configuration controller picks the objects up within a second
 * or two); it returns the flow schema name a read of the viewer landed in.
 */
export async function startThrottledPlane(viewerLandsIn: (cp: ControlPlane) => Promise<string | undefined>) {
  const started = Date.now();
  const cp = await startControlPlane({
    stateDir: e2eThrottledStateDir,
    limits: { maxRequestsInflight: 10, maxMutatingRequestsInflight: 5 },
    log: () => undefined,
  });
  try {
    for (const obj of flowControlObjects()) await cp.seed.createIfMissing(obj);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const landed = await viewerLandsIn(cp);
      if (landed === LEVEL) break;
      if (Date.now() > deadline) throw new Error(`viewer still classified as ${String(landed)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } catch (error) {
    await cp.stop();
    throw error;
  }
  return { cp, seconds: (Date.now() - started) / 1000 };
}
