import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { auditPolicy, readAuditEvents, waitForAuditEvents } from './audit.js';
import type { AuditEvent, AuditFilter } from './audit.js';
import { ensureBinaries, ensureComponentBinaries, linkBinaries } from './binaries.js';
import { kwokRbacObjects, prepareComponents, waitForComponents } from './components.js';
import { KubeApi } from './kubeapi.js';
import { writeKubeconfigFile } from './kubeconfig.js';
import { e2eStateDir } from './paths.js';
import { generatePki, pkiFiles } from './pki.js';
import type { PkiFiles } from './pki.js';
import {
  builtinNamespaces,
  metricsApiService,
  metricsService,
  viewerNamespace,
  viewerRbacObjects,
  viewerServiceAccount,
} from './platform.js';
import {
  freePorts,
  isAlive,
  killNow,
  pollUntil,
  runsExecutable,
  startProcess,
  stopPid,
  tailFile,
} from './processes.js';
import type { ProcessRecord, StartedProcess } from './processes.js';
import * as build from './builders.js';
import { ResourceMapper } from './resources.js';
import { LiveScenario } from './live.js';
import { Seeder } from './seed.js';
import { StandinStore } from './standins/store.js';
import type { StandinPorts } from './standins/store.js';
import { forgeExpiredServiceAccountToken, serviceAccountIssuer } from './tokens.js';

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface KubeconfigOptions {
  /** Bearer token; default: a fresh 1-hour token of diagnostic-viewer. */
  token?: string;
  /** Server URL; default: this control plane (give another to test an unreachable or wrong server). */
  server?: string;
  /** CA bundle to trust; default: the control plane's CA. */
  caFile?: string;
  context?: string;
  namespace?: string;
}

/** A running kube-apiserver + etcd (+ stand-in kubelet and metrics server) on 127.0.0.1. */
export interface ControlPlane {
  server: string;
  /**
   * True for the live plane: kube-scheduler, kube-controller-manager and kwok run against it, so
   * statuses come from them and a test must not write any. False for the static plane, where every
   * status is what a test writes.
   */
  live: boolean;
  stateDir: string;
  binDir: string;
  caFile: string;
  /** Client certificate of `kubernetes-admin` in `system:masters`: for seeding only. */
  adminKubeconfig: string;
  /** Token of ServiceAccount kube-system/diagnostic-viewer: the identity of the tool under test. */
  viewerKubeconfig: string;
  auditLogPath: string;
  /** Admin-identity scenario helpers. */
  seed: Seeder;
  /** Live-plane helpers (deployments, quotas, node failures…) that write no status (live.ts). */
  scenario: LiveScenario;
  /** Runs kubectl; default kubeconfig is the ADMIN one, pass `viewerKubeconfig` to act as the viewer. */
  kubectl(args: string[], opts?: { kubeconfig?: string; input?: string }): Promise<KubectlResult>;
  /** A TokenRequest token for the ServiceAccount (default 1 hour; the apiserver's minimum is 10 minutes). */
  mintToken(sa: string, namespace: string, seconds?: number): Promise<string>;
  /** A correctly signed token of the ServiceAccount that expired an hour ago: the real server answers 401. */
  forgeExpiredToken(sa: string, namespace: string): string;
  /** Writes a kubeconfig (mode 0600) and returns its path. */
  writeKubeconfig(path: string, opts: KubeconfigOptions): Promise<string>;
  /** The apiserver's own audit events (every request, Metadata level) matching the filter. */
  auditEvents(filter?: AuditFilter): Promise<AuditEvent[]>;
  /** Like auditEvents, but waits (default 10 s) until at least `count` (default 1) match. */
  waitForAuditEvents(
    filter: AuditFilter,
    opts?: { count?: number; timeoutMs?: number },
  ): Promise<AuditEvent[]>;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Default `.cache/cluster-e2e`; `npm run cluster:up` uses `.cache/cluster`. */
  stateDir?: string;
  /** Let the processes outlive this Node process (for `cluster:up`). Default false: they are children. */
  detached?: boolean;
  /** How long to wait for /readyz. */
  readyTimeoutMs?: number;
  /** Also run kube-scheduler, kube-controller-manager and kwok (the live plane). Default false. */
  live?: boolean;
  /**
   * Tight server concurrency for throttling tests: `--max-requests-inflight` and
   * `--max-mutating-requests-inflight` (with APF on, their sum is the concurrency the priority levels
   * share). Default 1000 / 500, room for benchmarks seeding in parallel.
   */
  limits?: { maxRequestsInflight: number; maxMutatingRequestsInflight: number };
  log?: (msg: string) => void;
}

