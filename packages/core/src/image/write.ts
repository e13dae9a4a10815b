import { extname } from 'node:path';
import type { RgbImage } from '../contracts/image.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { encodeImage, type EncodeFormat, type EncodeOptions } from './encode.js';
import { ImageWriteError, oneLine } from './errors.js';

export interface WriteImageOptions extends EncodeOptions {
  /** Format to write; by default taken from the extension (.png, .jpg, .jpeg, .webp). */
  readonly format?: EncodeFormat;
}

/**
 * Encodes and writes an image so that `path` holds either its old content or the complete new file, never
 * a partial one (encoded in memory first, then written through a temporary sibling file and a rename).
 * Missing parent folders are created.
 */
export async function writeImageAtomic(path: string, image: RgbImage, options: WriteImageOptions = {}): Promise<void> {
  const format = options.format ?? formatFromPath(path);
  const bytes = await encodeImage(image, format, options).catch((error: unknown) => {
    throw new ImageWriteError(path, `cannot encode ${format} (${oneLine(error)})`);
  });
  await writeFileAtomic(path, bytes).catch((error: unknown) => {
    throw new ImageWriteError(path, `cannot write file (${oneLine(error)})`);
  });
}

/** The encoder an output path asks for by its extension. */
export function formatFromPath(path: string): EncodeFormat {
  const extension = extname(path).toLowerCase();
  if (extension === '.png') return 'png';
  if (extension === '.jpg' || extension === '.jpeg') return 'jpeg';
  if (extension === '.webp') return 'webp';
  throw new ImageWriteError(path, `cannot tell the image format from the extension "${extension}" (use .png, .jpg, .jpeg or .webp, or pass options.format)`);
}
