/**
 * The live plane's real components: kube-scheduler, kube-controller-manager and kwok, each with its
 * own client certificate and kubeconfig, started against a running apiserver. Nothing here writes a
 * status: the scheduler binds pods and writes PodScheduled, the controllers do what they do in any
 * cluster, and kwok plays the kubelet of the nodes labelled `type=kwok` (stages in kwok/*.yaml).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { parseAllDocuments } from 'yaml';
import type { ComponentBinaries } from './binaries.js';
import type { KubeApi } from './kubeapi.js';
import { writeKubeconfigFile } from './kubeconfig.js';
import { kwokRoleFile, kwokStagesDir } from './paths.js';
import type { PkiFiles } from './pki.js';
import { freePorts, pollUntil, tailFile } from './processes.js';
import type { StartedProcess } from './processes.js';
import type { KubeObject } from './resources.js';

/** kwok manages exactly the nodes carrying this label; any other node is nobody's. */
export const kwokNodeLabel = { key: 'type', value: 'kwok' } as const;

/**
 * The controllers issue #13 asks for, by their 1.36 names (cmd/kube-controller-manager/names), plus
 * the two that make service accounts usable: root-ca-certificate-publisher (kube-root-ca.crt in
 * every namespace) and serviceaccount-token. Not run: taint-eviction (pods on an unreachable node
 * stay, so a test sees the taint and the pods together), pod-garbage-collector, node-ipam, csr-*.
 */
export const controllers = [
  'deployment-controller',
  'replicaset-controller',
  'statefulset-controller',
  'daemonset-controller',
  'job-controller',
  'cronjob-controller',
  'endpointslice-controller',
  'endpoints-controller',
  'serviceaccount-controller',
  'serviceaccount-token-controller',
  'root-ca-certificate-publisher-controller',
  'namespace-controller',
  'persistentvolume-binder-controller',
  'persistentvolume-attach-detach-controller',
  'node-lifecycle-controller',
  'resourcequota-controller',
  'horizontal-pod-autoscaler-controller',
  'garbage-collector-controller',
  'disruption-controller',
] as const;

/**
 * Timing of heartbeats. kwok renews each node's Lease every duration/4 (2 s); node-lifecycle checks
 * every second and calls a node whose Lease is older than the grace period Unknown. Real clusters use
 * 40 s / 5 s / 50 s; shorter here so a "node stops" test takes seconds, not a minute.
 */
export const heartbeat = { leaseDurationSeconds: 8, monitorPeriod: '1s', gracePeriodSeconds: 10 } as const;

export interface ComponentPorts {
  scheduler: number;
  controllerManager: number;
  kwok: number;
}

export interface ComponentLaunch {
  name: 'kube-scheduler' | 'kube-controller-manager' | 'kwok';
  exe: string;
  args: string[];
  /** HTTPS (self-signed serving cert) or HTTP health endpoint that answers once the component runs. */
  healthz: string;
}

export function kwokRbacObjects(): KubeObject[] {
  return parseAllDocuments(readFileSync(kwokRoleFile, 'utf8'))
    .map((doc) => doc.toJS() as KubeObject | null)
    .filter((obj): obj is KubeObject => obj !== null);
}

