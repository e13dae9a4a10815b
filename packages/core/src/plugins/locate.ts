import { stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';

export function isPathSpecifier(specifier: string): boolean {
  return specifier.startsWith('.') || isAbsolute(specifier);
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Every node_modules folder Node would search from `from`, nearest first. */
export function nodeModulesChain(from: string): string[] {
  const chain: string[] = [];
  let dir = resolve(from);
  for (;;) {
    if (!dir.endsWith(`${'/'}node_modules`)) chain.push(join(dir, 'node_modules'));
    const parent = dirname(dir);
    if (parent === dir) return chain;
    dir = parent;
  }
}

/**
 * The folder of an installed package, searched from the project root the way Node resolves bare
 * names, or the folder a path specifier points at. Undefined when it is not there.
 */
export async function locatePackage(specifier: string, projectRoot: string): Promise<string | undefined> {
  if (isPathSpecifier(specifier)) {
    const dir = resolve(projectRoot, specifier);
    return (await isDirectory(dir)) ? dir : undefined;
  }
  for (const modules of nodeModulesChain(projectRoot)) {
    const dir = join(modules, specifier);
    if (await isDirectory(dir)) return dir;
  }
  return undefined;
}