/** What is recorded in `<stateDir>/controlplane.json` so another process can attach or clean up. */
interface StateRecord {
  server: string;
  binDir: string;
  kubeletPort: number;
  metricsPort: number;
  processes: ProcessRecord[];
  startedAt: string;
  startSeconds?: number;
  /** Seconds from the start to each step (apiserverReady, bootstrapped, componentsReady). */
  phases?: Record<string, number>;
  live?: boolean;
}

const stateFileName = 'controlplane.json';
const adminContext = 'admin@kubectl-diag-test';
const viewerContext = 'diagnostic-viewer@kubectl-diag-test';

/**
 * Starts etcd, kube-apiserver and the stand-ins on free loopback ports (building the binaries on
 * first use), bootstraps RBAC, the viewer identity and metrics.k8s.io, and returns once /readyz is ok
 * and metrics are served. Leftovers of an earlier run in the same state dir are stopped first.
 */
export async function startControlPlane(opts: StartOptions = {}): Promise<ControlPlane> {
  const started = Date.now();
  const stateDir = opts.stateDir ?? e2eStateDir;
  const log = opts.log ?? ((msg: string) => console.error(msg));
  const live = opts.live ?? false;
  await stopRecordedProcesses(stateDir);
  await clearState(stateDir);
  const binaries = await ensureBinaries(log);
  const components = live ? await ensureComponentBinaries(log) : undefined;
  const binDir = join(stateDir, 'bin');
  await linkBinaries(binaries, binDir, components);

  const pki = await generatePki(join(stateDir, 'pki'));
  await writeFile(join(stateDir, 'audit-policy.yaml'), auditPolicy);
  const [etcdPort, etcdPeerPort, apiserverPort] = (await freePorts(3)) as [number, number, number];
  const server = `https://127.0.0.1:${apiserverPort}`;
  const launch = (name: string, exe: string, args: string[]) =>
    startProcess(name, exe, args, {
      logFile: join(stateDir, `${name}.log`),
      detached: opts.detached ?? false,
    });

  const processes: StartedProcess[] = [];
  // Recorded before anything can fail, so a crash mid-start leaves pids the next start can stop.
  const recordPids = () =>
    writeState(stateDir, {
      server,
      binDir,
      kubeletPort: 0,
      metricsPort: 0,
      processes: processes.map(toRecord),
      startedAt: new Date(started).toISOString(),
      live,
    });
  const exitHandle = opts.detached ? undefined : installExitHandlers(processes);
  const api = new KubeApi(server, adminCredentials(pki));
  try {
    processes.push(launch('etcd', binaries.etcd, etcdArgs(stateDir, etcdPort, etcdPeerPort)));
    processes.push(
      launch(
        'kube-apiserver',
        binaries.kubeApiserver,
        apiserverArgs(stateDir, pki, apiserverPort, etcdPort, opts.limits),
      ),
    );
    const standins = standinCommand(stateDir);
    processes.push(launch('standins', standins.exe, standins.args));
    recordPids();

    const [ports] = await Promise.all([
      waitForStandins(stateDir, processes),
      waitForReadyz(api, processes, opts.readyTimeoutMs ?? 60_000),
    ]);
    const state: StateRecord = {
      server,
      binDir,
      kubeletPort: ports.kubeletPort,
      metricsPort: ports.metricsPort,
      processes: processes.map(toRecord),
      startedAt: new Date(started).toISOString(),
      live,
    };
    const plane = attach(stateDir, state, api, processes, exitHandle);
    const phases: Record<string, number> = { apiserverReady: (Date.now() - started) / 1000 };
    // The live plane's components start as soon as the apiserver is ready (kwok's RBAC first, so its
    // first requests are allowed) and come up while the rest of the bootstrap runs.
    const componentsReady = components
      ? (async () => {
          await Promise.all(kwokRbacObjects().map((obj) => plane.seed.createIfMissing(obj)));
          const launches = await prepareComponents({
            stateDir,
            server,
            pki,
            binaries: components,
            kubeletPort: ports.kubeletPort,
          });
          const componentProcesses = launches.map((l) => launch(l.name, l.exe, l.args));
          processes.push(...componentProcesses);
          state.processes = processes.map(toRecord);
          writeState(stateDir, state);
          await waitForComponents(launches, componentProcesses, api, opts.readyTimeoutMs ?? 60_000);
          phases['componentsReady'] = (Date.now() - started) / 1000;
        })()
      : Promise.resolve();
    const bootstrapped = bootstrap(plane, pki, state).then(() => {
      phases['bootstrapped'] = (Date.now() - started) / 1000;
    });
    // Both settle before either failure is thrown, so no launch is left unrecorded.
    const results = await Promise.allSettled([componentsReady, bootstrapped]);
    const failure = results.find((r) => r.status === 'rejected');
    if (failure) throw failure.reason;
    state.phases = phases;
    state.startSeconds = (Date.now() - started) / 1000;
    writeState(stateDir, state);
    return plane;
  } catch (err) {
    await Promise.all(processes.map((p) => stopPid(p.pid, 3_000)));
    if (exitHandle) removeExitHandlers(exitHandle);
    await api.close();
    throw err;
  }
}

