// Typed errors for every expected failure. Each carries what went wrong and what to do about it; the CLI
// prints `message` and `hint` (no stack), MCP returns them as an isError tool result.

export abstract class DiagError extends Error {
  abstract readonly code: string;
  /** Process exit code for the CLI. */
  readonly exitCode: number = 1;
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** The full text shown to a person or a model. */
  explain(): string {
    return this.hint ? `${this.message}\n${this.hint}` : this.message;
  }
}

interface Explained<F extends object> {
  message: string;
  hint?: string;
  /** Facts the caller may act on, kept as fields of the error (e.g. `status`). */
  fields?: F;
}

/**
 * The class of one expected failure: its stable code, its CLI exit code, and its message, hint and fields
 * made from the constructor's arguments. `class X extends failure('X', 2, (a: string) => ({ message: a })) {}`
 */
function failure<A extends unknown[], F extends object = object>(
  code: string,
  exitCode: number,
  explain: (...args: A) => Explained<F>,
) {
  class Failure extends DiagError {
    readonly code: string = code;
    override readonly exitCode: number = exitCode;
    constructor(...args: A) {
      const { message, hint, fields } = explain(...args);
      super(message, hint);
      Object.assign(this, fields);
    }
  }
  return Failure as unknown as new (...args: A) => Failure & Readonly<F>;
}

/** The policy's words for a request outside --allowed-namespaces (src/cluster/policy.ts decideResource). */
const FENCE_REASON = /outside the allowed namespaces|cross the namespace fence/;

/** The request was refused by kubectl-diag's own policy; it was never sent. */
export class PolicyDenied extends failure(
  'PolicyDenied',
  5,
  (method: string, path: string, reason: string) => ({
    message: `kubectl-diag refused ${method} ${path}: ${reason}.`,
    hint: FENCE_REASON.test(reason)
      ? 'Refused by the namespace fence (--allowed-namespaces / ALLOWED_NAMESPACES); this request was not sent to the cluster.'
      : 'kubectl-diag is read-only by design; this request was not sent to the cluster.',
    fields: { method, path, reason },
  }),
) {}

/** A message and hint as the caller words them. */
const stated = (message: string, hint?: string) => ({ message, hint });

export class BadInput extends failure('BadInput', 2, stated) {}

export class ConfigError extends failure('ConfigError', 2, stated) {}

/** READ_ONLY=false or similar: there is no write mode to switch to. */
export class WriteModeRefused extends failure('WriteModeRefused', 2, (value: string) => ({
  message: `READ_ONLY=${value} is not supported: kubectl-diag has no write mode.`,
  hint: 'Unset READ_ONLY or set READ_ONLY=true. Use kubectl itself, with an identity allowed to write, for changes.',
})) {}

export class ClusterUnreachable extends failure(
  'ClusterUnreachable',
  3,
  (
    server: string,
    detail: string,
    hint: string = 'Check that the server URL in your kubeconfig is right, that you are on the network (VPN?) and that the API server is up; `kubectl diag doctor` runs these checks.',
  ) => ({
    message: `cannot reach the Kubernetes API server at ${server}: ${detail}`,
    hint,
    fields: { server },
  }),
) {}

export class TlsFailure extends ClusterUnreachable {
  override readonly code = 'TlsFailure';
  constructor(server: string, detail: string) {
    super(
      server,
      `TLS handshake failed: ${detail}`,
      'The server certificate does not match what the kubeconfig trusts: check certificate-authority(-data) and the server name for this cluster.',
    );
  }
}

export class RequestTimeout extends failure(
  'RequestTimeout',
  3,
  (server: string, path: string, seconds: number) => ({
    message: `the API server at ${server} did not answer ${path} within ${seconds}s`,
    hint: 'The server may be overloaded or the network slow; retry, narrow the query with -n or -l, or raise --request-timeout.',
  }),
) {}

export class Unauthorized extends failure('Unauthorized', 4, (server: string, detail: string) => ({
  message: `the API server at ${server} did not accept the credentials (401 Unauthorized): ${detail}`,
  hint:
    'The token may have expired or been revoked. Mint a new time-limited one, e.g. ' +
    '`kubectl create token diagnostic-viewer -n kube-system --duration=8h`, and put it in your kubeconfig; ' +
    '`kubectl diag doctor` shows the expiry of the current token.',
})) {}

export interface ForbiddenDetail {
  verb?: string;
  resource?: string;
  group?: string;
  namespace?: string;
  user?: string;
}

export class Forbidden extends failure('Forbidden', 4, (detail: ForbiddenDetail, serverMessage: string) => {
  const what = detail.resource
    ? `${detail.verb ?? 'read'} ${detail.resource}${detail.group ? `.${detail.group}` : ''}` +
      (detail.namespace ? ` in namespace "${detail.namespace}"` : ' cluster-wide')
    : serverMessage;
  return {
    message: `permission denied (403): ${detail.user ?? 'this identity'} may not ${what}`,
    hint:
      'Grant the read-only role kubectl-diag needs: `kubectl diag rbac` prints it (apply it as an admin), ' +
      'and `kubectl diag doctor` lists every missing permission.',
    fields: { detail },
  };
}) {}

