import { PluginOptionsError, validatePluginOptions, type DiscoveredPlugin, type PluginRegistry } from '@geneava/core/plugins';
import type { Outcome } from '../outcome.js';

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
  /**
   * 'ok' every enabled plugin loads; 'partial' some failed; 'failure' all failed; 'usage' the config
   * gives a plugin options its schema refuses (a configuration error, as in every other command).
   */
  readonly outcome: Outcome;
}

/**
 * The registry's enabled plugins (loaded, without creating instances, their config options checked)
 * and the installed-but-unlisted ones.
 */
export function listPlugins(registry: PluginRegistry): PluginsListResult {
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
  const failed = enabled.filter((row) => row.status === 'failed').length;
  const outcome: Outcome = enabled.some((row) => row.invalidOptions) ? 'usage' : failed === 0 ? 'ok' : failed < enabled.length ? 'partial' : 'failure';
  return { enabled, installed: registry.installedNotEnabled(), outcome };
}