/** Attaches to a control plane that is already running (e.g. started by `cluster:up` or another process). */
export function connectControlPlane(stateDir: string): ControlPlane {
  const state = readState(stateDir);
  if (!state) throw new Error(`no control plane recorded in ${stateDir} (run \`npm run cluster:up\`)`);
  return attach(
    stateDir,
    state,
    new KubeApi(state.server, adminCredentials(pkiFiles(join(stateDir, 'pki')))),
    [],
  );
}

/** True if the control plane recorded in `stateDir` still runs (all its processes alive). */
export function isRunning(stateDir: string): boolean {
  const state = readState(stateDir);
  return (
    state !== undefined &&
    state.processes.length > 0 &&
    state.processes.every((p) => isAlive(p.pid) && runsExecutable(p.pid, p.executable))
  );
}

/** Stops whatever processes `stateDir` records (checking each pid still runs the recorded binary). */
export async function stopRecordedProcesses(stateDir: string): Promise<void> {
  const state = readState(stateDir);
  if (!state) return;
  // Stand-ins and apiserver before etcd, so the apiserver does not spend its shutdown retrying etcd.
  // Components before the apiserver (they would only log its absence), etcd last.
  const rank = (name: string) => (name === 'etcd' ? 2 : name === 'kube-apiserver' ? 1 : 0);
  const ordered = [...state.processes].sort((a, b) => rank(a.name) - rank(b.name));
  for (const p of ordered) {
    if (isAlive(p.pid) && runsExecutable(p.pid, p.executable)) await stopPid(p.pid);
  }
}

/** Removes the state of a control plane but keeps `bin/` (links into the binary cache). */
export async function clearState(stateDir: string): Promise<void> {
  await mkdir(stateDir, { recursive: true });
  for (const entry of await readdir(stateDir)) {
    if (entry !== 'bin') await rm(join(stateDir, entry), { recursive: true, force: true });
  }
}

