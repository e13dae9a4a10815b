import { PluginRegistry, type ModuleImporter } from '@geneava/core/plugins';
import type { LoadedConfig } from '@geneava/core/config';
import { pipelinePackageFolder, runningScriptFolder } from './package-folder.js';

/**
 * Where plugins the project does not have are found: the running script's folder (the CLI's bundled
 * stylizers, e.g. `npx geneava stylize` in a folder without node_modules), then this package's own
 * folder, whose dependencies include the default stylizer (classic), so a library user gets the CLI's
 * defaults without installing it. The project's copy always wins.
 */
export function pluginFallbackRoots(cwd: string): string[] {
  const roots = [runningScriptFolder(), pipelinePackageFolder(cwd)].filter((root): root is string => root !== undefined);
  return [...new Set(roots)];
}

/** The configured plugins, found and imported from the project, loaded once for a command or a run. */
export function openPluginRegistry(loaded: LoadedConfig, importer?: ModuleImporter): Promise<PluginRegistry> {
  return PluginRegistry.open(loaded.config, {
    projectRoot: loaded.projectRoot,
    fallbackRoots: pluginFallbackRoots(loaded.projectRoot),
    ...(importer ? { importer } : {}),
  });
}
