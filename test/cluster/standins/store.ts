import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * The files through which tests (writers) tell the stand-in kubelet and metrics server (readers, in
 * another process) what to serve. Readers read on every request, so a change is visible at once;
 * writers replace files atomically, so a reader never sees half a file.
 *
 *   <stateDir>/standins/ports.json                          where the stand-ins listen
 *   <stateDir>/standins/logs/<ns>/<pod>/<container>/current.log|previous.log   "<RFC3339Nano> <text>" lines
 *   <stateDir>/standins/logs/<ns>/<pod>/<container>/error.json                 {status, message}
 *   <stateDir>/standins/metrics/nodes.json|pods.json        NodeMetrics / PodMetrics objects by key
 */
export class StandinStore {
  readonly root: string;

  constructor(stateDir: string) {
    this.root = join(stateDir, 'standins');
  }

  get portsFile(): string {
    return join(this.root, 'ports.json');
  }

  podDir(namespace: string, pod: string): string {
    return join(this.root, 'logs', safe(namespace), safe(pod));
  }

  containerDir(namespace: string, pod: string, container: string): string {
    return join(this.podDir(namespace, pod), safe(container));
  }

  logFile(namespace: string, pod: string, container: string, previous: boolean): string {
    return join(this.containerDir(namespace, pod, container), previous ? 'previous.log' : 'current.log');
  }

  errorFile(namespace: string, pod: string, container: string): string {
    return join(this.containerDir(namespace, pod, container), 'error.json');
  }

  metricsFile(kind: 'nodes' | 'pods'): string {
    return join(this.root, 'metrics', `${kind}.json`);
  }

  /** Atomic replace: write a sibling then rename over. */
  async write(file: string, content: string): Promise<void> {
    await mkdir(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(tmp, content);
    await rename(tmp, file);
  }

  async remove(file: string): Promise<void> {
    await rm(file, { recursive: true, force: true });
  }

  readText(file: string): string | undefined {
    return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  }

  readJson<T>(file: string, fallback: T): T {
    const text = this.readText(file);
    return text === undefined ? fallback : (JSON.parse(text) as T);
  }
}

export interface StandinPorts {
  pid: number;
  kubeletPort: number;
  metricsPort: number;
}

/** Kubernetes names never contain `/` or `..`; refuse anything that could leave the store. */
function safe(segment: string): string {
  if (!/^[A-Za-z0-9._-]+$/.test(segment) || segment === '.' || segment === '..') {
    throw new Error(`not a Kubernetes name: ${JSON.stringify(segment)}`);
  }
  return segment;
}
