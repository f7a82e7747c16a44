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

/** The request was refused by kubectl-diag's own policy; it was never sent. */
export class PolicyDenied extends DiagError {
  readonly code = 'PolicyDenied';
  override readonly exitCode = 5;
  constructor(
    readonly method: string,
    readonly path: string,
    readonly reason: string,
  ) {
    super(
      `kubectl-diag refused ${method} ${path}: ${reason}.`,
      FENCE_REASON.test(reason)
        ? 'Refused by the namespace fence (--allowed-namespaces / ALLOWED_NAMESPACES); this request was not sent to the cluster.'
        : 'kubectl-diag is read-only by design; this request was not sent to the cluster.',
    );
  }
}

/** The policy's words for a request outside --allowed-namespaces (src/cluster/policy.ts decideResource). */
const FENCE_REASON = /outside the allowed namespaces|cross the namespace fence/;

export class BadInput extends DiagError {
  readonly code = 'BadInput';
  override readonly exitCode = 2;
}

export class ConfigError extends DiagError {
  readonly code = 'ConfigError';
  override readonly exitCode = 2;
}

/** READ_ONLY=false or similar: there is no write mode to switch to. */
export class WriteModeRefused extends DiagError {
  readonly code = 'WriteModeRefused';
  override readonly exitCode = 2;
  constructor(value: string) {
    super(
      `READ_ONLY=${value} is not supported: kubectl-diag has no write mode.`,
      'Unset READ_ONLY or set READ_ONLY=true. Use kubectl itself, with an identity allowed to write, for changes.',
    );
  }
}

export class ClusterUnreachable extends DiagError {
  readonly code: string = 'ClusterUnreachable';
  override readonly exitCode = 3;
  constructor(
    readonly server: string,
    detail: string,
    hint = 'Check that the server URL in your kubeconfig is right, that you are on the network (VPN?) and that the API server is up; `kubectl diag doctor` runs these checks.',
  ) {
    super(`cannot reach the Kubernetes API server at ${server}: ${detail}`, hint);
  }
}

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

export class RequestTimeout extends DiagError {
  readonly code = 'RequestTimeout';
  override readonly exitCode = 3;
  constructor(server: string, path: string, seconds: number) {
    super(
      `the API server at ${server} did not answer ${path} within ${seconds}s`,
      'The server may be overloaded or the network slow; retry, narrow the query with -n or -l, or raise --request-timeout.',
    );
  }
}

export class Unauthorized extends DiagError {
  readonly code = 'Unauthorized';
  override readonly exitCode = 4;
  constructor(server: string, detail: string) {
    super(
      `the API server at ${server} did not accept the credentials (401 Unauthorized): ${detail}`,
      'The token may have expired or been revoked. Mint a new time-limited one, e.g. ' +
        '`kubectl create token diagnostic-viewer -n kube-system --duration=8h`, and put it in your kubeconfig; ' +
        '`kubectl diag doctor` shows the expiry of the current token.',
    );
  }
}

export interface ForbiddenDetail {
  verb?: string;
  resource?: string;
  group?: string;
  namespace?: string;
  user?: string;
}

export class Forbidden extends DiagError {
  readonly code = 'Forbidden';
  override readonly exitCode = 4;
  constructor(
    readonly detail: ForbiddenDetail,
    serverMessage: string,
  ) {
    const what = detail.resource
      ? `${detail.verb ?? 'read'} ${detail.resource}${detail.group ? `.${detail.group}` : ''}` +
        (detail.namespace ? ` in namespace "${detail.namespace}"` : ' cluster-wide')
      : serverMessage;
    super(
      `permission denied (403): ${detail.user ?? 'this identity'} may not ${what}`,
      'Grant the read-only role kubectl-diag needs: `kubectl diag rbac` prints it (apply it as an admin), ' +
        'and `kubectl diag doctor` lists every missing permission.',
    );
  }
}

export class NotFound extends DiagError {
  readonly code = 'NotFound';
  override readonly exitCode = 6;
  constructor(
    readonly kind: string,
    readonly objectName: string,
    readonly namespace?: string,
    hint?: string,
  ) {
    super(`${kind} "${objectName}" not found${namespace ? ` in namespace "${namespace}"` : ''}`, hint);
  }
}

export class ServerError extends DiagError {
  readonly code = 'ServerError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(
      `the API server answered ${status}: ${message}`,
      'Retry; if it persists, check the API server health.',
    );
  }
}

