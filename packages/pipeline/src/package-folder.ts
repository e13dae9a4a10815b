import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

/** This package's name: its folder ships the demo photos, and its dependencies include the default stylizer. */
export const PIPELINE_PACKAGE = '@geneava/pipeline';

/** The folder of the running script (the CLI binary, or a library user's script), when there is one. */
export function runningScriptFolder(): string | undefined {
  const script = process.argv[1];
  if (!script) return undefined;
  try {
    return dirname(realpathSync(script));
  } catch {
    // "-e" scripts and the like have no folder.
    return undefined;
  }
}

/** Where this package is looked up from: the running script's folder, then the working directory. */
export function packageSearchBases(cwd: string): string[] {
  const script = runningScriptFolder();
  return [...new Set([...(script ? [script] : []), resolve(cwd)])];
}

/**
 * The installed folder of @geneava/pipeline, resolved by name from the running script's folder, then
 * from the working directory; undefined when neither resolves it. No import.meta: this code also runs as
 * CommonJS under the test runner.
 */
export function pipelinePackageFolder(cwd: string): string | undefined {
  for (const base of packageSearchBases(cwd)) {
    try {
      return dirname(createRequire(join(base, 'noop.js')).resolve(`${PIPELINE_PACKAGE}/package.json`));
    } catch {
      // Not resolvable from this base; try the next.
    }
  }
  return undefined;
}
