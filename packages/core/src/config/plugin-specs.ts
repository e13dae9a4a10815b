import type { DiscoveredPlugin } from '../plugins/discovery.js';
import type { PluginSpec } from '../plugins/loader.js';
import type { GeneavaConfig } from './schema.js';

/**
 * The plugins a run enables: the config's explicit list, plus (with `discover: true`) every other
 * installed plugin whose manifest is valid, after the listed ones.
 */
export function pluginSpecsFromConfig(config: GeneavaConfig, discovered: readonly DiscoveredPlugin[] = []): PluginSpec[] {
  const specs: PluginSpec[] = config.plugins.map((entry) => (typeof entry === 'string' ? { package: entry } : entry));
  if (config.discover) {
    const listed = new Set(specs.map((spec) => spec.package));
    for (const plugin of discovered) {
      if (!listed.has(plugin.name) && plugin.manifest) specs.push({ package: plugin.name });
    }
  }
  return specs;
}
