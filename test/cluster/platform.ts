/**
 * What a cluster has before any test runs and that no controller creates here (there is no
 * controller-manager): default ServiceAccounts, the diagnostic-viewer identity, and the
 * metrics.k8s.io registration pointing at the stand-in.
 */
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { metricsServiceName, metricsServiceNamespace } from './pki.js';
import { viewerRoleFile } from './paths.js';
import type { KubeObject } from './resources.js';

export const viewerServiceAccount = 'diagnostic-viewer';
export const viewerNamespace = 'kube-system';
export const viewerUsername = `system:serviceaccount:${viewerNamespace}:${viewerServiceAccount}`;
export const metricsApiServiceName = 'v1beta1.metrics.k8s.io';
const metricsPortName = 'https';

/** The reviewable YAML of test/cluster/rbac: ServiceAccount, ClusterRole, ClusterRoleBinding. */
export function viewerRbacObjects(): KubeObject[] {
  return parseAllDocuments(readFileSync(viewerRoleFile, 'utf8'))
    .map((doc) => doc.toJS() as KubeObject | null)
    .filter((obj): obj is KubeObject => obj !== null);
}

/** Namespaces that exist from the start and need the `default` ServiceAccount for pods. */
export const builtinNamespaces = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/**
 * How the aggregator reaches the stand-in on 127.0.0.1 — a workaround, because loopback routing is
 * impossible with --enable-aggregator-routing in 1.36: that resolver (k8s.io/apiserver/pkg/util/proxy
 * ResolveEndpoint) dials an address of the Service's EndpointSlices, and EndpointSlice validation
 * (like Endpoints validation) refuses 127.0.0.0/8 and ::1 ("may not be in the loopback range"); an
 * FQDN slice would need a DNS name resolving to loopback, which nothing guarantees here.
 * So the apiserver runs with the default ClusterIP resolver (ResolveCluster), which sends an
 * ExternalName Service to `https://<externalName>:<APIService port>`. "127.0.0.1" is a valid
 * DNS-1123 subdomain, so no resolver is involved. TLS is still verified against the APIService
 * caBundle with server name `metrics-server.kube-system.svc`, and the stand-in still accepts only
 * the front-proxy client certificate.
 */
export function metricsService(metricsPort: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: metricsServiceName,
      namespace: metricsServiceNamespace,
      labels: { 'k8s-app': 'metrics-server' },
    },
    spec: {
      type: 'ExternalName',
      externalName: '127.0.0.1',
      ports: [{ name: metricsPortName, port: metricsPort, protocol: 'TCP' }],
    },
  };
}

export function metricsApiService(caBundlePem: string, metricsPort: number): KubeObject {
  return {
    apiVersion: 'apiregistration.k8s.io/v1',
    kind: 'APIService',
    metadata: { name: metricsApiServiceName, labels: { 'k8s-app': 'metrics-server' } },
    spec: {
      group: 'metrics.k8s.io',
      version: 'v1beta1',
      service: { name: metricsServiceName, namespace: metricsServiceNamespace, port: metricsPort },
      caBundle: Buffer.from(caBundlePem).toString('base64'),
      groupPriorityMinimum: 100,
      versionPriority: 100,
    },
  };
}
