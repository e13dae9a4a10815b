import { readdir, stat } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';

/** File extensions (lower case) of the formats decodeImage accepts. */
export const IMAGE_EXTENSIONS: readonly string[] = ['.jpg', '.jpeg', '.png', '.webp', '.tif', '.tiff', '.gif', '.avif'];

export interface ImageListing {
  /** Image files, as paths relative to the folder with '/' separators, sorted. */
  readonly images: readonly string[];
  /** Other files (not hidden), relative and sorted: reported so that nothing is skipped silently. */
  readonly ignored: readonly string[];
}

/**
 * Every image file under `root`, recursively. Hidden files and folders (".name") are skipped; symbolic
 * links are followed to files but not into folders (no cycles). Throws when `root` is not a folder.
 */
export async function listImages(root: string): Promise<ImageListing> {
  let info;
  try {
    info = await stat(root);
  } catch {
    throw new Error(`${root}: folder not found`);
  }
  if (!info.isDirectory()) throw new Error(`${root}: not a folder`);
  const images: string[] = [];
  const ignored: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    const entries = await readdir(folder, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        await walk(path);
        continue;
      }
      const isFile = entry.isFile() || (entry.isSymbolicLink() && (await stat(path).catch(() => undefined))?.isFile());
      if (!isFile) continue;
      const rel = relative(root, path).split(sep).join('/');
      (IMAGE_EXTENSIONS.includes(extname(entry.name).toLowerCase()) ? images : ignored).push(rel);
    }
  };
  await walk(root);
  const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return { images: images.sort(order), ignored: ignored.sort(order) };
}
