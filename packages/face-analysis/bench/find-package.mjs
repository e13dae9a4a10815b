// Locates an installed package's folder by walking up from this file through node_modules folders, so
// packages whose "exports" hide their files (or their package.json) can still be reached by path.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function findPackageDir(name) {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`bench: package ${name} is not installed (npm ci installs the dev dependencies)`);
    dir = parent;
  }
}
