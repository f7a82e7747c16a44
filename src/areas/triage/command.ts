import { areaCommand } from '../../cli/area-command.js';
import { triageEnvelope, type Envelope } from '../../cli/envelope.js';
import { BadInput } from '../../cluster/errors.js';
import { triageArea } from './index.js';
import { triageQuery } from './queries.js';
import type { TriageReport } from './schema.js';
import { rootNames, triageView } from './text.js';

/**
 * The envelope `-o name` of triage prints (`kind/name` per item, base.ts): one item per root object
 * (rootNames), the summary as -o json has it (so --exit-code still sees the critical roots). Only `-o name`
 * uses it; -o json|yaml keep the TriageReport of triageEnvelope.
 */
export function triageNamesEnvelope(r: TriageReport): Envelope {
  return { ...triageEnvelope(r), items: rootNames(r) };
}

export default class Triage extends areaCommand(triageArea) {
  async run(): Promise<void> {
    const { flags } = await this.parse(Triage);
    if (flags.selector !== undefined)
      throw new BadInput('triage reads whole namespaces: -l/--selector does not apply (use -n or -A)');
    const session = this.openSession(flags);
    const scope = { namespace: flags.namespace, allNamespaces: flags['all-namespaces'] };
    return this.list(session, flags, triageQuery, scope, {
      arrange: (r) => r,
      // -o name: the root objects (pod/api-7d9c5-q8w1z), not the chains.
      envelope: flags.output === 'name' ? triageNamesEnvelope : triageEnvelope,
      table: triageView,
    });
  }
}
