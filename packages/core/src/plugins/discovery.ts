import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { reasonOf } from '../util/errors.js';
import { nodeModulesChain } from './locate.js';
import { parsePluginManifest, readPackageJson, type PluginManifest } from './manifest.js';

export interface DiscoveredPlugin {
  readonly name: string;
  readonly version?: string;
  readonly dir: string;
  /** Present when the "geneava" field is valid for this core. */
  readonly manifest?: PluginManifest;
  /** Why the package cannot be loaded (bad field, unsupported apiVersion...). */
  readonly problem?: string;
}

async function listPackageDirs(modules: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(modules, { withFileTypes: true });
  } catch {
    return [];
  }
  const dirs: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    if (!entry.isDirectory() && !entry.isSymbolicLink()) continue;
    const path = join(modules, entry.name);
    if (entry.name.startsWith('@')) {
      const scoped = await readdir(path, { withFileTypes: true }).catch(() => []);
      for (const inner of scoped) {
        if (inner.isDirectory() || inner.isSymbolicLink()) dirs.push(join(path, inner.name));
      }
    } else {
      dirs.push(path);
    }
  }
  return dirs;
}

/**
 * Installed packages that declare a "geneava" field, found by reading package.json files only (no
 * plugin code runs). Searched in every node_modules from the project root up; the nearest copy of a
 * name wins, as in Node's resolution.
 */
export async function discoverPlugins(projectRoot: string): Promise<DiscoveredPlugin[]> {
  const found = new Map<string, DiscoveredPlugin>();
  for (const modules of nodeModulesChain(projectRoot)) {
    for (const dir of await listPackageDirs(modules)) {
      let json;
      try {
        json = await readPackageJson(dir);
      } catch {
        continue;
      }
      if (json.geneava === undefined || !json.name || found.has(json.name)) continue;
      try {
        found.set(json.name, { name: json.name, version: json.version, dir, manifest: parsePluginManifest(json.name, json.geneava) });
      } catch (error) {
        found.set(json.name, { name: json.name, version: json.version, dir, problem: reasonOf(error) });
      }
    }
  }
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
}
