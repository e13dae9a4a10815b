import { pathToFileURL } from 'node:url';
import { API_VERSIONS } from '../contracts/api-version.js';
import { CORE_VERSION } from '../version.js';
import { reasonOf } from '../util/errors.js';
import { PLUGIN_BRAND, type PluginDefinition } from './define.js';
import { PluginLoadError, UnsupportedPluginApiVersionError } from './errors.js';
import { isPathSpecifier, locatePackage } from './locate.js';
import { readPackageJson, readPluginPackage, type PluginPackage } from './manifest.js';
import { resolvePluginEntry } from './resolve-entry.js';

export interface PluginSpec {
  /** Package name, or a path (starting with "." or "/") to a plugin package folder. */
  readonly package: string;
  /** Instance name; defaults to the plugin's own name. */
  readonly name?: string;
  readonly options?: Readonly<Record<string, unknown>>;
}

export interface LoadedPlugin {
  readonly spec: PluginSpec;
  readonly pkg: PluginPackage;
  readonly definition: PluginDefinition;
  /** The name the instance goes by: spec.name or the definition's name. */
  readonly name: string;
}

export interface PluginLoadFailure {
  readonly spec: PluginSpec;
  readonly error: PluginLoadError;
}

export interface LoadPluginsResult {
  readonly loaded: LoadedPlugin[];
  readonly failed: PluginLoadFailure[];
}

/** Imports a module by its file URL; injectable so hosts with their own module system (bundlers, tests) can supply one. */
export type ModuleImporter = (specifier: string) => Promise<unknown>;

const defaultImporter: ModuleImporter = (specifier) => import(specifier);

/** CommonJS interop can nest the default export one level deeper; unwrap until the brand shows. */
function findDefinition(moduleNamespace: unknown): unknown {
  let candidate: unknown = moduleNamespace;
  for (let depth = 0; depth < 3 && candidate && typeof candidate === 'object'; depth++) {
    if ((candidate as { $$type?: unknown }).$$type === PLUGIN_BRAND) return candidate;
    const next = (candidate as { default?: unknown; plugin?: unknown }).default ?? (candidate as { plugin?: unknown }).plugin;
    if (next === undefined) break;
    candidate = next;
  }
  return candidate;
}

/** The file URL of the plugin's entry, resolved from where the plugin was found (see resolvePluginEntry). */
function entryUrl(pkg: PluginPackage, specifier: string, projectRoot: string): string {
  return pathToFileURL(resolvePluginEntry(pkg, isPathSpecifier(specifier), projectRoot)).href;
}

function checkDefinition(pkg: PluginPackage, value: unknown): PluginDefinition {
  const name = pkg.name;
  if (!value || typeof value !== 'object' || (value as { $$type?: unknown }).$$type !== PLUGIN_BRAND) {
    throw new PluginLoadError(
      name,
      `entry "${pkg.manifest.entry}" does not default-export a plugin made with define${pkg.manifest.kind[0].toUpperCase()}${pkg.manifest.kind.slice(1)}Plugin()`,
      'plugin-export',
    );
  }
  const definition = value as PluginDefinition;
  if (definition.kind !== pkg.manifest.kind) {
    throw new PluginLoadError(name, `package.json declares kind "${pkg.manifest.kind}" but the entry exports a ${definition.kind} plugin`, 'plugin-kind');
  }
  if (definition.apiVersion !== API_VERSIONS[definition.kind]) {
    throw new UnsupportedPluginApiVersionError(name, definition.kind, definition.apiVersion, API_VERSIONS[definition.kind], CORE_VERSION);
  }
  if (typeof definition.create !== 'function') {
    throw new PluginLoadError(name, 'the plugin definition has no create() function', 'plugin-export');
  }
  return definition;
}

/** Loads one plugin: locate, check the manifest (before running any plugin code), import, check the export. */
export async function loadPlugin(
  spec: PluginSpec,
  options: { readonly projectRoot: string; readonly importer?: ModuleImporter },
): Promise<LoadedPlugin> {
  const dir = await locatePackage(spec.package, options.projectRoot);
  if (!dir) {
    throw new PluginLoadError(
      spec.package,
      isPathSpecifier(spec.package)
        ? `folder not found (resolved against ${options.projectRoot})`
        : `package is not installed (searched node_modules from ${options.projectRoot}); run \`npm install ${spec.package}\``,
      'plugin-not-found',
    );
  }
  const pkg = await readPluginPackage(dir, spec.package);
  let moduleNamespace: unknown;
  try {
    moduleNamespace = await (options.importer ?? defaultImporter)(entryUrl(pkg, spec.package, options.projectRoot));
  } catch (error) {
    if (error instanceof PluginLoadError) throw error;
    throw new PluginLoadError(pkg.name, `loading entry "${pkg.manifest.entry}" threw: ${reasonOf(error)}`, 'plugin-import');
  }
  const definition = checkDefinition(pkg, findDefinition(moduleNamespace));
  return { spec, pkg, definition, name: spec.name ?? definition.name };
}

/**
 * Loads every plugin; one that fails is reported in `failed` and does not stop the others.
 * Two plugins may not go by the same name (give one a `name` in the config).
 */
export async function loadPlugins(
  specs: readonly PluginSpec[],
  options: { readonly projectRoot: string; readonly importer?: ModuleImporter },
): Promise<LoadPluginsResult> {
  const loaded: LoadedPlugin[] = [];
  const failed: PluginLoadFailure[] = [];
  for (const spec of specs) {
    try {
      const plugin = await loadPlugin(spec, options);
      const clash = loaded.find((other) => other.name === plugin.name && other.definition.kind === plugin.definition.kind);
      if (clash) {
        throw new PluginLoadError(plugin.pkg.name, `name "${plugin.name}" is already used by ${clash.pkg.name}; give one of them a "name" in the config`, 'plugin-name');
      }
      loaded.push(plugin);
    } catch (error) {
      const wrapped = error instanceof PluginLoadError ? error : new PluginLoadError(spec.package, reasonOf(error));
      failed.push({ spec, error: wrapped });
    }
  }
  return { loaded, failed };
}

export { readPackageJson };
