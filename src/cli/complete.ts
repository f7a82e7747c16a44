// Shell completion, the part that needs no cluster: from the words on the command line and the
// compiled-in command manifest, decide what the word under the cursor can be (a command, a flag, a
// flag's value, an object name). kubectl runs `kubectl_complete-diag WORD… CURRENT` for
// `kubectl diag WORD… CURRENT<TAB>` (kubectl 1.26+, pkg/cmd/plugin/plugin_completion.go) and reads
// cobra's protocol back: one candidate a line (`value<TAB>description`), then `:<directive>`.

import type { ResourceKey } from '../cluster/resources.js';

/** cobra's ShellCompDirective bits, as kubectl and the scripts of `kubectl diag completion` read them. */
export const DIRECTIVE = {
  default: 0,
  error: 1,
  noSpace: 2,
  noFileComp: 4,
} as const;

/** What completion needs of a command in oclif.manifest.json. */
export interface CompletableCommand {
  id: string;
  summary?: string;
  hidden?: boolean;
  aliases?: string[];
  flags: Record<
    string,
    {
      type: 'boolean' | 'option';
      char?: string;
      summary?: string;
      description?: string;
      hidden?: boolean;
      options?: readonly string[];
      multiple?: boolean;
    }
  >;
  args: Record<string, { description?: string; options?: readonly string[] }>;
}

/** A candidate and the short text shells show next to it. */
export interface Candidate {
  value: string;
  description?: string;
}

/** What the word under the cursor is; names are looked up in the cluster by the caller. */
export type CompletionPlan =
  | { kind: 'candidates'; candidates: Candidate[]; directive: number }
  | { kind: 'namespaces'; prefix: string }
  | { kind: 'contexts'; prefix: string }
  | { kind: 'names'; resource: ResourceKey; namespace?: string; prefix: string }
  | { kind: 'files' };

/** Positional arguments that name an object, by the argument's name in the command. */
export const ARGUMENT_RESOURCES: Record<string, ResourceKey> = {
  pod: 'pods',
  service: 'services',
  pvc: 'persistentvolumeclaims',
  node: 'nodes',
};

/** Flags whose value is a namespace, a context or a file on disk. */
const NAMESPACE_FLAGS = new Set(['namespace', 'allowed-namespaces', 'service-account-namespace']);
const CONTEXT_FLAGS = new Set(['context']);
const FILE_FLAGS = new Set(['kubeconfig', 'audit-log', 'snapshot', 'kubeconfig-out']);

/** The settings a completion reads names with: the flags already typed that choose the cluster and fence. */
export interface TypedSettings {
  namespace?: string;
  context?: string;
  kubeconfig?: string;
  allowedNamespaces?: string;
  auditLog?: string;
  snapshot?: string;
  demo?: boolean;
}

const NOTHING: CompletionPlan = { kind: 'candidates', candidates: [], directive: DIRECTIVE.noFileComp };

const summaryOf = (text: string | undefined) => (text ?? '').split('\n')[0]!.replace(/\t/g, ' ').trim();

/** The commands people see: no hidden ones, each under its own name (aliases are other names for it). */
function visible(commands: readonly CompletableCommand[]): CompletableCommand[] {
  return commands.filter((c) => !c.hidden);
}

function findCommand(commands: readonly CompletableCommand[], id: string): CompletableCommand | undefined {
  return (
    commands.find((c) => c.id === id) ?? commands.find((c) => (c.aliases ?? []).includes(id) && !c.hidden)
  );
}

function flagOf(command: CompletableCommand | undefined, commands: readonly CompletableCommand[]) {
  const pool = command ? [command] : commands;
  return (written: string) => {
    const name = written.replace(/^--?/, '');
    for (const c of pool) {
      for (const [flagName, flag] of Object.entries(c.flags)) {
        if (written.startsWith('--') ? flagName === name : flag.char === name)
          return { name: flagName, flag };
      }
    }
    return undefined;
  };
}

