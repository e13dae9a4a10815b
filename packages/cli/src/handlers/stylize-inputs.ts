import { readdir, stat } from 'node:fs/promises';
import { extname, join, posix, relative, resolve, sep } from 'node:path';

/** Extensions of the formats the image decoder reads (JPEG, PNG, WebP, TIFF, GIF, AVIF). */
export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set(['.jpg', '.jpeg', '.png', '.webp', '.tif', '.tiff', '.gif', '.avif']);

export interface SkippedFile {
  /** Path relative to the input folder, with forward slashes. */
  readonly file: string;
  readonly reason: string;
}

export interface InputListing {
  /** Image files relative to the input folder, forward slashes, sorted. */
  readonly images: readonly string[];
  /** Files that are not images, with why. Hidden files and folders (".name") are left out silently. */
  readonly skipped: readonly SkippedFile[];
}

/**
 * Every image below `inputDir`, recursively, in a stable order. `excludeDir` (the output folder, when it
 * lies inside the input folder) is not walked, so a second run does not stylize its own avatars.
 * Symbolic links to files are followed; links to folders are not walked.
 */
export async function listInputImages(inputDir: string, excludeDir?: string): Promise<InputListing> {
  const root = resolve(inputDir);
  const excluded = excludeDir === undefined ? undefined : resolve(excludeDir);
  const images: string[] = [];
  const skipped: SkippedFile[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      const file = relative(root, path).split(sep).join(posix.sep);
      if (entry.isDirectory()) {
        if (path !== excluded) await walk(path);
        continue;
      }
      const isFile = entry.isFile() || (entry.isSymbolicLink() && (await stat(path).then((s) => s.isFile(), () => false)));
      if (!isFile) {
        skipped.push({ file, reason: 'not a regular file' });
      } else if (IMAGE_EXTENSIONS.has(extname(entry.name).toLowerCase())) {
        images.push(file);
      } else {
        skipped.push({ file, reason: `not an image (extension "${extname(entry.name) || 'none'}"; images are ${[...IMAGE_EXTENSIONS].join(' ')})` });
      }
    }
  };
  await walk(root);
  const byPath = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return { images: images.sort(byPath), skipped: skipped.sort((a, b) => byPath(a.file, b.file)) };
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
