import { basename } from 'node:path';
import { PLUGIN_KINDS, type PluginKind } from '../contracts/api-version.js';
import { pluginSpecsFromConfig } from '../config/plugin-specs.js';
import type { GeneavaConfig } from '../config/schema.js';
import { closestMatch } from '../util/closest-match.js';
import { UsageError } from '../util/errors.js';
import { discoverPlugins, type DiscoveredPlugin } from './discovery.js';
import { PluginLoadError } from './errors.js';
import { loadPlugin, loadPlugins, type LoadedPlugin, type ModuleImporter, type PluginSpec } from './loader.js';
import { isPathSpecifier, locatePackage } from './locate.js';
import { readPackageJson } from './manifest.js';
import type { ModelKindDefinition } from './model-kind.js';

/** One plugin the registry knows: loaded, or failed with its own error. */
export type RegistryEntry =
  | { readonly spec: PluginSpec; readonly enabledBy: PluginEnabledBy; readonly plugin: LoadedPlugin; readonly error?: undefined }
  | {
      readonly spec: PluginSpec;
      readonly enabledBy: PluginEnabledBy;
      readonly plugin?: undefined;
      readonly error: PluginLoadError;
      /** What package.json says, when it could be read: lets the failed plugin be found by its name. */
      readonly packageName?: string;
      readonly kind?: PluginKind;
    };

/** The config's list (or discover: true), or the user naming an installed plugin on the command line. */
export type PluginEnabledBy = 'config' | 'command-line';

/** The name asked for matches no enabled or installed plugin of that kind. A usage error. */
export class PluginNotFoundError extends UsageError {
  constructor(
    readonly kind: PluginKind,
    readonly pluginName: string,
    /** Names of the enabled plugins of that kind that loaded. */
    readonly available: readonly string[],
    /** Enabled plugins that failed to load, whose names are unknown until they load. */
    readonly failures: readonly PluginLoadError[],
  ) {
    const hint = closestMatch(pluginName, [...available]);
    const failed = failures.length > 0 ? `; failed to load: ${failures.map((f) => f.message).join('; ')}` : '';
    super(`unknown ${kind} "${pluginName}"${hint ? ` (did you mean "${hint}"?)` : ''}; enabled ${kind}s: ${available.join(', ') || 'none'}${failed}`);
  }
}

export interface PluginRegistryOptions {
  /** Where the config file is (or the working folder without one): plugins are found and imported from here. */
  readonly projectRoot: string;
  readonly importer?: ModuleImporter;
  /**
   * Folders whose installed plugins stand in for a plugin the project does not have (a CLI passes its
   * own folder, so its bundled stylizers run in an empty folder). The project's copy always wins.
   */
  readonly fallbackRoots?: readonly string[];
}

/**
 * The short name a package goes by on the command line: "@geneava/stylizer-classic" -> "classic",
 * "geneava-stylizer-boom" -> "boom", "./styles/boom" -> "boom".
 */
export function pluginShortName(packageName: string, kind: PluginKind): string {
  const last = isPathSpecifier(packageName) ? basename(packageName) : packageName.split('/').pop()!;
  return last.replace(/^geneava-/, '').replace(new RegExp(`^${kind}-`), '');
}

function entryNames(entry: RegistryEntry, kind: PluginKind): string[] {
  if (entry.plugin) return [entry.plugin.name];
  const names = [entry.spec.name, entry.spec.package, pluginShortName(entry.spec.package, kind)];
  if (!entry.spec.name && entry.packageName) names.push(entry.packageName, pluginShortName(entry.packageName, kind));
  return names.filter((name): name is string => name !== undefined);
}

function entryKind(entry: RegistryEntry): PluginKind | undefined {
  return entry.plugin ? entry.plugin.definition.kind : entry.kind;
}

