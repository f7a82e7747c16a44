// The base of every command: kubectl's shared flags, opening the guarded session, running a query, and
// turning expected failures into a clear message and exit code (never a stack trace).

import { type Command, Flags, type Interfaces } from '@oclif/core';
import { DEMO_SNAPSHOT, openSession, type Session } from '../cluster/session.js';
import { parseRequestTimeout } from '../cluster/transport.js';
import { DEFAULT_THROTTLE, parseQps, throttleOptions } from '../cluster/throttle.js';
import { DEFAULT_PAGING, pagingOptions } from '../cluster/paging.js';
import { executeQuery, type Query } from '../queries/query.js';
import { formatData, inert, styleFor, toTerminal, type Style } from '../render/table.js';
import { API_VERSION, documented, hasCritical, names, type Envelope } from './envelope.js';
import type { z } from 'zod';
import { WatchCache } from '../cluster/cache.js';
import { BadInput } from '../cluster/errors.js';
import { LiveCluster } from '../cluster/live.js';
import type { ClusterReader } from '../cluster/source.js';
import { KubectlCommand } from './command.js';

/** -o: kubectl's table, wide, json, yaml and name. json and yaml are the documented envelope (./envelope.ts). */
export type OutputFormat = 'table' | 'wide' | 'json' | 'yaml' | 'name';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'wide', 'json', 'yaml', 'name'];

/** How long -w waits after a change for the ones that come with it, before it renders. */
const WATCH_SETTLE_MS = 250;

/** The exit code of --exit-code when a critical finding exists (the README lists every exit code). */
export const EXIT_CRITICAL = 7;

export type BaseFlags<T extends typeof Command> = Interfaces.InferredFlags<
  (typeof DiagCommand)['baseFlags'] & T['flags']
>;

/** Flags of the commands that list objects (pods, endpoints, nodes, storage). */
export const LIST_FLAGS = {
  problems: Flags.boolean({
    aliases: ['only-problems'],
    summary: 'Show only objects with findings (the summary still counts all).',
    helpGroup: 'OUTPUT',
  }),
  'sort-by': Flags.string({
    summary:
      'Sort by a field of the -o json item, as kubectl does: {.restarts}, .name, resources.cpu.usage (default: problems first, then namespace/name).',
    helpGroup: 'OUTPUT',
  }),
  watch: Flags.boolean({
    char: 'w',
    summary:
      "Keep watching: re-render the list whenever the API server's watch reports a change, until Ctrl-C.",
    helpGroup: 'OUTPUT',
  }),
  'no-headers': Flags.boolean({
    summary: 'Table rows only: no header row, no summary lines.',
    helpGroup: 'OUTPUT',
  }),
};

export abstract class DiagCommand extends KubectlCommand {
  static override baseFlags = {
    namespace: Flags.string({
      char: 'n',
      summary: "Namespace to look in (default: the context's namespace).",
      helpGroup: 'KUBECTL',
    }),
    'all-namespaces': Flags.boolean({
      char: 'A',
      summary: 'Look in all namespaces (inside --allowed-namespaces).',
      helpGroup: 'KUBECTL',
    }),
    selector: Flags.string({
      char: 'l',
      summary: 'Label selector, e.g. app=web,tier!=db.',
      helpGroup: 'KUBECTL',
    }),
    output: Flags.option({
      char: 'o',
      options: OUTPUT_FORMATS,
      default: 'table' as OutputFormat,
      summary: `Output format: json and yaml are the ${API_VERSION} envelope (schemas/); name prints kind/name.`,
      helpGroup: 'KUBECTL',
    })(),
    'exit-code': Flags.boolean({
      summary: `Exit ${EXIT_CRITICAL} when a critical finding exists (after printing), for scripts and CI.`,
      helpGroup: 'OUTPUT',
    }),
    context: Flags.string({ summary: 'Kubeconfig context to use.', helpGroup: 'KUBECTL' }),
    kubeconfig: Flags.string({
      summary: 'Path to the kubeconfig file (default: KUBECONFIG, then ~/.kube/config).',
      helpGroup: 'KUBECTL',
    }),
    'allowed-namespaces': Flags.string({
      summary:
        'Comma-separated namespaces this run may read (also ALLOWED_NAMESPACES); all others are refused.',
      helpGroup: 'SAFETY',
    }),
    'allowed-contexts': Flags.string({
      summary:
        'Comma-separated kubeconfig contexts this run may use (also ALLOWED_CONTEXTS); others are refused before any request.',
      helpGroup: 'SAFETY',
    }),
    'audit-log': Flags.string({
      summary: 'Audit log file (default: $XDG_STATE_HOME/kubectl-diag/audit.jsonl).',
      helpGroup: 'SAFETY',
    }),
    snapshot: Flags.string({
      summary:
        'Read a snapshot instead of a cluster: a `kubectl diag snapshot save` file, a `kubectl cluster-info dump` folder, or kubectl get -o yaml|json files.',
      helpGroup: 'SNAPSHOT',
      exclusive: ['demo'],
    }),
    demo: Flags.boolean({
      summary: 'Read the built-in demo cluster snapshot (no cluster needed).',
      helpGroup: 'SNAPSHOT',
      exclusive: ['snapshot'],
    }),
    'request-timeout': Flags.string({
      summary:
        'Deadline of each API request, connecting and the whole answer included, as kubectl takes it: 30 (seconds), 5s, 1m; 0 = none.',
      default: '30s',
      helpGroup: 'KUBECTL',
    }),
    qps: Flags.string({
      summary: `Requests per second to the API server after the burst, like client-go (default ${DEFAULT_THROTTLE.qps}; 0 = no client-side limit).`,
      helpGroup: 'KUBECTL',
    }),
    burst: Flags.integer({
      summary: `Requests that may start at once before --qps applies (default ${DEFAULT_THROTTLE.burst}).`,
      helpGroup: 'KUBECTL',
    }),
    'max-inflight': Flags.integer({
      summary: `Requests in flight to the API server at most (default ${DEFAULT_THROTTLE.maxInflight}).`,
      helpGroup: 'KUBECTL',
    }),
    'chunk-size': Flags.integer({
      summary: `Return large lists in chunks rather than all at once, like kubectl (default ${DEFAULT_PAGING.chunkSize}; smaller while the server is slow or throttling; 0 = one request).`,
      helpGroup: 'KUBECTL',
    }),
  };

