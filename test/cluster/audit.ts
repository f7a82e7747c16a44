import { readFile } from 'node:fs/promises';
import { pollUntil } from './processes.js';

/**
 * Every request at Metadata level (who, verb, URI, response code — never bodies). RequestReceived is
 * omitted so each request is one ResponseComplete line (watches add a ResponseStarted line).
 */
export const auditPolicy = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: ["RequestReceived"]
rules:
  - level: Metadata
`;

/** The fields of an audit.k8s.io/v1 Event that tests look at. */
export interface AuditEvent {
  auditID: string;
  stage: 'ResponseStarted' | 'ResponseComplete' | 'Panic' | 'RequestReceived';
  verb: string;
  requestURI: string;
  /** Empty for requests that failed authentication (401). */
  user: { username?: string; groups?: string[] };
  impersonatedUser?: { username: string; groups?: string[] };
  sourceIPs?: string[];
  userAgent?: string;
  objectRef?: {
    resource?: string;
    namespace?: string;
    name?: string;
    apiGroup?: string;
    subresource?: string;
  };
  responseStatus?: { code?: number; status?: string; reason?: string; message?: string };
  requestReceivedTimestamp: string;
  stageTimestamp: string;
  annotations?: Record<string, string>;
}

export interface AuditFilter {
  /** Exact username, e.g. `system:serviceaccount:kube-system:diagnostic-viewer`. */
  user?: string;
  verb?: string;
  uriIncludes?: string;
  /** Only requests received at or after this time. */
  since?: Date;
  stage?: AuditEvent['stage'];
  /** Only events with this HTTP response code. */
  code?: number;
}

/** Parses the apiserver's JSON-lines audit log and returns the events that match. */
export async function readAuditEvents(file: string, filter: AuditFilter = {}): Promise<AuditEvent[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const events: AuditEvent[] = [];
  for (const line of text.split('\n')) {
    // A cheap substring test before parsing: a benchmark's audit log holds tens of thousands of lines.
    if (!line || (filter.user && !line.includes(filter.user))) continue;
    const event = JSON.parse(line) as AuditEvent;
    if (matches(event, filter)) events.push(event);
  }
  return events;
}

function matches(e: AuditEvent, f: AuditFilter): boolean {
  if (f.user !== undefined && e.user.username !== f.user) return false;
  if (f.verb !== undefined && e.verb !== f.verb) return false;
  if (f.uriIncludes !== undefined && !e.requestURI.includes(f.uriIncludes)) return false;
  if (f.since !== undefined && Date.parse(e.requestReceivedTimestamp) < f.since.getTime()) return false;
  if (f.stage !== undefined && e.stage !== f.stage) return false;
  if (f.code !== undefined && e.responseStatus?.code !== f.code) return false;
  return true;
}

/**
 * Waits until at least `count` matching events are in the log. The apiserver writes an event as the
 * request completes, which can be a moment after the client already has the response.
 */
export async function waitForAuditEvents(
  file: string,
  filter: AuditFilter,
  opts: { count?: number; timeoutMs?: number } = {},
): Promise<AuditEvent[]> {
  const count = opts.count ?? 1;
  let events: AuditEvent[] = [];
  const ok = await pollUntil(
    async () => {
      events = await readAuditEvents(file, filter);
      return events.length >= count;
    },
    opts.timeoutMs ?? 10_000,
    50,
  );
  if (!ok) {
    throw new Error(
      `expected ${count} audit event(s) matching ${JSON.stringify(filter)} in ${file}, found ${events.length}`,
    );
  }
  return events;
}
