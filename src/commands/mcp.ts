import { Flags } from '@oclif/core';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { DiagCommand } from '../cli/base.js';
import { WatchCache } from '../cluster/cache.js';
import { MCP_THROTTLE } from '../cluster/throttle.js';
import { ContextPool } from '../cluster/contexts.js';
import { LiveCluster } from '../cluster/live.js';
import { buildServer } from '../mcp/server.js';
import { boundYoungGeneration } from '../mcp/memory.js';
import { guardStdin } from '../mcp/stdin.js';
import { earlyStart } from '../mcp/early.js';
import { QUERIES } from '../areas/registry.js';

export default class Mcp extends DiagCommand {
  static override summary = 'Serve the diagnostic queries as an MCP server over stdio.';
  static override description =
    'Starts a Model Context Protocol server on stdin/stdout exposing every query as a read-only tool ' +
    '(get_pod_status, get_pod_logs, describe_pod, diagnose_pods, …). Configure it like any MCP server: KUBECONFIG, ' +
    'READ_ONLY (only "true" is accepted: there is no write mode), ALLOWED_NAMESPACES, plus --context. Diagnostics go ' +
    'to stderr; stdout carries protocol only.';

  static override examples = [
    {
      command: 'kubectl diag mcp --context prod --allowed-namespaces shop,payments',
      description: 'Serve one context, fenced to two namespaces',
    },
    {
      command:
        '{"mcpServers":{"kubernetes":{"command":"kubectl-diag","args":["mcp"],"env":{"KUBECONFIG":"/path/to/viewer.kubeconfig","READ_ONLY":"true","ALLOWED_NAMESPACES":"default,shop"}}}}',
      description: 'MCP client configuration (e.g. Claude Code)',
    },
  ];

  static override flags = {
    'no-cache': Flags.boolean({
      summary: 'Read the API server on every call instead of keeping a watch cache.',
      description:
        'By default the server keeps a list+watch of each resource type a question reads (lazily, bounded, through the same policy and audit), so repeated questions are answered from memory and still see changes within the watch latency.',
    }),
  };

  protected override throttleDefaults = MCP_THROTTLE;

  async run(): Promise<void> {
    const { flags } = await this.parse(Mcp);
    // Security: stdout is the protocol channel; anything that would print there goes to stderr instead.
    // eslint-disable-next-line no-console -- redirecting, not printing
    console.log = console.error;
    // eslint-disable-next-line no-console -- redirecting, not printing
    console.info = console.error;
    // A server lives for the whole conversation: keep its memory flat (see src/mcp/memory.ts).
    boundYoungGeneration();
    const session = this.openSession(flags);
    const cache =
      !flags['no-cache'] && session.cluster instanceof LiveCluster
        ? new WatchCache(session.cluster)
        : undefined;
    const other = session.contexts;
    const contexts =
      other && session.cluster instanceof LiveCluster
        ? new ContextPool({
            kubeconfig: other.kubeconfig,
            allowed: other.allowed,
            primary: { context: session.cluster.info.context ?? '', reader: cache ?? session.cluster },
            // Each context: its own connection, guard and fence view, and its own watch cache.
            open: (context) => {
              const live = other.open(context);
              const own = flags['no-cache'] ? undefined : new WatchCache(live);
              return {
                reader: own ?? live,
                close: async () => {
                  await own?.close();
                  await live.close();
                },
              };
            },
          })
        : undefined;
    const server = buildServer({
      contexts,
      cluster: cache ?? session.cluster,
      queries: QUERIES,
      version: this.config.version,
    });
    // The bundle's launcher may have answered initialize already (src/mcp/early.ts): the SDK then reads
    // the same input from its first byte, and its own answer to that initialize is dropped.
    const early = earlyStart();
    const transport = new StdioServerTransport(
      early?.input ?? guardStdin(process.stdin, process.stdout),
      process.stdout,
    );
    if (early) {
      const send = transport.send.bind(transport);
      const log = (text: string) => process.stderr.write(`${text}\n`);
      transport.send = async (message) => (early.answered(message, log) ? undefined : send(message));
    }
    const closed = new Promise<void>((resolve) => {
      transport.onclose = () => resolve();
      // The client closing our stdin is the end of the session.
      process.stdin.once('end', () => void server.close());
    });
    await server.connect(transport);
    process.stderr.write(`kubectl-diag MCP server ready (${session.cluster.info.description}); read-only.\n`);
    await closed;
    await contexts?.close();
    await cache?.close();
  }
}
