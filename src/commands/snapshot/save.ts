import { existsSync, lstatSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Args, Flags } from '@oclif/core';
import { DiagCommand } from '../../cli/base.js';
import { captureSnapshot, writeSnapshot } from '../../cluster/capture.js';
import { BadInput, SnapshotExists } from '../../cluster/errors.js';
import { inert } from '../../render/table.js';
import { withCaller } from '../../cluster/audit.js';
import { formatBytes } from '../../kube/quantity.js';

export default class SnapshotSave extends DiagCommand {
  static override summary =
    'Save what kubectl-diag reads from a cluster into one file, for offline diagnosis.';
  static override description =
    'Captures every resource type the queries read (never Secrets) in the namespace, or all namespaces with -A, ' +
    'plus the log tails of troubled containers (current and previous instance), through the same guarded read ' +
    'layer as every other command. Read it back with --snapshot FILE on any command or on `kubectl diag mcp`: the ' +
    'answers are those of the cluster at the time of capture. A name ending in .gz is gzipped. The file is ' +
    'written owner-only.';

  static override examples = [
    { command: 'kubectl diag snapshot save shop.json -n shop', description: 'One namespace' },
    {
      command: 'kubectl diag snapshot save cluster.json.gz -A',
      description: 'All namespaces, compressed, for a ticket',
    },
    {
      command: 'kubectl diag pods -A --snapshot cluster.json.gz',
      description: 'Diagnose it later, anywhere',
    },
  ];

  static override args = {
    path: Args.string({ description: 'File to write (.json or .json.gz).', required: true }),
  };

  static override flags = {
    logs: Flags.option({
      options: ['troubled', 'all', 'none'] as const,
      default: 'troubled' as const,
      summary: 'Which containers get a log tail.',
    })(),
    tail: Flags.integer({ summary: 'Lines per log tail.', default: 100, min: 1, max: 5000 }),
    'max-logs': Flags.integer({ summary: 'At most this many log tails.', default: 500, min: 0, max: 10000 }),
    redact: Flags.boolean({
      summary:
        'Replace env values, container command/args and annotation values in the file (default); --no-redact keeps them.',
      default: true,
      allowNo: true,
    }),
    force: Flags.boolean({ summary: 'Replace the file if it exists.', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(SnapshotSave);
    if (flags.snapshot || flags.demo)
      throw new BadInput('snapshot save reads a live cluster; drop --snapshot/--demo.');
    if (flags.selector !== undefined)
      throw new BadInput(
        'snapshot save captures whole namespaces (events, nodes, volumes and owners have no such labels); drop -l/--selector and filter when reading the snapshot.',
      );
    if (!/\.json(\.gz)?$/.test(args.path))
      throw new BadInput(`the snapshot file name must end in .json or .json.gz (got ${args.path})`);
    // Checked before capturing, so a typo in the path does not waste a capture of the whole cluster.
    const folder = dirname(resolve(args.path));
    if (!existsSync(folder) || !statSync(folder).isDirectory())
      throw new BadInput(`cannot write ${args.path}: the folder ${folder} does not exist`);
    if (!flags.force && existsOrLink(args.path)) throw new SnapshotExists(args.path, 'a file or link');
    const session = this.openSession(flags);
    const started = performance.now();
    const snapshot = await withCaller(
      { name: this.id ?? 'snapshot save', args: { ...flags, path: args.path } },
      () =>
        captureSnapshot(session.cluster, {
          namespace: flags.namespace,
          allNamespaces: flags['all-namespaces'],
          logs: flags.logs,
          tailLines: flags.tail,
          maxLogs: flags['max-logs'],
          redact: flags.redact,
        }),
    );
    let size: number;
    try {
      size = writeSnapshot(args.path, snapshot, flags.force);
    } catch (error) {
      if (error instanceof SnapshotExists) throw error;
      throw new BadInput(`cannot write ${args.path}: ${(error as Error).message}`);
    }
    const counts = Object.entries(snapshot.resources)
      .filter(([, items]) => items.length > 0)
      .map(([key, items]) => `${key} ${items.length}`);
    const total = Object.values(snapshot.resources).reduce((n, items) => n + items.length, 0);
    this.log(`Saved ${total} objects (${counts.join(', ') || 'none'}) and ${snapshot.logs.length} log tails`);
    this.log(
      inert(
        `from ${session.cluster.info.description}, ${snapshot.scope.allNamespaces ? 'all namespaces' : `namespace ${snapshot.scope.namespace}`},`,
      ),
    );
    this.log(
      `to ${args.path} (${formatBytes(size)}) in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
    );
    const missing = Object.entries(snapshot.notCaptured).map(([key, why]) => `${key}: ${why}`);
    if (missing.length) this.log(inert(`Not captured: ${missing.join('; ')}.`));
    if (snapshot.fence)
      this.log(`Inside the namespace fence: ${snapshot.fence.join(', ')} (recorded in the file).`);
    this.log(
      snapshot.redacted?.length
        ? `Redacted: ${snapshot.redacted.join('; ')}. --no-redact keeps them.`
        : 'Not redacted (--no-redact): the file holds env values, commands and annotation values as they are.',
    );
  }
}

function existsOrLink(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
