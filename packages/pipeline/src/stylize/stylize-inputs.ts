import { posix } from 'node:path';
import { listImageFiles, type ImageFileListing } from '@geneava/core/image';

/** Image files relative to the input folder, and every other entry with why it is not one. */
export type InputListing = ImageFileListing;

/**
 * Every image below `inputDir`, recursively, in a stable order (core's listImageFiles: links are
 * followed, loops, broken links and unreadable entries reported). `excludeDir` (the output folder,
 * when it lies inside the input folder) is not walked, so a second run does not stylize its own avatars.
 */
export function listInputImages(inputDir: string, excludeDir?: string): Promise<InputListing> {
  return listImageFiles(inputDir, excludeDir === undefined ? {} : { exclude: excludeDir });
}

/**
 * Output path (relative, forward slashes) for each input: the same relative path with a .png extension.
 * When two inputs would land on the same file ("a.jpg" and "a.png"), each of them keeps its extension
 * before .png ("a.jpg.png", "a.png.png"), so no avatar overwrites another.
 */
export function outputPaths(images: readonly string[]): Map<string, string> {
  const plain = (file: string) => `${file.slice(0, file.length - posix.extname(file).length)}.png`;
  const claims = new Map<string, number>();
  for (const file of images) claims.set(plain(file).toLowerCase(), (claims.get(plain(file).toLowerCase()) ?? 0) + 1);
  return new Map(images.map((file) => [file, (claims.get(plain(file).toLowerCase()) ?? 0) > 1 ? `${file}.png` : plain(file)]));
}
