import { readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

/** Package holding small real portrait photos (its demo images), installed with the workspace's dev dependencies. */
const PHOTO_PACKAGE = join('@vladmandic', 'face-api', 'demo');

/**
 * Real face photos for the geometry check when the caller gives none: the sample*.jpg demo images of
 * @vladmandic/face-api, searched in every node_modules from `from` up to the filesystem root. Empty when
 * that package is not installed.
 */
export async function findSampleFacePhotos(from: string = process.cwd()): Promise<string[]> {
  let dir = resolve(from);
  for (;;) {
    const folder = join(dir, 'node_modules', PHOTO_PACKAGE);
    const names = await readdir(folder).catch(() => [] as string[]);
    const photos = names.filter((name) => /^sample\d+\.jpg$/i.test(name)).sort();
    if (photos.length > 0) return photos.map((name) => join(folder, name));
    const parent = dirname(dir);
    if (parent === dir) return [];
    dir = parent;
  }
}