function attach(
  stateDir: string,
  state: StateRecord,
  api: KubeApi,
  children: StartedProcess[],
  exitHandle?: ExitHandle,
): ControlPlane {
  const pki = pkiFiles(join(stateDir, 'pki'));
  const seed = new Seeder({
    api,
    mapper: new ResourceMapper(api),
    store: new StandinStore(stateDir),
    kubeletPort: state.kubeletPort,
    metricsPort: state.metricsPort,
    caFile: pki.caCert,
  });
  const auditLogPath = join(stateDir, 'audit.log');
  const adminKubeconfig = join(stateDir, 'admin.kubeconfig');
  const mintToken = async (sa: string, namespace: string, seconds = 3600) => {
    const path = `/api/v1/namespaces/${namespace}/serviceaccounts/${sa}/token`;
    const body = {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: { expirationSeconds: seconds },
    };
    return (await api.post<{ status: { token: string } }>(path, body)).status.token;
  };
  return {
    server: state.server,
    live: state.live ?? false,
    stateDir,
    binDir: state.binDir,
    caFile: pki.caCert,
    adminKubeconfig,
    viewerKubeconfig: join(stateDir, 'viewer.kubeconfig'),
    auditLogPath,
    seed,
    scenario: new LiveScenario(seed),
    kubectl: (args, opts = {}) =>
      runKubectl(join(state.binDir, 'kubectl'), opts.kubeconfig ?? adminKubeconfig, args, opts.input),
    mintToken,
    forgeExpiredToken: (sa, namespace) =>
      forgeExpiredServiceAccountToken(pki.serviceAccountKey, sa, namespace),
    writeKubeconfig: async (path, opts) =>
      writeKubeconfigFile(path, {
        server: opts.server ?? state.server,
        caFile: opts.caFile ?? pki.caCert,
        token: opts.token ?? (await mintToken(viewerServiceAccount, viewerNamespace)),
        context: opts.context ?? viewerContext,
        namespace: opts.namespace,
      }),
    auditEvents: (filter) => readAuditEvents(auditLogPath, filter),
    waitForAuditEvents: (filter, opts) => waitForAuditEvents(auditLogPath, filter, opts),
    stop: async () => {
      await stopRecordedProcesses(stateDir);
      for (const child of children) child.child.removeAllListeners();
      if (exitHandle) removeExitHandlers(exitHandle);
      await api.close();
    },
  };
}

// ------------------------------------------------------------------ process arguments

function etcdArgs(stateDir: string, port: number, peerPort: number): string[] {
  const client = `http://127.0.0.1:${port}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  return [
    '--name=default',
    `--data-dir=${join(stateDir, 'etcd')}`,
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${client}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=default=${peer}`,
    // Throw-away data: skipping fsync makes seeding thousands of objects several times faster.
    '--unsafe-no-fsync',
    '--log-level=warn',
  ];
}