/** package.json's name and kind of a plugin that failed, read without running it; empty when unreadable. */
async function describeFailed(spec: PluginSpec, projectRoot: string): Promise<{ packageName?: string; kind?: PluginKind }> {
  const dir = await locatePackage(spec.package, projectRoot);
  if (!dir) return {};
  try {
    const json = await readPackageJson(dir);
    const kind = (json.geneava as { kind?: unknown } | undefined)?.kind;
    return {
      ...(json.name ? { packageName: json.name } : {}),
      ...(PLUGIN_KINDS.includes(kind as PluginKind) ? { kind: kind as PluginKind } : {}),
    };
  } catch {
    return {};
  }
}

/**
 * The plugins of one run, each loaded once: the config's plugins at open(), and an installed plugin
 * the moment the user names it (naming it is consent; the config stays the place for options and for
 * enabling by default). A plugin that fails to load is kept with its error, so asking for it by name
 * reports that error instead of "unknown", and the others stay usable.
 */
export class PluginRegistry {
  private readonly entries: RegistryEntry[];

  private constructor(
    entries: RegistryEntry[],
    /** Installed plugins of the project, then of the fallback roots (package.json only). */
    private readonly installed: readonly DiscoveredPlugin[],
    private readonly options: PluginRegistryOptions,
  ) {
    this.entries = entries;
  }

  /** Loads the plugins `config` enables, from `options.projectRoot`. */
  static async open(config: GeneavaConfig, options: PluginRegistryOptions): Promise<PluginRegistry> {
    const discovered = await discoverPlugins(options.projectRoot);
    const specs = pluginSpecsFromConfig(config, discovered);
    const { loaded, failed } = await loadPlugins(specs, options);
    const entries: RegistryEntry[] = [];
    for (const spec of specs) {
      const plugin = loaded.find((candidate) => candidate.spec === spec);
      if (plugin) {
        entries.push({ spec, enabledBy: 'config', plugin });
        continue;
      }
      let error = failed.find((failure) => failure.spec === spec)!.error;
      if (error.code === 'plugin-not-found' && !isPathSpecifier(spec.package)) {
        try {
          const standIn = await loadFromFallback(spec, options);
          if (standIn) {
            entries.push({ spec, enabledBy: 'config', plugin: standIn });
            continue;
          }
        } catch (fallbackError) {
          if (fallbackError instanceof PluginLoadError) error = fallbackError;
        }
      }
      entries.push({ spec, enabledBy: 'config', error, ...(await describeFailed(spec, options.projectRoot)) });
    }
    const fallbackInstalled = [];
    for (const root of options.fallbackRoots ?? []) fallbackInstalled.push(...(await discoverPlugins(root)));
    const names = new Set(discovered.map((plugin) => plugin.name));
    return new PluginRegistry(entries, [...discovered, ...fallbackInstalled.filter((plugin) => !names.has(plugin.name))], options);
  }

  /** Every plugin the registry knows, in the config's order, then those enabled by name. */
  list(): readonly RegistryEntry[] {
    return this.entries;
  }

  /** Installed plugins (package.json declares "geneava") that are not enabled. */
  installedNotEnabled(): readonly DiscoveredPlugin[] {
    const enabled = new Set(this.entries.flatMap((entry) => [entry.spec.package, ...(entry.plugin ? [entry.plugin.pkg.name] : entry.packageName ? [entry.packageName] : [])]));
    return this.installed.filter((plugin) => !enabled.has(plugin.name));
  }

  /** Names of the loaded plugins of a kind. */
  names(kind: PluginKind): string[] {
    return this.entries.flatMap((entry) => (entry.plugin?.definition.kind === kind ? [entry.plugin.name] : []));
  }

  /** Load errors of the enabled plugins of a kind (as package.json declares it) that failed. */
  failures(kind: PluginKind): PluginLoadError[] {
    return this.entries.flatMap((entry) => (entry.error && entryKind(entry) === kind ? [entry.error] : []));
  }

