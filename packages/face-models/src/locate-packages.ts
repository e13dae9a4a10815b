/**
 * Finds installed packages without import.meta (this code also runs as CommonJS under the test
 * runner): each package is resolved from a list of starting folders, as Node would resolve it from a
 * file there. Starting folders, in order: the caller's own hints, the working directory, and the
 * folder of the script Node was started with (the CLI binary, which sits next to its dependencies
 * even when run from elsewhere). Resolution follows symlinks, so workspace links lead to real folders.
 */
import { existsSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

/** The folders packages are looked up from, most specific first. */
export function resolutionBases(hints: readonly string[] = []): string[] {
  const bases = [...hints, process.cwd()];
  const script = process.argv[1];
  if (script) {
    try {
      bases.push(dirname(realpathSync(script)));
    } catch {
      // A script that cannot be resolved (e.g. "-e" code) adds nothing.
    }
  }
  return [...new Set(bases.map((base) => resolve(base)))];
}

/** The folder of `packageName` (the one holding its package.json), or undefined when none is found. */
export function findPackageDir(packageName: string, bases: readonly string[]): string | undefined {
  for (const base of bases) {
    try {
      return dirname(createRequire(join(base, 'noop.js')).resolve(`${packageName}/package.json`));
    } catch {
      // Packages whose exports hide package.json are still found by walking up node_modules.
      const walked = walkUp(packageName, base);
      if (walked) return walked;
    }
  }
  return undefined;
}

function walkUp(packageName: string, from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', packageName);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(dir) === dir) return undefined;
  }
}