  private session?: Session;
  /** Client-side rate limit when no flag says otherwise (the MCP server allows more). */
  protected throttleDefaults = DEFAULT_THROTTLE;

  protected openSession(flags: BaseFlags<typeof DiagCommand>): Session {
    this.session = openSession({
      kubeconfig: flags.kubeconfig,
      context: flags.context,
      allowedNamespaces: flags['allowed-namespaces'],
      allowedContexts: flags['allowed-contexts'],
      auditLog: flags['audit-log'],
      requestTimeoutSeconds: parseRequestTimeout(flags['request-timeout']) / 1000,
      throttle: throttleOptions(
        {
          qps: flags.qps !== undefined ? parseQps(flags.qps) : undefined,
          burst: flags.burst,
          maxInflight: flags['max-inflight'],
        },
        this.throttleDefaults,
      ),
      paging: pagingOptions(flags['chunk-size']),
      snapshot: flags.demo ? DEMO_SNAPSHOT : flags.snapshot,
    });
    return this.session;
  }

  /** Runs a query as this command, so the audit log names the command and its arguments. */
  protected runQuery<I extends z.ZodRawShape, O extends z.ZodRawShape>(
    session: Session | { cluster: ClusterReader },
    query: Query<I, O>,
    input: z.input<z.ZodObject<I>>,
  ) {
    return executeQuery(query, input, { cluster: session.cluster }, this.id ?? 'kubectl-diag');
  }

  /**
   * `-w`: shows the answer, then again each time the API server's watch reports a change, until Ctrl-C.
   * The reads go through a watch cache over the session's guarded transport (list+watch per type, per
   * allowed namespace under a fence; policy and audit as for any read), so a change costs no polling.
   */
  protected async watchAnswers(
    session: Session,
    show: (cluster: ClusterReader) => Promise<void>,
  ): Promise<void> {
    if (!(session.cluster instanceof LiveCluster))
      throw new BadInput('--watch needs a live cluster: a snapshot does not change');
    let wake: (() => void) | undefined;
    const cache = new WatchCache(session.cluster, {
      onEvent: (event) => {
        if (/^(ADDED|MODIFIED|DELETED) /.test(event)) wake?.();
      },
    });
    let stopped = false;
    const stop = () => {
      stopped = true;
      wake?.();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    const terminal = Boolean(process.stdout.isTTY);
    try {
      await show(cache);
      while (!stopped) {
        await new Promise<void>((resolve) => (wake = resolve));
        // Several events usually come together (a status write, then an event): render once for them.
        await new Promise((resolve) => setTimeout(resolve, WATCH_SETTLE_MS));
        if (stopped) break;
        // On a terminal the list is redrawn in place; in a pipe each new list follows a blank line.
        process.stdout.write(terminal ? '\u001b[H\u001b[2J' : '\n');
        await show(cache);
      }
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      await cache.close();
    }
  }

  protected style(flags: { 'no-headers'?: boolean } = {}): Style {
    return { ...styleFor(process.stdout), ...(flags['no-headers'] ? { headers: false } : {}) };
  }

  /**
   * Prints an answer: json/yaml as the envelope, `name` as kind/name lines, table/wide with the people
   * renderer. With --exit-code, then ends with EXIT_CRITICAL when a critical finding exists.
   */
  protected async emit(
    flags: { output: OutputFormat; 'exit-code'?: boolean; 'no-headers'?: boolean },
    envelope: Envelope,
    render: (wide: boolean, style: Style) => string,
  ): Promise<void> {
    const format = flags.output;
    if (format === 'json' || format === 'yaml') this.log(formatData(await documented(envelope), format));
    else if (format === 'name') {
      if (envelope.items.length) this.log(inert(names(envelope)));
      // Security: cluster text is made inert here, the one door to the terminal for table/wide output.
    } else this.log(toTerminal(render(format === 'wide', this.style(flags))));
    if (flags['exit-code'] && hasCritical(envelope)) this.exit(EXIT_CRITICAL);
  }

  /** Closes the session opened last (a command that checks several contexts opens one after another). */
  protected async closeSession(): Promise<void> {
    await this.session?.close();
    this.session = undefined;
  }

  protected override async finally(error: Error | undefined): Promise<unknown> {
    await this.session?.close();
    return super.finally(error);
  }
}