/** kwok's -c argument: every Stage document under test/cluster/kwok, in one file. */
async function writeKwokConfig(stateDir: string): Promise<string> {
  const files = readdirSync(kwokStagesDir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  const text = files.map((f) => readFileSync(join(kwokStagesDir, f), 'utf8').trim()).join('\n---\n');
  const path = join(stateDir, 'kwok-stages.yaml');
  await writeFile(path, `${text}\n`);
  return path;
}

/** Writes each component's kubeconfig and config, and returns how to start them. */
export async function prepareComponents(opts: {
  stateDir: string;
  server: string;
  pki: PkiFiles;
  binaries: ComponentBinaries;
  kubeletPort: number;
}): Promise<ComponentLaunch[]> {
  const { stateDir, server, pki, binaries } = opts;
  const [scheduler, controllerManager, kwok] = (await freePorts(3)) as [number, number, number];
  const kubeconfig = (name: string, cert: string, key: string) =>
    writeKubeconfigFile(join(stateDir, `${name}.kubeconfig`), {
      server,
      caFile: pki.caCert,
      clientCertFile: cert,
      clientKeyFile: key,
      context: name,
    });
  const [schedulerKubeconfig, kcmKubeconfig, kwokKubeconfig, kwokConfig] = await Promise.all([
    kubeconfig('kube-scheduler', pki.schedulerCert, pki.schedulerKey),
    kubeconfig('kube-controller-manager', pki.controllerManagerCert, pki.controllerManagerKey),
    kubeconfig('kwok', pki.kwokCert, pki.kwokKey),
    writeKwokConfig(stateDir),
  ]);
  return [
    {
      name: 'kube-scheduler',
      exe: binaries.kubeScheduler,
      healthz: `https://127.0.0.1:${scheduler}/healthz`,
      args: [
        `--kubeconfig=${schedulerKubeconfig}`,
        '--bind-address=127.0.0.1',
        `--secure-port=${scheduler}`,
        `--cert-dir=${join(stateDir, 'kube-scheduler-certs')}`,
        '--leader-elect=false',
        '--profiling=false',
      ],
    },
    {
      name: 'kube-controller-manager',
      exe: binaries.kubeControllerManager,
      healthz: `https://127.0.0.1:${controllerManager}/healthz`,
      args: [
        `--kubeconfig=${kcmKubeconfig}`,
        '--bind-address=127.0.0.1',
        `--secure-port=${controllerManager}`,
        `--cert-dir=${join(stateDir, 'kube-controller-manager-certs')}`,
        '--leader-elect=false',
        '--profiling=false',
        // Each controller acts as its own ServiceAccount (kube-system/<name>), bound by the
        // apiserver's bootstrap roles system:controller:<name>, as kubeadm clusters run it.
        '--use-service-account-credentials=true',
        `--service-account-private-key-file=${pki.serviceAccountKey}`,
        `--root-ca-file=${pki.caCert}`,
        `--controllers=${controllers.join(',')}`,
        '--cluster-name=kubectl-diag-test',
        `--node-monitor-period=${heartbeat.monitorPeriod}`,
        `--node-monitor-grace-period=${heartbeat.gracePeriodSeconds}s`,
        '--horizontal-pod-autoscaler-sync-period=5s',
        '--kube-api-qps=100',
        '--kube-api-burst=200',
        ...(process.env['CLUSTER_KCM_ARGS'] ?? '').split(/\s+/).filter(Boolean),
      ],
    },
    {
      name: 'kwok',
      exe: binaries.kwok,
      healthz: `http://127.0.0.1:${kwok}/healthz`,
      args: [
        `--kubeconfig=${kwokKubeconfig}`,
        `--config=${kwokConfig}`,
        '--manage-all-nodes=false',
        `--manage-nodes-with-label-selector=${kwokNodeLabel.key}=${kwokNodeLabel.value}`,
        // Node addresses and kubelet port: the apiserver proxies pods/log to 127.0.0.1:<port>, the
        // stand-in kubelet, exactly as on the static plane.
        '--node-ip=127.0.0.1',
        `--node-port=${opts.kubeletPort}`,
        `--server-address=127.0.0.1:${kwok}`,
        '--cidr=10.244.0.0/16',
        `--node-lease-duration-seconds=${heartbeat.leaseDurationSeconds}`,
      ],
    },
  ];
}

/**
 * Waits until every component answers /healthz and the controller-manager has done its first job
 * (the `default` ServiceAccount of the `default` namespace, which pods need to be admitted).
 */
export async function waitForComponents(
  launches: ComponentLaunch[],
  processes: StartedProcess[],
  api: KubeApi,
  timeoutMs: number,
): Promise<void> {
  // The components serve /healthz with a self-signed certificate they make at start; the path is
  // allowed without credentials (their --authorization-always-allow-paths default).
  const agent = new Agent({ connect: { rejectUnauthorized: false }, connections: 3 });
  const healthy = async (url: string) => {
    try {
      const res = await request(url, { dispatcher: agent, headersTimeout: 2_000, bodyTimeout: 2_000 });
      await res.body.dump();
      return res.statusCode === 200;
    } catch {
      return false;
    }
  };
  const failIfExited = () => {
    const dead = processes.find((p) => p.exit !== undefined);
    if (dead) {
      const how = dead.exit?.signal ? `signal ${dead.exit.signal}` : `code ${dead.exit?.code}`;
      throw new Error(
        `${dead.name} exited during start-up (${how}). Last lines of ${dead.logFile}:\n${tailFile(dead.logFile, 40)}`,
      );
    }
  };
  const pending = new Set(launches.map((l) => l.name));
  try {
    const ok = await pollUntil(
      async () => {
        failIfExited();
        await Promise.all(
          launches
            .filter((l) => pending.has(l.name))
            .map(async (l) => {
              if (await healthy(l.healthz)) pending.delete(l.name);
            }),
        );
        if (pending.size > 0) return false;
        const sa = await api.raw('GET', '/api/v1/namespaces/default/serviceaccounts/default');
        return sa.status === 200;
      },
      timeoutMs,
      100,
    );
    if (!ok) {
      const waiting = pending.size > 0 ? [...pending].join(', ') : 'the default ServiceAccount';
      const logs = processes.map((p) => `--- last lines of ${p.logFile} ---\n${tailFile(p.logFile, 20)}`);
      throw new Error(
        `live plane not ready after ${timeoutMs / 1000} s (waiting for ${waiting})\n${logs.join('\n')}`,
      );
    }
  } finally {
    await agent.close();
  }
}
