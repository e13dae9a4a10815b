import { createHash } from 'node:crypto';
import { basename, join, resolve } from 'node:path';

/**
 * The embedding cache file of one folder of faces: named after the folder, unique by its absolute
 * path, per identity model. The cache is keyed inside by file hash, so a renamed folder only costs a
 * rebuild of its cache, never a wrong answer.
 */
export function faceSetCacheFile(cacheDir: string, dir: string, model: string): string {
  const absolute = resolve(dir);
  const slug = (basename(absolute) || 'set').replace(/[^A-Za-z0-9._-]+/g, '_');
  const key = createHash('sha256').update(absolute).digest('hex').slice(0, 10);
  return join(cacheDir, `${slug}-${key}.${model}.json`);
}
