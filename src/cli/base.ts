// The base of every command: kubectl's shared flags, opening the guarded session, running a query, and
// turning expected failures into a clear message and exit code (never a stack trace).

import { Command, Flags, type Interfaces } from '@oclif/core';
import { DiagError } from '../cluster/errors.js';
import { DEMO_SNAPSHOT, openSession, type Session } from '../cluster/session.js';
import { parseRequestTimeout } from '../cluster/transport.js';
import { executeQuery, type Query } from '../queries/query.js';
import {
  formatData,
  inert,
  OUTPUT_FORMATS,
  styleFor,
  toTerminal,
  type OutputFormat,
  type Style,
} from '../render/table.js';
import type { z } from 'zod';

export type BaseFlags<T extends typeof Command> = Interfaces.InferredFlags<
  (typeof DiagCommand)['baseFlags'] & T['flags']
>;

export abstract class DiagCommand extends Command {
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
      summary: 'Output format.',
      helpGroup: 'KUBECTL',
    })(),
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
  };

  private session?: Session;

  protected openSession(flags: BaseFlags<typeof DiagCommand>): Session {
    this.session = openSession({
      kubeconfig: flags.kubeconfig,
      context: flags.context,
      allowedNamespaces: flags['allowed-namespaces'],
      auditLog: flags['audit-log'],
      requestTimeoutSeconds: parseRequestTimeout(flags['request-timeout']) / 1000,
      snapshot: flags.demo ? DEMO_SNAPSHOT : flags.snapshot,
    });
    return this.session;
  }

  /** Runs a query as this command, so the audit log names the command and its arguments. */
  protected runQuery<I extends z.ZodRawShape, O extends z.ZodRawShape>(
    session: Session,
    query: Query<I, O>,
    input: z.input<z.ZodObject<I>>,
  ) {
    return executeQuery(query, input, { cluster: session.cluster }, this.id ?? 'kubectl-diag');
  }

  protected style(): Style {
    return styleFor(process.stdout);
  }

  /** Prints a result as json/yaml, or with the people renderer for table/wide. */
  protected emit(
    format: OutputFormat,
    result: unknown,
    render: (wide: boolean, style: Style) => string,
  ): void {
    if (format === 'json' || format === 'yaml') this.log(formatData(result, format));
    // Security: cluster text is made inert here, the one door to the terminal for table/wide output.
    else this.log(toTerminal(render(format === 'wide', this.style())));
  }

  protected override async catch(error: Error & { exitCode?: number }): Promise<unknown> {
    if (error instanceof DiagError) this.error(inert(error.explain()), { exit: error.exitCode });
    return super.catch(error);
  }

  protected override async finally(error: Error | undefined): Promise<unknown> {
    await this.session?.close();
    return super.finally(error);
  }
}
