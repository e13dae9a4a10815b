import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, isAbsolute } from 'node:path';
import { exports as resolveExports, legacy as resolveLegacy } from 'resolve.exports';
import { PluginLoadError } from './errors.js';
import type { PluginPackage } from './manifest.js';

/** `--conditions` / `-C` given to this Node process (flags or NODE_OPTIONS), so our resolution matches Node's. */
export function hostConditions(argv: readonly string[] = process.execArgv, nodeOptions = process.env['NODE_OPTIONS'] ?? ''): string[] {
  const words = [...argv, ...nodeOptions.split(/\s+/).filter(Boolean)];
  const conditions: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const inline = /^(?:--conditions|-C)=(.+)$/.exec(word);
    if (inline) conditions.push(inline[1]!);
    else if ((word === '--conditions' || word === '-C') && words[i + 1] !== undefined) conditions.push(words[++i]!);
  }
  return conditions;
}

/** The entry file named by a package folder's "exports" (or "main"), as Node's ESM resolver picks it. */
function entryFromPackageFolder(pkg: PluginPackage): string {
  const entry = pkg.manifest.entry;
  const json = { name: pkg.name, exports: pkg.exports, main: pkg.main } as Parameters<typeof resolveExports>[0];
  if (pkg.exports === undefined) {
    const file = entry === '.' ? (resolveLegacy(json, { browser: false }) ?? 'index.js') : entry;
    return join(pkg.dir, file);
  }
  let targets: readonly string[] | void;
  try {
    targets = resolveExports(json, entry, { conditions: hostConditions() });
  } catch {
    targets = undefined;
  }
  if (!targets || targets.length === 0) {
    throw new PluginLoadError(pkg.name, `package.json "exports" has no "${entry}" entry (named by geneava.entry)`, 'plugin-export');
  }
  return join(pkg.dir, targets[0]!);
}

function realpathOr(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function isInside(file: string, dir: string): boolean {
  const rel = relative(realpathOr(dir), realpathOr(file));
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/**
 * The file to import for a plugin's entry, resolved from where the plugin was found, never from
 * core's own install location (a global CLI or a config outside the project would otherwise find a
 * plugin in the project and import another copy, or none).
 *
 * Installed plugins are resolved by the host's own resolver anchored at `projectRoot` (createRequire),
 * so export conditions the host runs with apply; when that resolver refuses the subpath (an entry
 * exported under "import" only), the package folder's "exports" is read with ESM conditions. Plugins
 * given by path cannot be resolved by name, so their "exports" is always read directly. Either way the
 * file lies in the folder that was checked: the copy that was checked is the copy that runs.
 */
export function resolvePluginEntry(pkg: PluginPackage, byPath: boolean, projectRoot: string): string {
  if (!byPath) {
    const request = pkg.manifest.entry === '.' ? pkg.name : `${pkg.name}/${pkg.manifest.entry.slice(2)}`;
    try {
      const file = createRequire(join(projectRoot, 'package.json')).resolve(request);
      if (isInside(file, pkg.dir)) return file;
    } catch {
      // Not resolvable by the host's require conditions: read the package's "exports" below.
    }
  }
  const file = entryFromPackageFolder(pkg);
  if (!isInside(file, pkg.dir)) {
    throw new PluginLoadError(pkg.name, `entry "${pkg.manifest.entry}" resolves to ${file}, outside the package folder ${pkg.dir}`, 'plugin-export');
  }
  return file;
}
