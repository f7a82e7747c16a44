// The base of the commands that show an area (pods, endpoints, nodes, storage): given a name, one object
// in depth; without one, the list, arranged as --problems and --sort-by say, shown once or, with -w,
// again on every change the API server's watch reports.

import type { z } from 'zod';
import type { Area } from '../areas/area.js';
import type { ClusterReader } from '../cluster/source.js';
import type { Session } from '../cluster/session.js';
import type { Query } from '../queries/query.js';
import type { Style } from '../render/table.js';
import { DiagCommand, LIST_FLAGS, type BaseFlags } from './base.js';
import type { Envelope } from './envelope.js';
import type { ArrangeOptions } from './lists.js';

type Flags = BaseFlags<typeof AreaCommand>;
type Output<O extends z.ZodRawShape> = z.output<z.ZodObject<O>>;

/** How a list answer is shown: its rows put in order, its -o json/yaml envelope, its table. */
export interface ListShow<R> {
  arrange: (result: R, how: ArrangeOptions) => R;
  envelope: (result: R) => Envelope;
  table: (result: R, wide: boolean, style: Style) => string;
}

export abstract class AreaCommand extends DiagCommand {
  static override flags = LIST_FLAGS;

  /** The input of a namespaced list query from -n, -A and -l; healthy objects too (the table counts them). */
  protected scope(flags: Flags) {
    return {
      namespace: flags.namespace,
      allNamespaces: flags['all-namespaces'],
      selector: flags.selector,
      includeHealthy: true,
    };
  }

  /** One object in depth. */
  protected async describe<I extends z.ZodRawShape, O extends z.ZodRawShape>(
    session: Session,
    flags: Flags,
    query: Query<I, O>,
    input: z.input<z.ZodObject<I>>,
    envelope: (result: Output<O>) => Envelope,
    render: (result: Output<O>, style: Style) => string,
  ): Promise<void> {
    const result = await this.runQuery(session, query, input);
    await this.emit(flags, envelope(result), (_, style) => render(result, style));
  }

  /** The list, once or with -w on every change. */
  protected async list<I extends z.ZodRawShape, O extends z.ZodRawShape>(
    session: Session,
    flags: Flags,
    query: Query<I, O>,
    input: z.input<z.ZodObject<I>>,
    show: ListShow<Output<O>>,
  ): Promise<void> {
    const how = { problems: flags.problems, sortBy: flags['sort-by'] };
    const once = async (cluster: ClusterReader) => {
      const shown = show.arrange(await this.runQuery({ cluster }, query, input), how);
      await this.emit(flags, show.envelope(shown), (wide, style) => show.table(shown, wide, style));
    };
    if (flags.watch) await this.watchAnswers(session, once);
    else await once(session.cluster);
  }
}

/** The base of one area's command: its help (summary, description, examples) is what the area registers. */
export function areaCommand(area: Area) {
  abstract class OfArea extends AreaCommand {
    static override summary = area.command.help.summary;
    static override description = area.command.help.description;
    static override examples = area.command.help.examples;
  }
  return OfArea;
}
