import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StandinStore } from './store.js';

/**
 * The part of a kubelet's API that `GET /api/v1/namespaces/NS/pods/NAME/log` reaches: the apiserver
 * turns that request into `GET https://<node InternalIP>:<kubeletEndpoint port>/containerLogs/NS/NAME/CONTAINER`
 * with the same options. Behaviour follows the kubelet (pkg/kubelet/server and kuberuntime logs):
 * tailLines is applied before sinceSeconds/sinceTime, limitBytes cuts the final output, timestamps
 * prefixes the stored RFC3339Nano time, and a missing pod, container or previous instance is an error.
 */
export function handleKubeletRequest(store: StandinStore, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'https://kubelet.invalid');
  const match = /^\/containerLogs\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(url.pathname);
  if (req.method !== 'GET' || !match) return reply(res, 404, `404 page not found: ${url.pathname}`);
  const [namespace, pod, container] = match.slice(1).map(decodeURIComponent) as [string, string, string];
  try {
    const body = containerLogs(store, namespace, pod, container, url.searchParams);
    if (typeof body === 'string') reply(res, 200, body);
    else reply(res, body.status, body.message);
  } catch (err) {
    reply(res, 500, `stand-in kubelet: ${(err as Error).message}`);
  }
}

interface LogError {
  status: number;
  message: string;
}

function containerLogs(
  store: StandinStore,
  namespace: string,
  pod: string,
  container: string,
  params: URLSearchParams,
): string | LogError {
  if (!isName(namespace) || !isName(pod) || !existsSync(store.podDir(namespace, pod))) {
    return { status: 404, message: `pod "${pod}" does not exist` };
  }
  if (!isName(container) || !existsSync(store.containerDir(namespace, pod, container))) {
    return { status: 404, message: `container "${container}" not found in pod "${pod}"` };
  }
  const preset = store.readJson<LogError | undefined>(store.errorFile(namespace, pod, container), undefined);
  if (preset) return preset;
  const previous = params.get('previous') === 'true';
  const text = store.readText(store.logFile(namespace, pod, container, previous));
  if (text === undefined) {
    if (previous) {
      return {
        status: 400,
        message: `previous terminated container "${container}" in pod "${pod}" not found`,
      };
    }
    return '';
  }
  return render(parseLines(text), params);
}

interface LogLine {
  time: string;
  text: string;
}

function parseLines(text: string): LogLine[] {
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => {
      const space = line.indexOf(' ');
      return space < 0
        ? { time: line, text: '' }
        : { time: line.slice(0, space), text: line.slice(space + 1) };
    });
}

function render(lines: LogLine[], params: URLSearchParams): string {
  let selected = lines;
  const tail = intParam(params, 'tailLines');
  if (tail !== undefined && tail >= 0) selected = tail === 0 ? [] : selected.slice(-tail);
  const since = sinceMillis(params);
  if (since !== undefined) selected = selected.filter((line) => Date.parse(line.time) >= since);
  const withTimes = params.get('timestamps') === 'true';
  let out = selected.map((line) => (withTimes ? `${line.time} ${line.text}\n` : `${line.text}\n`)).join('');
  const limit = intParam(params, 'limitBytes');
  if (limit !== undefined && limit > 0) out = Buffer.from(out).subarray(0, limit).toString();
  return out;
}

function sinceMillis(params: URLSearchParams): number | undefined {
  const seconds = intParam(params, 'sinceSeconds');
  if (seconds !== undefined) return Date.now() - seconds * 1000;
  const sinceTime = params.get('sinceTime');
  return sinceTime ? Date.parse(sinceTime) : undefined;
}

function intParam(params: URLSearchParams, name: string): number | undefined {
  const value = params.get(name);
  return value === null || value === '' ? undefined : Number.parseInt(value, 10);
}

function isName(segment: string): boolean {
  return /^[A-Za-z0-9._-]+$/.test(segment) && segment !== '.' && segment !== '..';
}

function reply(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(body);
}