  /** Model kinds contributed by the loaded plugins, first one of each kind. */
  modelKinds(): ModelKindDefinition[] {
    const kinds: ModelKindDefinition[] = [];
    for (const entry of this.entries) {
      for (const kind of entry.plugin?.definition.models ?? []) if (!kinds.some((k) => k.kind === kind.kind)) kinds.push(kind);
    }
    return kinds;
  }

  /**
   * The plugin of `kind` named `name`: an enabled one (by its name, or for one that failed, by its
   * package name or short name), else an installed one, loaded now. Throws the plugin's own
   * PluginLoadError when it failed to load, PluginNotFoundError when nothing goes by that name.
   */
  async get(kind: PluginKind, name: string): Promise<LoadedPlugin> {
    // By its name first; then by package name (when that is not another plugin's name).
    const ofKind = this.entries.filter((entry) => entry.plugin?.definition.kind === kind);
    const loaded = ofKind.find((entry) => entry.plugin!.name === name) ?? ofKind.find((entry) => entry.plugin!.pkg.name === name || entry.spec.package === name);
    if (loaded?.plugin) return loaded.plugin;
    const failed = this.entries.find((entry) => !entry.plugin && (entryKind(entry) ?? kind) === kind && entryNames(entry, kind).includes(name));
    if (failed?.error) throw failed.error;
    return this.enableInstalled(kind, name);
  }

  private async enableInstalled(kind: PluginKind, name: string): Promise<LoadedPlugin> {
    const candidates = this.installed.filter((plugin) => (plugin.manifest?.kind ?? kind) === kind && (plugin.name === name || pluginShortName(plugin.name, kind) === name));
    if (candidates.length === 0) {
      const failures = this.entries.flatMap((entry) => (entry.error && (entryKind(entry) ?? kind) === kind ? [entry.error] : []));
      throw new PluginNotFoundError(kind, name, this.names(kind), failures);
    }
    if (candidates.length > 1) {
      throw new UsageError(`${kind} "${name}" could be any of ${candidates.map((plugin) => plugin.name).join(', ')}; enable the one you mean in "plugins" of geneava.config.json`);
    }
    const chosen = candidates[0]!;
    const spec: PluginSpec = { package: chosen.name };
    if (chosen.problem) {
      const error = new PluginLoadError(chosen.name, chosen.problem, 'plugin-manifest');
      this.entries.push({ spec, enabledBy: 'command-line', error, packageName: chosen.name, ...(chosen.manifest ? { kind: chosen.manifest.kind } : {}) });
      throw error;
    }
    const fromProject = (await locatePackage(chosen.name, this.options.projectRoot)) !== undefined;
    try {
      const plugin = fromProject ? await loadPlugin(spec, this.options) : await loadFromFallback(spec, this.options);
      if (!plugin) throw new PluginLoadError(chosen.name, 'package is not installed', 'plugin-not-found');
      const clash = this.entries.find((entry) => entry.plugin?.definition.kind === kind && entry.plugin.name === plugin.name);
      if (clash) throw new PluginLoadError(chosen.name, `name "${plugin.name}" is already used by ${clash.plugin!.pkg.name}`, 'plugin-name');
      this.entries.push({ spec, enabledBy: 'command-line', plugin });
      return plugin;
    } catch (error) {
      const wrapped = error instanceof PluginLoadError ? error : new PluginLoadError(chosen.name, String(error));
      this.entries.push({ spec, enabledBy: 'command-line', error: wrapped, packageName: chosen.name, kind });
      throw wrapped;
    }
  }
}

/** The first fallback root that has the package, loaded from there; undefined when none has it. */
async function loadFromFallback(spec: PluginSpec, options: PluginRegistryOptions): Promise<LoadedPlugin | undefined> {
  for (const root of options.fallbackRoots ?? []) {
    if ((await locatePackage(spec.package, root)) === undefined) continue;
    return loadPlugin(spec, { projectRoot: root, ...(options.importer ? { importer: options.importer } : {}) });
  }
  return undefined;
}