/** The flags every command that reads a cluster shares: what `kubectl diag -<TAB>` offers. */
function sharedFlags(commands: readonly CompletableCommand[]): CompletableCommand['flags'] {
  const readers = visible(commands).filter((c) => 'namespace' in c.flags);
  const first = readers[0];
  if (!first) return {};
  return Object.fromEntries(
    Object.entries(first.flags).filter(([name]) => readers.every((c) => name in c.flags)),
  );
}

function prefixed(candidates: Candidate[], prefix: string): Candidate[] {
  return candidates.filter((c) => c.value.startsWith(prefix));
}

function flagCandidates(
  flags: CompletableCommand['flags'],
  typed: ReadonlySet<string>,
  prefix: string,
): Candidate[] {
  const candidates: Candidate[] = [];
  for (const [name, flag] of Object.entries(flags)) {
    if (flag.hidden) continue;
    // Like cobra: a flag already given is not offered again, unless it may repeat.
    if (typed.has(name) && !flag.multiple) continue;
    const description = summaryOf(flag.summary ?? flag.description);
    candidates.push({ value: `--${name}`, description });
    // The one-letter form only once the user has typed a single dash and nothing more (`-<TAB>`).
    if (flag.char && prefix === '-') candidates.push({ value: `-${flag.char}`, description });
  }
  return prefixed(candidates, prefix).sort((a, b) => a.value.localeCompare(b.value));
}

function valuePlan(
  name: string,
  flag: CompletableCommand['flags'][string],
  prefix: string,
  valuePrefix: string,
): CompletionPlan {
  if (flag.options) {
    const candidates = flag.options.map((value) => ({ value: `${valuePrefix}${value}` }));
    return { kind: 'candidates', candidates: prefixed(candidates, prefix), directive: DIRECTIVE.noFileComp };
  }
  // `--namespace=sh<TAB>` completes the value after the `=`; a shell needs the whole word back.
  if (valuePrefix !== '') {
    if (NAMESPACE_FLAGS.has(name) || CONTEXT_FLAGS.has(name)) return NOTHING;
    return FILE_FLAGS.has(name) ? { kind: 'files' } : NOTHING;
  }
  if (NAMESPACE_FLAGS.has(name)) return { kind: 'namespaces', prefix };
  if (CONTEXT_FLAGS.has(name)) return { kind: 'contexts', prefix };
  if (FILE_FLAGS.has(name)) return { kind: 'files' };
  return NOTHING;
}

function commandCandidates(commands: readonly CompletableCommand[], prefix: string, topic = ''): Candidate[] {
  const seen = new Map<string, Candidate>();
  for (const command of visible(commands)) {
    const words = command.id.split(':');
    if (topic) {
      if (words.length !== 2 || words[0] !== topic) continue;
      seen.set(words[1]!, { value: words[1]!, description: summaryOf(command.summary) });
      continue;
    }
    const first = words[0]!;
    if (!seen.has(first))
      seen.set(first, {
        value: first,
        description: words.length > 1 ? `${first} commands` : summaryOf(command.summary),
      });
  }
  let candidates = prefixed([...seen.values()], prefix);
  // A kubectl user types `po`, `svc`, `pvc`: when no command name starts so, offer the aliases that do.
  if (candidates.length === 0 && !topic) {
    candidates = visible(commands).flatMap((command) =>
      (command.aliases ?? [])
        .filter((alias) => alias.startsWith(prefix))
        .map((alias) => ({ value: alias, description: summaryOf(command.summary) })),
    );
  }
  return candidates.sort((a, b) => a.value.localeCompare(b.value));
}

