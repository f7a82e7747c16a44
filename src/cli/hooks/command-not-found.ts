// oclif calls this when the first word is not a command. Two kubectl habits start there:
//   kubectl diag -n shop pods      flags before the subcommand: find the subcommand and run it;
//   kubectl diag pdos              a typo: one line with the closest command, not a usage dump.

import { Errors, Help, type Config, type Hook, type Interfaces } from '@oclif/core';
import { closestMatches, didYouMean, hoistCommand } from '../argv.js';
import { EXIT_USAGE, failWith } from '../errors.js';

/** Every name a command answers to, as typed (`snapshot save`, `po`), hidden ones left out. */
export function commandNames(config: Interfaces.Config): Map<string, string> {
  const names = new Map<string, string>();
  // oclif lists each alias as a command of its own too; keep the commands that are no one's alias.
  const aliases = new Set(config.commands.flatMap((c) => c.aliases ?? []));
  for (const command of config.commands.filter((c) => !c.hidden && !aliases.has(c.id))) {
    const canonical = command.id.split(':').join(' ');
    for (const id of [command.id, ...(command.aliases ?? [])]) names.set(id.split(':').join(' '), canonical);
  }
  return names;
}

/** The commands closest to a typo, each once under its own name (`pdos` → pods, not pods, po, pod). */
export function closestCommands(typed: string, config: Interfaces.Config): string[] {
  const names = commandNames(config);
  return [...new Set(closestMatches(typed, [...names.keys()], 6).map((name) => names.get(name)!))].slice(
    0,
    3,
  );
}

/** Whether a flag written before the subcommand takes the next word as its value (`-n shop`). */
export function valueFlag(config: Interfaces.Config): (flag: string) => boolean {
  const withValue = new Set<string>();
  for (const command of config.commands) {
    for (const [name, flag] of Object.entries(command.flags ?? {})) {
      if (flag.type !== 'option') continue;
      withValue.add(`--${name}`);
      if (flag.char) withValue.add(`-${flag.char}`);
    }
  }
  return (flag) => withValue.has(flag);
}

function unknownCommand(words: string[], config: Interfaces.Config): never {
  // `snapshot sav`: under a topic, the typo is in the second word.
  const word = config.findTopic(words[0] ?? '') && words[1] ? `${words[0]} ${words[1]}` : (words[0] ?? '');
  const closest = didYouMean(closestCommands(word, config));
  return failWith(
    new Errors.CLIError(
      `unknown command "${word}" for "kubectl diag"${closest ? `; ${closest}` : ''} ('kubectl diag help' lists the commands)`,
      { exit: EXIT_USAGE },
    ),
    { usage: 'kubectl diag', flags: [] },
  );
}

const hook: Hook.CommandNotFound = async function ({ id, argv, config }) {
  // oclif joined the leading words it could not place into the id (`pdos:web`); split them back.
  const words = id.startsWith('-') ? [id, ...(argv ?? [])] : [...id.split(':'), ...(argv ?? [])];
  if (!id.startsWith('-')) return unknownCommand(words, config);
  const hoisted = hoistCommand(
    words,
    valueFlag(config),
    (candidate) => config.findCommand(candidate) !== undefined,
  );
  if (!hoisted) {
    // Only flags (`kubectl diag -n shop`): like kubectl, show what can be run.
    await new Help(config as Config).showHelp([]);
    return undefined;
  }
  const commandId = hoisted.words.join(':');
  if (config.findCommand(commandId)) return config.runCommand(commandId, hoisted.rest);
  if (config.findTopic(commandId)) {
    await new Help(config as Config).showHelp([commandId]);
    return undefined;
  }
  return unknownCommand(hoisted.words, config);
};

export default hook;
