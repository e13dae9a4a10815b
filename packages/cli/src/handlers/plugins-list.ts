import {
  discoverPlugins,
  loadPlugins,
  pluginSpecsFromConfig,
  type DiscoveredPlugin,
  type LoadedConfig,
  type ModuleImporter,
} from '@geneava/core';

export interface EnabledPluginRow {
  readonly package: string;
  readonly name?: string;
  readonly kind?: string;
  readonly version?: string;
  readonly status: 'ok' | 'failed';
  readonly reason?: string;
}

export interface PluginsListResult {
  readonly enabled: readonly EnabledPluginRow[];
  /** Installed packages that declare the "geneava" field but are not enabled. */
  readonly installed: readonly DiscoveredPlugin[];
}

/** Loads every enabled plugin (without creating instances) and lists installed-but-unlisted ones. */
export async function pluginsListHandler(loaded: LoadedConfig, importer?: ModuleImporter): Promise<PluginsListResult> {
  const discovered = await discoverPlugins(loaded.projectRoot);
  const specs = pluginSpecsFromConfig(loaded.config, discovered);
  const result = await loadPlugins(specs, { projectRoot: loaded.projectRoot, importer });
  const enabled: EnabledPluginRow[] = specs.map((spec) => {
    const ok = result.loaded.find((p) => p.spec === spec);
    if (ok) {
      return { package: ok.pkg.name, name: ok.name, kind: ok.definition.kind, version: ok.definition.version ?? ok.pkg.version, status: 'ok' };
    }
    const failure = result.failed.find((f) => f.spec === spec)!;
    return { package: spec.package, status: 'failed', reason: failure.error.message };
  });
  const enabledPackages = new Set([...specs.map((s) => s.package), ...result.loaded.map((p) => p.pkg.name)]);
  return { enabled, installed: discovered.filter((d) => !enabledPackages.has(d.name)) };
}