/** Plans the completion of `current`, the word under the cursor, after `words`. */
export function planCompletion(
  commands: readonly CompletableCommand[],
  words: readonly string[],
  current: string,
): { plan: CompletionPlan; settings: TypedSettings } {
  const settings: TypedSettings = {};
  const typedFlags = new Set<string>();
  const positionals: string[] = [];
  let command: CompletableCommand | undefined;
  let pendingValue: { name: string; flag: CompletableCommand['flags'][string] } | undefined;
  let afterDoubleDash = false;

  const remember = (name: string, value: string | true) => {
    typedFlags.add(name);
    if (value === true) {
      if (name === 'demo') settings.demo = true;
      return;
    }
    const key = {
      namespace: 'namespace',
      context: 'context',
      kubeconfig: 'kubeconfig',
      'allowed-namespaces': 'allowedNamespaces',
      'audit-log': 'auditLog',
      snapshot: 'snapshot',
    }[name] as Exclude<keyof TypedSettings, 'demo'> | undefined;
    if (key) settings[key] = value;
  };

  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (pendingValue) {
      remember(pendingValue.name, word);
      pendingValue = undefined;
      continue;
    }
    if (!afterDoubleDash && word === '--') {
      afterDoubleDash = true;
      continue;
    }
    if (!afterDoubleDash && word.startsWith('-') && word !== '-') {
      const [written, inline] = word.includes('=')
        ? [word.slice(0, word.indexOf('=')), word]
        : [word, undefined];
      // `-nshop`: a one-letter flag with its value attached.
      const attached = !written.startsWith('--') && written.length > 2 ? written.slice(2) : undefined;
      const found = flagOf(command, commands)(attached !== undefined ? written.slice(0, 2) : written);
      if (!found) continue;
      if (found.flag.type === 'boolean') remember(found.name, true);
      else if (inline !== undefined) remember(found.name, inline.slice(inline.indexOf('=') + 1));
      else if (attached !== undefined) remember(found.name, attached);
      else pendingValue = found;
      continue;
    }
    if (!command) {
      const topic = commands.some((c) => c.id.startsWith(`${word}:`));
      const next = words[i + 1];
      if (topic && next !== undefined && findCommand(commands, `${word}:${next}`)) {
        command = findCommand(commands, `${word}:${next}`);
        i++;
        continue;
      }
      if (topic && next === undefined) {
        return {
          plan: {
            kind: 'candidates',
            candidates: commandCandidates(commands, current, word),
            directive: DIRECTIVE.noFileComp,
          },
          settings,
        };
      }
      command = findCommand(commands, word);
      // An unknown word: nothing sensible to offer (and no file names either).
      if (!command) return { plan: NOTHING, settings };
      continue;
    }
    positionals.push(word);
  }

  const plan = ((): CompletionPlan => {
    if (pendingValue) return valuePlan(pendingValue.name, pendingValue.flag, current, '');
    if (!afterDoubleDash && current.startsWith('-')) {
      if (current.startsWith('--') && current.includes('=')) {
        const name = current.slice(2, current.indexOf('='));
        const found = flagOf(command, commands)(`--${name}`);
        if (!found || found.flag.type === 'boolean') return NOTHING;
        return valuePlan(found.name, found.flag, current, `--${name}=`);
      }
      const flags = command ? command.flags : sharedFlags(commands);
      return {
        kind: 'candidates',
        candidates: flagCandidates(flags, typedFlags, current),
        directive: DIRECTIVE.noFileComp,
      };
    }
    if (!command)
      return {
        kind: 'candidates',
        candidates: commandCandidates(commands, current),
        directive: DIRECTIVE.noFileComp,
      };
    if (command.id === 'help') {
      // `kubectl diag help snapshot <TAB>`
      if (positionals.length > 1) return NOTHING;
      const topic = positionals[0];
      return {
        kind: 'candidates',
        candidates: commandCandidates(commands, current, positionals.length === 1 ? topic : ''),
        directive: DIRECTIVE.noFileComp,
      };
    }
    const [argName, arg] = Object.entries(command.args)[positionals.length] ?? [];
    if (!argName || !arg) return NOTHING;
    if (arg.options)
      return {
        kind: 'candidates',
        candidates: prefixed(
          arg.options.map((value) => ({ value })),
          current,
        ),
        directive: DIRECTIVE.noFileComp,
      };
    const resource = ARGUMENT_RESOURCES[argName];
    if (resource) return { kind: 'names', resource, namespace: settings.namespace, prefix: current };
    return argName === 'path' ? { kind: 'files' } : NOTHING;
  })();
  return { plan, settings };
}

/** cobra's output: one candidate a line (a tab before its description), then `:<directive>`. */
export function formatCandidates(candidates: readonly Candidate[], directive: number): string {
  const lines = candidates.map((c) => (c.description ? `${c.value}\t${c.description}` : c.value));
  return [...lines, `:${directive}`].join('\n') + '\n';
}
