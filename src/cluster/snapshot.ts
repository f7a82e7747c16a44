// SnapshotCluster: the read interface over a snapshot on disk. The same policy decides every read (so the
// namespace fence holds and Secrets stay out), every read is audited, and findings are judged at the time
// the snapshot was taken.

import type { KubeObject, PersistentVolume } from '../kube/types.js';
import { matchesSelector, parseSelector } from '../kube/labels.js';
import { currentCaller, newRequestId, type AuditSink } from './audit.js';
import { LogUnavailable, MetricsUnavailable, NotFound, PolicyDenied, SnapshotError } from './errors.js';
import { FenceView } from './fence.js';
import { decide, fenceOf, type NamespaceFence } from './policy.js';
import { resourcePath, resourceType, type ResourceKey, type ResourceType } from './resources.js';
import type { LoadedSnapshot } from './snapshot-files.js';
import type { ClusterReader, ListQuery, LogQuery, PodLog, SourceInfo } from './source.js';

/** Reads `a.b.c` out of an object, for field selectors. */
function fieldValue(object: unknown, path: string): string {
  let current: unknown = object;
  for (const part of path.split('.'))
    current = current && typeof current === 'object' ? (current as Record<string, unknown>)[part] : undefined;
  return current === undefined || current === null ? '' : String(current);
}

/** Field selectors as the apiserver supports them: `a.b=v`, `a.b==v`, `a.b!=v`, comma-joined. */
export function matchesFieldSelector(object: unknown, selector: string | undefined): boolean {
  if (!selector) return true;
  return selector.split(',').every((term) => {
    const m = /^([^!=]+)(==|=|!=)(.*)$/.exec(term.trim());
    if (!m) return false;
    const equal = fieldValue(object, m[1]!.trim()) === m[3]!.trim();
    return m[2] === '!=' ? !equal : equal;
  });
}

/** Lines of a captured log as kubectl would return them for these options. */
function applyLogOptions(text: string, query: LogQuery, takenAt: Date): PodLog {
  let lines = text
    .replace(/\n$/, '')
    .split('\n')
    .filter((l, i, all) => l !== '' || i < all.length - 1);
  if (text === '') lines = [];
  const stamped = /^(\d{4}-\d\d-\d\dT\S+) (.*)$/;
  if (query.sinceSeconds !== undefined) {
    const from = takenAt.getTime() - query.sinceSeconds * 1000;
    lines = lines.filter((l) => {
      const m = stamped.exec(l);
      return !m || Date.parse(m[1]!) >= from;
    });
  }
  if (query.tailLines !== undefined) lines = lines.slice(-query.tailLines);
  if (!query.timestamps) lines = lines.map((l) => stamped.exec(l)?.[2] ?? l);
  let out = lines.length ? `${lines.join('\n')}\n` : '';
  let truncated = false;
  if (query.limitBytes !== undefined && Buffer.byteLength(out) > query.limitBytes) {
    out = Buffer.from(out).subarray(0, query.limitBytes).toString('utf8');
    truncated = true;
  }
  return { text: out, truncated };
}

/** The namespaces both fences allow; a recorded fence with no overlap leaves nothing visible. */
export function narrowFence(session: NamespaceFence, recorded: string[] | null): NamespaceFence {
  if (recorded === null) return session;
  if (session.namespaces === null) return fenceOf(recorded);
  const both = recorded.filter((n) => session.namespaces!.has(n));
  if (both.length === 0) {
    throw new SnapshotError(
      `the snapshot was captured inside the namespaces ${recorded.join(', ')}, none of which --allowed-namespaces / ALLOWED_NAMESPACES allows`,
    );
  }
  return fenceOf(both);
}

export class SnapshotCluster implements ClusterReader {
  readonly info: SourceInfo;
  readonly defaultNamespace: string;
  private readonly takenAt: Date;
  private readonly missing = new Set<string>();

  readonly fence: NamespaceFence;
  private readonly fenceView: FenceView;

  constructor(
    private readonly snapshot: LoadedSnapshot,
    sessionFence: NamespaceFence,
    private readonly audit: AuditSink,
    defaultNamespace = 'default',
  ) {
    // Security: a snapshot captured under a fence is read under it too (narrowed further by the session's).
    const fence = narrowFence(sessionFence, snapshot.fence ?? null);
    this.fence = fence;
    this.fenceView = new FenceView(fence, async () =>
      this.snapshot.captured.has('persistentvolumes')
        ? ((this.snapshot.objects.get('persistentvolumes') ?? []) as PersistentVolume[])
        : [],
    );
    this.takenAt = new Date(snapshot.takenAt);
    this.defaultNamespace =
      fence.namespaces && !fence.namespaces.has(defaultNamespace)
        ? [...fence.namespaces][0]!
        : defaultNamespace;
    const when =
      snapshot.takenAtFrom === 'recorded'
        ? snapshot.takenAt
        : `about ${snapshot.takenAt} (its newest timestamp)`;
    this.info = {
      kind: 'snapshot',
      description: `${snapshot.path} (${snapshot.format}, taken ${when})`,
      path: snapshot.path,
      takenAt: snapshot.takenAt,
      server: snapshot.source.server,
      context: snapshot.source.context,
    };
  }