function apiserverArgs(
  stateDir: string,
  pki: PkiFiles,
  port: number,
  etcdPort: number,
  limits: StartOptions['limits'],
): string[] {
  return [
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    `--secure-port=${port}`,
    `--cert-dir=${join(stateDir, 'apiserver-certs')}`,
    `--etcd-servers=http://127.0.0.1:${etcdPort}`,
    `--tls-cert-file=${pki.apiserverCert}`,
    `--tls-private-key-file=${pki.apiserverKey}`,
    `--client-ca-file=${pki.caCert}`,
    '--authorization-mode=Node,RBAC',
    '--service-cluster-ip-range=10.96.0.0/12',
    '--allow-privileged=true',
    // Service-account tokens: TokenRequest for the viewer, and the key the harness forges expired tokens with.
    `--service-account-issuer=${serviceAccountIssuer}`,
    `--service-account-key-file=${pki.serviceAccountPub}`,
    `--service-account-signing-key-file=${pki.serviceAccountKey}`,
    // Aggregation layer, for metrics.k8s.io.
    `--requestheader-client-ca-file=${pki.frontProxyCaCert}`,
    '--requestheader-allowed-names=front-proxy-client',
    '--requestheader-username-headers=X-Remote-User',
    '--requestheader-group-headers=X-Remote-Group',
    '--requestheader-extra-headers-prefix=X-Remote-Extra-',
    `--proxy-client-cert-file=${pki.frontProxyClientCert}`,
    `--proxy-client-key-file=${pki.frontProxyClientKey}`,
    // Not --enable-aggregator-routing=true: with it the aggregator dials EndpointSlice addresses, and
    // those may not be loopback. See metricsService() in platform.ts for the ExternalName route used.
    '--enable-aggregator-routing=false',
    // Kubelet connection, for pods/log through the stand-in kubelet.
    `--kubelet-client-certificate=${pki.kubeletClientCert}`,
    `--kubelet-client-key=${pki.kubeletClientKey}`,
    `--kubelet-certificate-authority=${pki.caCert}`,
    '--kubelet-preferred-address-types=InternalIP',
    // The witness of every request.
    `--audit-policy-file=${join(stateDir, 'audit-policy.yaml')}`,
    `--audit-log-path=${join(stateDir, 'audit.log')}`,
    '--audit-log-format=json',
    '--audit-log-mode=blocking',
    '--audit-log-maxsize=2048',
    // Benchmarks seed thousands of objects in parallel.
    `--max-requests-inflight=${limits?.maxRequestsInflight ?? 1000}`,
    `--max-mutating-requests-inflight=${limits?.maxMutatingRequestsInflight ?? 500}`,
    '--profiling=false',
    // The reconciler would publish 127.0.0.1 as the `kubernetes` Service's endpoint, which validation
    // refuses (loopback); without it the Service exists and simply has no endpoints.
    '--endpoint-reconciler-type=none',
    // For debugging, e.g. CLUSTER_APISERVER_ARGS=-v=4.
    ...(process.env['CLUSTER_APISERVER_ARGS'] ?? '').split(/\s+/).filter(Boolean),
  ];
}

/** Under tsx the harness runs from .ts sources; compiled, from dist/*.js. */
function standinCommand(stateDir: string): { exe: string; args: string[] } {
  const self = fileURLToPath(import.meta.url);
  const main = join(dirname(self), 'standins', `main${extname(self)}`);
  const args = extname(self) === '.ts' ? ['--import', 'tsx', main, stateDir] : [main, stateDir];
  return { exe: process.execPath, args };
}

function adminCredentials(pki: PkiFiles) {
  return {
    ca: readFileSync(pki.caCert, 'utf8'),
    cert: readFileSync(pki.adminCert, 'utf8'),
    key: readFileSync(pki.adminKey, 'utf8'),
  };
}

// ------------------------------------------------------------------ readiness

async function waitForReadyz(api: KubeApi, processes: StartedProcess[], timeoutMs: number): Promise<void> {
  let last = 'no answer yet';
  const ok = await pollUntil(
    async () => {
      failIfExited(processes);
      try {
        const res = await api.raw('GET', '/readyz');
        last = `${res.status} ${res.text.slice(0, 200)}`;
        return res.status === 200;
      } catch (err) {
        last = (err as Error).message;
        return false;
      }
    },
    timeoutMs,
    100,
  );
  if (!ok)
    throw new Error(
      `kube-apiserver not ready after ${timeoutMs / 1000} s (last /readyz: ${last})\n${logTails(processes)}`,
    );
}

async function waitForStandins(stateDir: string, processes: StartedProcess[]): Promise<StandinPorts> {
  const store = new StandinStore(stateDir);
  const ok = await pollUntil(() => (failIfExited(processes), existsSync(store.portsFile)), 30_000, 50);
  if (!ok) throw new Error(`stand-ins did not start within 30 s\n${logTails(processes)}`);
  return store.readJson<StandinPorts>(store.portsFile, { pid: 0, kubeletPort: 0, metricsPort: 0 });
}

function failIfExited(processes: StartedProcess[]): void {
  const dead = processes.find((p) => p.exit !== undefined);
  if (dead) {
    const how = dead.exit?.signal ? `signal ${dead.exit.signal}` : `code ${dead.exit?.code}`;
    const others = processes.filter((p) => p !== dead).map((p) => p.logFile);
    throw new Error(
      `${dead.name} exited during start-up (${how}). Last lines of ${dead.logFile}:\n` +
        `${tailFile(dead.logFile, 40)}\n(other logs: ${others.join(', ')})`,
    );
  }
}

