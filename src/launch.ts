// The entry point of the shipped (bundled) CLI: the npm package's bin/run.js and the standalone
// executables both start here. oclif normally finds its root package.json, reads the manifest from disk
// and imports each command file by path; a bundle has neither files nor paths, and that discovery was
// most of the start-up time. Here the manifest and package.json are compiled in, the root plugin is
// built from them in memory, and each command is a lazy import inside the bundle, so a command
// evaluates only its own module graph. Help, flags, errors and exit codes are oclif's, unchanged.

import { isAbsolute, join, relative, sep } from 'node:path';
import { flush, handle, ModuleLoader, run, type Command, type Interfaces } from '@oclif/core';
import type { CompletableCommand } from './cli/complete.js';
import { compareNames } from './kube/names.js';

type CommandClass = Command.Class;
export type CommandLoaders = Record<string, () => Promise<Record<string, unknown>>>;

export interface LaunchSpec {
  /** The package.json the bundle was built from. */
  pjson: Interfaces.PJSON;
  /** oclif.manifest.json as `oclif manifest` wrote it. */
  manifest: Interfaces.Manifest;
  /** One lazy import per command id. */
  loaders: CommandLoaders;
  /** Other modules package.json names by path (helpClass, hooks), keyed by that path: `dist/src/x.js`. */
  modules: CommandLoaders;
  /** A directory that stands for the package root (oclif derives nothing from its contents here). */
  root: string;
}

function commandClassOf(module: Record<string, unknown>, id: string): CommandClass {
  const candidate = module['default'] ?? Object.values(module).find((v) => typeof v === 'function');
  if (typeof candidate !== 'function') throw new Error(`the bundle has no command class for "${id}"`);
  return candidate as CommandClass;
}

/** An oclif root plugin made from the compiled-in manifest: no file is read, no directory scanned. */
function bundledPlugin(spec: LaunchSpec): Interfaces.Plugin {
  const { pjson, manifest, loaders } = spec;
  const plugin = {
    alias: pjson.name,
    commandIDs: Object.keys(manifest.commands),
    commands: [] as Command.Loadable[],
    hasManifest: true,
    hooks: Object.fromEntries(
      Object.entries(pjson.oclif.hooks ?? {}).map(([event, targets]) => [
        event,
        (Array.isArray(targets) ? targets : [targets]).map((target) =>
          typeof target === 'string' ? { identifier: 'default', target } : target,
        ),
      ]),
    ),
    isRoot: true,
    manifest,
    moduleType: 'module',
    name: pjson.name,
    options: { root: spec.root, isRoot: true },
    pjson,
    root: spec.root,
    tag: undefined,
    topics: [],
    type: 'core',
    valid: true,
    version: pjson.version,
    async findCommand(id: string, opts: { must?: boolean } = {}): Promise<CommandClass | undefined> {
      const load = loaders[id];
      if (!load) {
        if (opts.must) throw new Error(`command ${id} not found`);
        return undefined;
      }
      const cmd = commandClassOf(await load(), id);
      cmd.id = id;
      cmd.plugin = plugin as unknown as Interfaces.Plugin;
      return cmd;
    },
    async load(): Promise<void> {},
  };
  plugin.commands = Object.entries(manifest.commands)
    .map(([id, cached]) => ({
      ...cached,
      id,
      load: async () => (await plugin.findCommand(id, { must: true }))!,
      pluginAlias: plugin.alias,
      pluginType: 'core',
    }))
    // Command ids are lower-case words: the order of oclif's localeCompare, without building ICU's collator.
    .sort((a, b) => compareNames(a.id, b.id));
  return plugin as unknown as Interfaces.Plugin;
}

type Load = (config: unknown, path: string) => Promise<unknown>;

/**
 * oclif imports the help class and hooks by file path; in a bundle they are lazy imports instead.
 * Every path oclif asks for is looked up among them first (keyed relative to the root).
 */
function serveBundledModules(spec: LaunchSpec): void {
  const loader = ModuleLoader as unknown as { load: Load; loadWithData: Load };
  const find = (path: string) => {
    const key = relative(spec.root, isAbsolute(path) ? path : join(spec.root, path))
      .split(sep)
      .join('/');
    return spec.modules[key];
  };
  const { load, loadWithData } = loader;
  loader.load = async (config, path) => {
    const bundled = find(path);
    return bundled ? bundled() : load(config, path);
  };
  loader.loadWithData = async (config, path) => {
    const bundled = find(path);
    return bundled ? { filePath: path, isESM: true, module: await bundled() } : loadWithData(config, path);
  };
}

/** Runs `kubectl diag ARGV` the way oclif's execute() does, from the compiled-in manifest. */
export async function launch(spec: LaunchSpec, argv: string[] = process.argv.slice(2)): Promise<void> {
  // Shell completion (kubectl_complete-diag, `kubectl diag completion`) answers before oclif starts.
  if (argv[0] === '__complete') {
    const { runCompletion } = await import('./cli/complete-run.js');
    const commands = Object.entries(spec.manifest.commands).map(([id, command]) => ({ ...command, id }));
    return runCompletion(commands as unknown as CompletableCommand[], argv.slice(1));
  }
  // `kubectl diag pods -A | head` closes the pipe early: stop quietly, as kubectl does.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  const plugin = bundledPlugin(spec);
  serveBundledModules(spec);
  try {
    await run(argv, {
      root: spec.root,
      pjson: spec.pjson,
      plugins: new Map([[plugin.name, plugin]]),
    });
    await flush();
  } catch (error) {
    await handle(error instanceof Error ? error : new Error(String(error)));
  }
}
