// help and version read no cluster, yet take the flags every cluster command takes (kubectl users type
// --kubeconfig, --context, -n anywhere): this keeps their list in step with the base flags, char and kind.

import assert from 'node:assert/strict';
import { DiagCommand } from '../../../src/cli/base.js';
import Help, { IGNORED_GLOBAL_FLAGS } from '../../../src/commands/help.js';
import Version from '../../../src/commands/version.js';

/** Base flags that shape one command's answer rather than the session: not global. */
const PER_COMMAND = ['selector', 'output', 'exit-code'];

describe('help and version accept the global flags', () => {
  it('accept every base flag of the cluster commands but the per-command ones, with the same char and kind', () => {
    const base = Object.entries(DiagCommand.baseFlags).filter(([name]) => !PER_COMMAND.includes(name));
    assert.deepEqual(Object.keys(IGNORED_GLOBAL_FLAGS).sort(), base.map(([name]) => name).sort());
    for (const [name, flag] of base) {
      const ignored = IGNORED_GLOBAL_FLAGS[name as keyof typeof IGNORED_GLOBAL_FLAGS];
      assert.equal(ignored.char, flag.char, name);
      // A flag that takes a value must take one here too, or its value would be read as a command.
      assert.equal(ignored.type === 'option', flag.type === 'option', name);
      assert.equal(ignored.hidden, true, `${name} is hidden from help: it does nothing here`);
    }
    for (const command of [Help, Version])
      for (const name of Object.keys(IGNORED_GLOBAL_FLAGS))
        assert.ok((command.flags as Record<string, unknown>)[name], `${command.name} --${name}`);
  });
});
