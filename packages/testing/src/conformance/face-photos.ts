import { readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

/**
 * Folders holding small real group photos (sample1.jpg...): @geneava/pipeline ships them for
 * `run --demo`, and @vladmandic/face-api, which first published them, has them in its demo folder.
 */
const PHOTO_FOLDERS = [join('@geneava', 'pipeline', 'demo'), join('@vladmandic', 'face-api', 'demo')];

/**
 * Real face photos for the geometry check when the caller gives none: the sample*.jpg demo images of
 * @geneava/pipeline or @vladmandic/face-api, searched in every node_modules from `from` up to the filesystem
 * root. Empty when neither package is installed.
 */
export async function findSampleFacePhotos(from: string = process.cwd()): Promise<string[]> {
  let dir = resolve(from);
  for (;;) {
    for (const photoFolder of PHOTO_FOLDERS) {
      const folder = join(dir, 'node_modules', photoFolder);
      const names = await readdir(folder).catch(() => [] as string[]);
      const photos = names.filter((name) => /^sample\d+\.jpg$/i.test(name)).sort();
      if (photos.length > 0) return photos.map((name) => join(folder, name));
    }
    const parent = dirname(dir);
    if (parent === dir) return [];
    dir = parent;
  }
}