  now(): Date {
    return this.takenAt;
  }

  /** Types a query asked for that the snapshot does not hold, with why; shown with the results. */
  notCaptured(): string[] {
    return [...this.missing];
  }

  /** Security: the live policy decides snapshot reads too, and every one is audited. */
  private authorize(path: string): void {
    const decision = decide('GET', path, this.fence);
    const request = {
      id: newRequestId(),
      caller: currentCaller(),
      source: 'snapshot',
      method: 'GET',
      path,
    } as const;
    if (!decision.allowed) {
      this.audit.record({ ...request, decision: 'denied', reason: decision.reason });
      throw new PolicyDenied('GET', path, decision.reason);
    }
    this.audit.record({ ...request, decision: 'allowed' });
  }

  private items(type: ResourceType): KubeObject[] {
    const key = type.key as ResourceKey;
    if (!this.snapshot.captured.has(key)) {
      const why = this.snapshot.notCaptured.get(key);
      // Listed after "not in the snapshot:", so only a recorded reason is added, never those words again.
      const name = `${type.resource}${type.group ? `.${type.group}` : ''}`;
      this.missing.add(why ? `${name} (${why})` : name);
      if (type.group === 'metrics.k8s.io')
        throw new MetricsUnavailable(`${why ?? 'not in the snapshot'} in ${this.snapshot.path}`);
      return [];
    }
    return this.snapshot.objects.get(key) ?? [];
  }

  async get<T extends KubeObject>(key: ResourceKey, name: string, namespace?: string): Promise<T> {
    const type = resourceType(key);
    const ns = type.namespaced ? (namespace ?? this.defaultNamespace) : undefined;
    this.authorize(resourcePath(type, { namespace: ns, name }));
    const found = this.items(type).find(
      (o) => o.metadata?.name === name && (!type.namespaced || o.metadata?.namespace === ns),
    );
    const shown = found ? await this.fenceView.admit(type, found) : undefined;
    if (!shown) {
      const hint = this.snapshot.captured.has(key)
        ? undefined
        : `The snapshot ${this.snapshot.path} holds no ${type.resource}.`;
      throw new NotFound(type.kind, name, ns, hint);
    }
    return shown as T;
  }

  async list<T extends KubeObject>(key: ResourceKey, query: ListQuery = {}): Promise<T[]> {
    const type = resourceType(key);
    const namespaces =
      type.namespaced && query.namespace === undefined && this.fence.namespaces
        ? [...this.fence.namespaces]
        : [type.namespaced ? query.namespace : undefined];
    const params = new URLSearchParams();
    if (query.labelSelector) params.set('labelSelector', query.labelSelector);
    if (query.fieldSelector) params.set('fieldSelector', query.fieldSelector);
    const suffix = params.size ? `?${params.toString()}` : '';
    for (const ns of namespaces) this.authorize(`${resourcePath(type, { namespace: ns })}${suffix}`);
    const selector = parseSelector(query.labelSelector ?? '');
    const matching = this.items(type).filter(
      (o) =>
        (namespaces[0] === undefined || namespaces.includes(o.metadata?.namespace)) &&
        matchesSelector(o.metadata?.labels, selector) &&
        matchesFieldSelector(o, query.fieldSelector),
    ) as T[];
    // Security: the same fence view as live (fence.ts), so a snapshot never shows more than live would.
    return this.fenceView.filter(type, matching);
  }

  async podLog(namespace: string, pod: string, query: LogQuery): Promise<PodLog> {
    this.authorize(
      `${resourcePath(resourceType('pods'), { namespace, name: pod, subresource: 'log' })}?container=${encodeURIComponent(query.container)}`,
    );
    await this.get('pods', pod, namespace);
    const log = this.snapshot.logs.find(
      (l) =>
        l.namespace === namespace &&
        l.pod === pod &&
        l.container === query.container &&
        l.previous === (query.previous ?? false),
    );
    if (!log) {
      throw new LogUnavailable(
        namespace,
        pod,
        query.container,
        `the ${query.previous ? "previous instance's " : ''}log was not captured in the snapshot`,
      );
    }
    if (log.text === undefined)
      throw new LogUnavailable(namespace, pod, query.container, log.error ?? 'the log could not be captured');
    return applyLogOptions(log.text, query, this.takenAt);
  }

  async close(): Promise<void> {}
}
