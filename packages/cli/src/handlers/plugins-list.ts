import { PluginOptionsError, validatePluginOptions, type DiscoveredPlugin, type PluginRegistry } from '@geneava/core';

export interface EnabledPluginRow {
  readonly package: string;
  readonly name?: string;
  readonly kind?: string;
  readonly version?: string;
  readonly status: 'ok' | 'failed';
  readonly reason?: string;
  /** The config gives it options its schema refuses: a configuration error. */
  readonly invalidOptions?: true;
}

export interface PluginsListResult {
  readonly enabled: readonly EnabledPluginRow[];
  /** Installed packages that declare the "geneava" field but are not enabled. */
  readonly installed: readonly DiscoveredPlugin[];
}

/**
 * The registry's enabled plugins (loaded, without creating instances, their config options checked)
 * and the installed-but-unlisted ones.
 */
export function pluginsListHandler(registry: PluginRegistry): PluginsListResult {
  const enabled: EnabledPluginRow[] = registry.list().map((entry) => {
    if (entry.plugin) {
      const { plugin } = entry;
      const row = { package: plugin.pkg.name, name: plugin.name, kind: plugin.definition.kind, version: plugin.definition.version ?? plugin.pkg.version };
      try {
        validatePluginOptions(plugin);
      } catch (error) {
        if (!(error instanceof PluginOptionsError)) throw error;
        return { ...row, status: 'failed', reason: error.message, invalidOptions: true };
      }
      return { ...row, status: 'ok' };
    }
    return { package: entry.spec.package, ...(entry.kind ? { kind: entry.kind } : {}), status: 'failed', reason: entry.error.message };
  });
  return { enabled, installed: registry.installedNotEnabled() };
}