export function isDiagError(error: unknown): error is DiagError {
  return error instanceof DiagError;
}

/** metrics.k8s.io is not served (no metrics-server, or it is down). Not fatal: usage is simply unknown. */
export class MetricsUnavailable extends DiagError {
  readonly code = 'MetricsUnavailable';
  constructor(detail: string) {
    super(
      `resource usage is unavailable: metrics.k8s.io is not served (${detail})`,
      'Install or repair metrics-server to see usage; everything else works without it.',
    );
  }
}

/** The kubelet could not give the log asked for (no previous instance, container not started, …). */
export class LogUnavailable extends DiagError {
  readonly code = 'LogUnavailable';
  constructor(namespace: string, pod: string, container: string, detail: string) {
    super(`no log for container "${container}" of pod ${namespace}/${pod}: ${detail}`);
  }
}

/** A snapshot that cannot be read: names the file (and line) and what was expected. */
export class SnapshotError extends DiagError {
  readonly code = 'SnapshotError';
  override readonly exitCode = 2;
  constructor(message: string) {
    super(
      message,
      'A snapshot is a `kubectl diag snapshot save` file, a `kubectl cluster-info dump --output-directory` folder, or files of `kubectl get -o yaml|json` output.',
    );
  }
}

/** Security: the audit record of a request could not be written, so the request was not sent. */
export class AuditUnavailable extends DiagError {
  readonly code = 'AuditUnavailable';
  override readonly exitCode = 2;
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(
      `cannot write the audit log ${path} (${detail}); the request was not sent.`,
      'kubectl-diag sends nothing it has not audited first: free space on that disk or point --audit-log (KUBECTL_DIAG_AUDIT_LOG) elsewhere.',
    );
  }
}

/** An answer larger than the response bound; it was cut off rather than held in memory. */
export class ResponseTooLarge extends DiagError {
  readonly code = 'ResponseTooLarge';
  override readonly exitCode = 3;
  constructor(server: string, path: string, limit: number) {
    super(
      `the answer of ${server} to ${path} is larger than ${Math.round(limit / 1024 / 1024)} MiB; kubectl-diag stopped reading it`,
      'Lists are read in pages of 500 items, so an answer this large is unusual: narrow the query with -n or -l, or check what sits between you and the API server.',
    );
  }
}

/** `snapshot save` would replace something at its target without --force. */
export class SnapshotExists extends DiagError {
  readonly code = 'SnapshotExists';
  override readonly exitCode = 2;
  constructor(path: string, what: string) {
    super(
      `${path} already exists (${what}); kubectl-diag does not replace it without --force`,
      'Choose another file name, or pass --force to replace it (a symbolic link is replaced, never followed).',
    );
  }
}

/** Security: a context outside --allowed-contexts / ALLOWED_CONTEXTS; nothing was read or sent for it. */
export class ContextDenied extends DiagError {
  readonly code = 'ContextDenied';
  override readonly exitCode = 5;
  constructor(context: string, allowed: string[]) {
    const shown = JSON.stringify(context.slice(0, 64).replace(/[^\x20-\x7e]/g, '?'));
    super(
      `kubectl-diag refused context ${shown}: it is not in the allowed contexts${allowed.length ? ` (${allowed.join(', ')})` : ''}.`,
      'Refused by --allowed-contexts / ALLOWED_CONTEXTS; nothing was sent to any cluster.',
    );
  }
}

/** The API server kept answering 429 (API Priority and Fairness or max-in-flight) until retries ran out. */
export class Throttled extends DiagError {
  readonly code = 'Throttled';
  override readonly exitCode = 3;
  constructor(
    readonly server: string,
    /** "flow schema "x", priority level "y"" (names when readable, else the UIDs the server sent). */
    readonly classification: string | undefined,
    attempts: number,
    waitedMs: number,
  ) {
    super(
      `the API server is throttling requests (${classification ?? 'no API Priority and Fairness classification sent'}); gave up after ${attempts} attempt${attempts === 1 ? '' : 's'} over ${(waitedMs / 1000).toFixed(1)}s`,
      `${server} is rejecting this identity's requests with 429 Too Many Requests. Retry later, ask fewer things at once (--max-inflight, --qps), or ask the cluster admin about that priority level's share (kubectl get flowschemas,prioritylevelconfigurations).`,
    );
  }
}
