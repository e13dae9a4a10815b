/** Folder checks and set naming shared by the audit commands. */
import { createHash } from 'node:crypto';
import { basename, join, resolve } from 'node:path';
import { reasonOf, UsageError } from '@geneava/core/util';
import { listImages, type ImageListing } from '@geneava/evaluator';

/** Lists a folder's images, turning a missing folder into a usage error that names the flag. */
export async function listFolder(flag: string, dir: string): Promise<ImageListing> {
  try {
    return await listImages(dir);
  } catch (error) {
    throw new UsageError(`${flag}: ${reasonOf(error)}`);
  }
}

/** Display names of folders: their base names, made unique with "-2", "-3"... */
export function setNames(dirs: readonly string[]): string[] {
  const used = new Map<string, number>();
  return dirs.map((dir) => {
    const base = basename(resolve(dir)) || 'set';
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    return n === 1 ? base : `${base}-${n}`;
  });
}

/** The cache file of one folder's embeddings: named after the folder, unique by its absolute path. */
export function cacheFileFor(cacheDir: string, dir: string, model: string): string {
  const absolute = resolve(dir);
  const slug = (basename(absolute) || 'set').replace(/[^A-Za-z0-9._-]+/g, '_');
  const key = createHash('sha256').update(absolute).digest('hex').slice(0, 10);
  return join(cacheDir, `${slug}-${key}.${model}.json`);
}