function logTails(processes: StartedProcess[]): string {
  return processes.map((p) => `--- last lines of ${p.logFile} ---\n${tailFile(p.logFile, 25)}`).join('\n');
}

// ------------------------------------------------------------------ bootstrap

/** Creates what the cluster needs before tests: RBAC, viewer identity and kubeconfigs, metrics API. */
async function bootstrap(plane: ControlPlane, pki: PkiFiles, state: StateRecord): Promise<void> {
  const seed = plane.seed;
  await Promise.all([
    ...viewerRbacObjects().map((obj) => seed.createIfMissing(obj)),
    // On the live plane the serviceaccount controller makes them (and start-up waits for it).
    ...(state.live
      ? []
      : builtinNamespaces.map((ns) => seed.createIfMissing(build.serviceAccount(ns, 'default')))),
    seed.createIfMissing(metricsService(state.metricsPort)),
    seed.createIfMissing(metricsApiService(readFileSync(pki.caCert, 'utf8'), state.metricsPort)),
    writeKubeconfigFile(plane.adminKubeconfig, {
      server: plane.server,
      caFile: pki.caCert,
      clientCertFile: pki.adminCert,
      clientKeyFile: pki.adminKey,
      context: adminContext,
    }),
  ]);
  await Promise.all([plane.writeKubeconfig(plane.viewerKubeconfig, {}), seed.setMetricsApi('served')]);
}

// ------------------------------------------------------------------ kubectl

async function runKubectl(
  kubectl: string,
  kubeconfig: string,
  args: string[],
  input?: string,
): Promise<KubectlResult> {
  // A fresh discovery cache per call: kubectl caches discovery for 6 h, which would hide a test
  // switching metrics.k8s.io off or on.
  const cacheDir = await mkdtemp(join(dirname(kubeconfig), 'kubectl-cache-'));
  try {
    const child = spawn(kubectl, [`--kubeconfig=${kubeconfig}`, ...args], {
      env: { ...process.env, KUBECACHEDIR: cacheDir, KUBECONFIG: kubeconfig },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdin.end(input ?? '');
    const code = await new Promise<number>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (c) => resolve(c ?? 1));
    });
    return { code, stdout, stderr };
  } finally {
    await rm(cacheDir, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------ state and exit handling

function toRecord(p: StartedProcess): ProcessRecord {
  return { name: p.name, pid: p.pid, executable: p.executable, logFile: p.logFile };
}

function writeState(stateDir: string, state: StateRecord): void {
  writeFileSync(join(stateDir, stateFileName), `${JSON.stringify(state, null, 2)}\n`);
}

function readState(stateDir: string): StateRecord | undefined {
  const file = join(stateDir, stateFileName);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as StateRecord;
  } catch {
    return undefined;
  }
}

/** The processes of every plane this Node process started and has not stopped yet. */
type ExitHandle = StartedProcess[];
const livePlanes = new Set<ExitHandle>();
const killAll = () => livePlanes.forEach((ps) => ps.forEach((p) => p.exit === undefined && killNow(p.pid)));
const onSignal = (sig: NodeJS.Signals) => {
  killAll();
  process.exit(128 + (sig === 'SIGINT' ? 2 : 15));
};

/**
 * Child processes must not outlive us: on a signal we kill them and exit with the conventional code;
 * on any exit (even a crash) they get SIGKILL. The next start also stops leftovers it finds recorded.
 * Several planes (the e2e run starts two) share one set of handlers.
 */
function installExitHandlers(processes: StartedProcess[]): ExitHandle {
  if (livePlanes.size === 0) {
    process.on('exit', killAll);
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  livePlanes.add(processes);
  return processes;
}

function removeExitHandlers(handle: ExitHandle): void {
  if (!livePlanes.delete(handle) || livePlanes.size > 0) return;
  process.off('exit', killAll);
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
}
