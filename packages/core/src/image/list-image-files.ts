import { access, constants, readdir, realpath, stat } from 'node:fs/promises';
import { extname, join, posix, relative, resolve, sep } from 'node:path';
import { UsageError } from '../util/errors.js';

/** Extensions (lower case) of the formats decodeImage reads: JPEG, PNG, WebP, TIFF, GIF, AVIF. */
export const IMAGE_FILE_EXTENSIONS: readonly string[] = ['.jpg', '.jpeg', '.png', '.webp', '.tif', '.tiff', '.gif', '.avif'];

export interface SkippedEntry {
  /** Path relative to the listed folder, with forward slashes. */
  readonly file: string;
  readonly reason: string;
}

export interface ImageFileListing {
  /** Image files (and links to them) relative to the folder, forward slashes, sorted. */
  readonly images: readonly string[];
  /** Every other entry that is not listed, with why. Hidden entries (".name") are left out silently. */
  readonly skipped: readonly SkippedEntry[];
}

export interface ListImageFilesOptions {
  /** A folder inside the listed one that is not walked (the output folder, when it lies inside the input). */
  readonly exclude?: string;
}

const byPath = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function isImageName(name: string): boolean {
  return IMAGE_FILE_EXTENSIONS.includes(extname(name).toLowerCase());
}

function errnoReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ELOOP') return 'symbolic link loop';
  if (code === 'ENOENT') return 'broken symbolic link (its target does not exist)';
  if (code === 'EACCES' || code === 'EPERM') return `cannot be read (permission denied)`;
  return `cannot be read (${code ?? (error as Error).message})`;
}

/**
 * Every image below `root`, recursively, in a stable order, and every entry left out with its reason,
 * so that nothing is skipped silently. Symbolic links are followed, to files and to folders; a link
 * back into a folder being walked is a loop and is reported, as are broken links, unreadable entries,
 * folders named like images (their contents are listed) and files that are not images.
 * Throws a UsageError naming `root` when it is missing or not a folder.
 */
export async function listImageFiles(root: string, options: ListImageFilesOptions = {}): Promise<ImageFileListing> {
  const top = resolve(root);
  const excluded = options.exclude === undefined ? undefined : resolve(options.exclude);
  let info;
  try {
    info = await stat(top);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`${root}: ${code === 'ENOENT' ? 'folder not found' : errnoReason(error)}`);
  }
  if (!info.isDirectory()) throw new UsageError(`${root}: not a folder`);

  const images: string[] = [];
  const skipped: SkippedEntry[] = [];
  const relativeName = (path: string) => relative(top, path).split(sep).join(posix.sep);
  // `ancestors`: real paths of the folders being walked, from the top down (a link to one of them is a loop).
  const walk = async (dir: string, ancestors: readonly string[]): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (dir === top) throw new UsageError(`${root}: ${errnoReason(error)}`);
      skipped.push({ file: relativeName(dir), reason: errnoReason(error) });
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      const file = relativeName(path);
      if (path === excluded) continue;
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const target = await stat(path);
          isDirectory = target.isDirectory();
          isFile = target.isFile();
        } catch (error) {
          skipped.push({ file, reason: errnoReason(error) });
          continue;
        }
      }
      if (isDirectory) {
        const real = await realpath(path).catch(() => path);
        if (ancestors.includes(real)) {
          skipped.push({ file, reason: 'symbolic link loop (it points to a folder that contains it)' });
          continue;
        }
        if (isImageName(entry.name)) skipped.push({ file, reason: 'a folder named like an image, not an image (its contents are listed)' });
        await walk(path, [...ancestors, real]);
      } else if (!isFile) {
        skipped.push({ file, reason: 'not a regular file' });
      } else if (!isImageName(entry.name)) {
        skipped.push({ file, reason: `not an image (extension "${extname(entry.name) || 'none'}"; images are ${IMAGE_FILE_EXTENSIONS.join(' ')})` });
      } else {
        try {
          await access(path, constants.R_OK);
          images.push(file);
        } catch (error) {
          skipped.push({ file, reason: errnoReason(error) });
        }
      }
    }
  };
  await walk(top, [await realpath(top)]);
  return { images: images.sort(byPath), skipped: skipped.sort((a, b) => byPath(a.file, b.file)) };
}

/**
 * The one error every command gives for a folder without images: a usage error (exit 64), naming how
 * the folder was given (e.g. "--input photos") and how many other entries it holds.
 */
export class NoImagesError extends UsageError {
  constructor(label: string, listing: { readonly skipped: readonly unknown[] }) {
    const others = listing.skipped.length;
    super(`${label}: no images found (images are ${IMAGE_FILE_EXTENSIONS.join(' ')})${others > 0 ? `; ${others} other entr${others === 1 ? 'y' : 'ies'} skipped` : ''}`);
  }
}
