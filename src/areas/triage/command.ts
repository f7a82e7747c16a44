import { areaCommand } from '../../cli/area-command.js';
import { triageEnvelope } from '../../cli/envelope.js';
import { triageNamesEnvelope } from '../../cli/lists.js';
import { BadInput } from '../../cluster/errors.js';
import { triageArea } from './index.js';
import { triageQuery } from './queries.js';
import { triageView } from './text.js';

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