export class NotFound extends failure(
  'NotFound',
  6,
  (kind: string, objectName: string, namespace?: string, hint?: string) => ({
    message: `${kind} "${objectName}" not found${namespace ? ` in namespace "${namespace}"` : ''}`,
    hint,
    fields: { kind, objectName, namespace },
  }),
) {}

export class ServerError extends failure('ServerError', 1, (status: number, message: string) => ({
  message: `the API server answered ${status}: ${message}`,
  hint: 'Retry; if it persists, check the API server health.',
  fields: { status },
})) {}

export function isDiagError(error: unknown): error is DiagError {
  return error instanceof DiagError;
}

/** metrics.k8s.io is not served (no metrics-server, or it is down). Not fatal: usage is simply unknown. */
export class MetricsUnavailable extends failure('MetricsUnavailable', 1, (detail: string) => ({
  message: `resource usage is unavailable: metrics.k8s.io is not served (${detail})`,
  hint: 'Install or repair metrics-server to see usage; everything else works without it.',
})) {}

/** The kubelet could not give the log asked for (no previous instance, container not started, …). */
export class LogUnavailable extends failure(
  'LogUnavailable',
  1,
  (namespace: string, pod: string, container: string, detail: string) => ({
    message: `no log for container "${container}" of pod ${namespace}/${pod}: ${detail}`,
  }),
) {}

/** A snapshot that cannot be read: names the file (and line) and what was expected. */
export class SnapshotError extends failure('SnapshotError', 2, (message: string) => ({
  message,
  hint: 'A snapshot is a `kubectl diag snapshot save` file, a `kubectl cluster-info dump --output-directory` folder, or files of `kubectl get -o yaml|json` output.',
})) {}

/** Security: the audit record of a request could not be written, so the request was not sent. */
export class AuditUnavailable extends failure('AuditUnavailable', 2, (path: string, detail: string) => ({
  message: `cannot write the audit log ${path} (${detail}); the request was not sent.`,
  hint: 'kubectl-diag sends nothing it has not audited first: free space on that disk or point --audit-log (KUBECTL_DIAG_AUDIT_LOG) elsewhere.',
  fields: { path },
})) {}

/** An answer larger than the response bound; it was cut off rather than held in memory. */
export class ResponseTooLarge extends failure(
  'ResponseTooLarge',
  3,
  (server: string, path: string, limit: number) => ({
    message: `the answer of ${server} to ${path} is larger than ${Math.round(limit / 1024 / 1024)} MiB; kubectl-diag stopped reading it`,
    hint: 'Lists are read in pages (--chunk-size, 500 items by default), so an answer this large is unusual: narrow the query with -n or -l, pass a smaller --chunk-size, or check what sits between you and the API server.',
  }),
) {}

/** `snapshot save` would replace something at its target without --force. */
export class SnapshotExists extends failure('SnapshotExists', 2, (path: string, what: string) => ({
  message: `${path} already exists (${what}); kubectl-diag does not replace it without --force`,
  hint: 'Choose another file name, or pass --force to replace it (a symbolic link is replaced, never followed).',
})) {}

/** Security: a context outside --allowed-contexts / ALLOWED_CONTEXTS; nothing was read or sent for it. */
export class ContextDenied extends failure('ContextDenied', 5, (context: string, allowed: string[]) => ({
  message: `kubectl-diag refused context ${JSON.stringify(context.slice(0, 64).replace(/[^\x20-\x7e]/g, '?'))}: it is not in the allowed contexts${allowed.length ? ` (${allowed.join(', ')})` : ''}.`,
  hint: 'Refused by --allowed-contexts / ALLOWED_CONTEXTS; nothing was sent to any cluster.',
})) {}

/** The API server kept answering 429 (API Priority and Fairness or max-in-flight) until retries ran out. */
export class Throttled extends failure(
  'Throttled',
  3,
  (
    server: string,
    /** "flow schema "x", priority level "y"" (names when readable, else the UIDs the server sent). */
    classification: string | undefined,
    attempts: number,
    waitedMs: number,
  ) => ({
    message: `the API server is throttling requests (${classification ?? 'no API Priority and Fairness classification sent'}); gave up after ${attempts} attempt${attempts === 1 ? '' : 's'} over ${(waitedMs / 1000).toFixed(1)}s`,
    hint: `${server} is rejecting this identity's requests with 429 Too Many Requests. Retry later, ask fewer things at once (--max-inflight, --qps), or ask the cluster admin about that priority level's share (kubectl get flowschemas,prioritylevelconfigurations).`,
    fields: { server, classification },
  }),
) {}

/** A paged list whose continue token expired twice (410): restarted once, then given up, never stitched. */
export class ListExpired extends failure('ListExpired', 3, (path: string, pages: number) => ({
  message: `the list of ${path} expired twice while it was read in pages (410 Expired after ${pages} pages): the API server compacted past its continue token before the last page`,
  hint: 'The collection changes faster than it can be read at this pace: retry, narrow the query with -n or -l, or read it in one request with --chunk-size 0.',
})) {}
