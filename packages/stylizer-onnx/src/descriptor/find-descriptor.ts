/**
 * What `--descriptor` (or the plugin's `descriptor` option) points at: a descriptor shipped in this
 * package, by name (`animeganv2-face-paint-512-v2`), or a descriptor file, by path. A shipped
 * descriptor's model file is the user's to supply, so it is looked up in a models folder the caller
 * gives, by default the working directory; a file descriptor's model sits next to it unless told otherwise.
 */
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { GeneavaError } from '@geneava/core/util';

const PACKAGE = '@geneava/stylizer-onnx';

export interface FoundDescriptor {
  /** The descriptor file (absolute). */
  readonly file: string;
  /** True when it was found by name among the descriptors this package ships. */
  readonly shipped: boolean;
}

/**
 * The descriptors/ folder of the installed package, resolved from the running script's folder, then the
 * working directory (no import.meta: this code also runs as CommonJS under the test runner).
 */
export function shippedDescriptorsDir(): string | undefined {
  const bases: string[] = [];
  if (process.argv[1]) {
    try {
      bases.push(dirname(realpathSync(process.argv[1])));
    } catch {
      // "-e" scripts and the like add no base.
    }
  }
  bases.push(process.cwd());
  for (const base of bases) {
    try {
      const dir = join(dirname(createRequire(join(base, 'noop.js')).resolve(`${PACKAGE}/package.json`)), 'descriptors');
      if (existsSync(dir)) return dir;
    } catch {
      // Not resolvable from this base; try the next.
    }
  }
  return undefined;
}

/** The names of the shipped descriptors (file names without .json), sorted. */
export function shippedDescriptorNames(dir: string | undefined = shippedDescriptorsDir()): string[] {
  if (!dir) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .sort();
}

/** A path-like value (a separator, a leading dot or a .json ending) is always a path. */
function looksLikePath(value: string): boolean {
  return /[\\/]/.test(value) || value.startsWith('.') || value.toLowerCase().endsWith('.json');
}

/**
 * Finds a descriptor by name or path. Paths are resolved from `baseDir`; a bare name is a shipped
 * descriptor first, then a file of that name in `baseDir`. Throws one line listing the shipped names
 * when neither exists.
 */
export function findDescriptor(nameOrPath: string, baseDir: string, shippedDir: string | undefined = shippedDescriptorsDir()): FoundDescriptor {
  if (looksLikePath(nameOrPath)) return { file: resolve(baseDir, nameOrPath), shipped: false };
  if (shippedDir) {
    const file = join(shippedDir, `${nameOrPath}.json`);
    if (existsSync(file)) return { file, shipped: true };
  }
  const local = resolve(baseDir, nameOrPath);
  if (existsSync(local)) return { file: local, shipped: false };
  const names = shippedDescriptorNames(shippedDir);
  throw new GeneavaError(
    `descriptor "${nameOrPath}": no shipped descriptor has that name (shipped: ${names.join(', ') || 'none found'}) and ${local} does not exist; give a shipped name or a descriptor .json path`,
    'stylizer-descriptor-not-found',
  );
}
