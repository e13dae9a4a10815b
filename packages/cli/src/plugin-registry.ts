import { realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import { PluginRegistry, type LoadedConfig, type ModuleImporter } from '@geneava/core';

/**
 * The folder of the running CLI script: the CLI's own dependencies (its bundled stylizers) are found
 * from here when the project has no copy, e.g. `npx geneava stylize` in a folder without node_modules.
 */
function cliScriptFolder(): string[] {
  const script = process.argv[1];
  if (!script) return [];
  try {
    return [dirname(realpathSync(script))];
  } catch {
    return [];
  }
}

/** The command's plugins: the config's, found and imported from the project, loaded once. */
export function openPluginRegistry(loaded: LoadedConfig, importer?: ModuleImporter): Promise<PluginRegistry> {
  return PluginRegistry.open(loaded.config, {
    projectRoot: loaded.projectRoot,
    fallbackRoots: cliScriptFolder(),
    ...(importer ? { importer } : {}),
  });
}
