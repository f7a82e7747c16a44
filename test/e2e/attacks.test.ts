// The attack suite: writes, exec, Secrets, proxies, path smuggling and other namespaces, sent through the
// real transport as diagnostic-viewer. Every one must be refused by kubectl-diag before it is sent; the
// apiserver's own audit log is the witness that none arrived and that kubectl-diag only ever reads.

import assert from 'node:assert/strict';
import { viewerUsername } from '../cluster/index.js';
import type { ControlPlane } from '../cluster/index.js';
import { PolicyDenied } from '../../src/cluster/errors.js';
import type { LiveCluster } from '../../src/cluster/live.js';
import { openSession, type Session } from '../../src/cluster/session.js';
import { controlPlane } from './setup.js';
import { readAudit, tempAuditLog } from './tool.js';

import { fromTool } from './witness.js';

describe('attacks on the read-only guard (e2e, apiserver audit as witness)', function () {
  let cp: ControlPlane;
  let ns: string;
  let session: Session;
  let fenced: Session;
  const auditLog = tempAuditLog();
  let started: Date;

  before(async function () {
    started = new Date();
    cp = controlPlane();
    ns = await cp.seed.namespace(cp.seed.uniqueName('attacks'));
    await cp.seed.pod(ns, 'victim');
    session = openSession({ kubeconfig: cp.viewerKubeconfig, auditLog, env: {} });
    fenced = openSession({
      kubeconfig: cp.viewerKubeconfig,
      auditLog,
      allowedNamespaces: 'default',
      env: {},
    });
  });
  after(async function () {
    await session?.close();
    await fenced?.close();
  });

  const live = (s: Session) => s.cluster as LiveCluster;

  const attacks: [string, 'GET' | 'POST' | 'DELETE' | 'PUT' | 'PATCH', (ns: string) => string][] = [
    ['deletes a pod', 'DELETE', (n) => `/api/v1/namespaces/${n}/pods/victim`],
    ['deletes a namespace', 'DELETE', (n) => `/api/v1/namespaces/${n}`],
    ['deletes a pod under ?dryRun', 'DELETE', (n) => `/api/v1/namespaces/${n}/pods/victim?dryRun=All`],
    ['replaces a pod', 'PUT', (n) => `/api/v1/namespaces/${n}/pods/victim`],
    ['patches a deployment', 'PATCH', (n) => `/apis/apps/v1/namespaces/${n}/deployments/web`],
    ['creates a pod', 'POST', (n) => `/api/v1/namespaces/${n}/pods`],
    ['evicts a pod', 'POST', (n) => `/api/v1/namespaces/${n}/pods/victim/eviction`],
    ['mints a token', 'POST', () => '/api/v1/namespaces/kube-system/serviceaccounts/diagnostic-viewer/token'],
    ['reads Secrets', 'GET', (n) => `/api/v1/namespaces/${n}/secrets`],
    ['reads all Secrets', 'GET', () => '/api/v1/secrets'],
    [
      'execs into a pod',
      'GET',
      (n) => `/api/v1/namespaces/${n}/pods/victim/exec?command=sh&stdin=true&tty=true`,
    ],
    ['attaches to a pod', 'GET', (n) => `/api/v1/namespaces/${n}/pods/victim/attach`],
    ['port-forwards', 'GET', (n) => `/api/v1/namespaces/${n}/pods/victim/portforward?ports=80`],
    ['proxies to a node', 'GET', () => '/api/v1/nodes/any/proxy/configz'],
    ['proxies to a service', 'GET', (n) => `/api/v1/namespaces/${n}/services/web/proxy/`],
    ['walks up with ..', 'GET', (n) => `/api/v1/namespaces/${n}/pods/../../secrets`],
    ['smuggles an encoded slash', 'GET', (n) => `/api/v1/namespaces/${n}/pods/x%2F..%2F..%2Fsecrets`],
    ['smuggles encoded dots', 'GET', () => '/api/v1/namespaces/%2e%2e/secrets'],
    ['follows a log forever', 'GET', (n) => `/api/v1/namespaces/${n}/pods/victim/log?follow=true`],
    [
      'disables kubelet TLS checks',
      'GET',
      (n) => `/api/v1/namespaces/${n}/pods/victim/log?insecureSkipTLSVerifyBackend=true`,
    ],
    ['reads RBAC', 'GET', () => '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings'],
    ['reads ConfigMaps', 'GET', (n) => `/api/v1/namespaces/${n}/configmaps`],
  ];

  for (const [what, method, path] of attacks) {
    it(`refuses a request that ${what}`, async function () {
      await assert.rejects(live(session).send(method as 'GET', path(ns)), PolicyDenied);
    });
  }

  it('refuses reads in another namespace under a fence, and cluster-wide lists', async function () {
    await assert.rejects(
      live(fenced).send('GET', `/api/v1/namespaces/${ns}/pods`),
      /outside the allowed namespaces/,
    );
    await assert.rejects(live(fenced).send('GET', '/api/v1/pods'), /cross the namespace fence/);
    await assert.rejects(fenced.cluster.get('pods', 'victim', ns), PolicyDenied);
  });

  it('audits every refusal in its own log', function () {
    const denied = readAudit(auditLog).filter((r) => r.decision === 'denied');
    assert.equal(denied.length, attacks.length + 3);
    assert.ok(denied.every((r) => r.reason && r.source === 'live'));
  });

  it('let none of them reach the apiserver (its audit log is the witness)', async function () {
    // A marker read that does reach the server: once it is in the audit log, anything sent before it is too.
    await session.cluster.list('pods', { namespace: ns });
    await cp.waitForAuditEvents({
      user: viewerUsername,
      uriIncludes: `/api/v1/namespaces/${ns}/pods?`,
      since: started,
    });
    const arrived = fromTool(await cp.auditEvents({ user: viewerUsername, since: started }));
    assert.deepEqual(
      arrived.map((e) => `${e.verb} ${e.requestURI}`),
      [`list /api/v1/namespaces/${ns}/pods?limit=500`],
    );
  });
});
