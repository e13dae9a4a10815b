import { GeneavaError } from '../util/errors.js';

/** An image could not be decoded. The message is one line: the file (or caller's name for the bytes) and what is wrong. */
export class ImageDecodeError extends GeneavaError {
  constructor(
    /** The file path or the caller's name for the input. */
    readonly source: string,
    /** What is wrong, without the source. */
    readonly reason: string,
  ) {
    super(`${source}: ${reason}`, 'image-decode');
  }
}

/** An image could not be encoded or written. */
export class ImageWriteError extends GeneavaError {
  constructor(
    readonly target: string,
    readonly reason: string,
  ) {
    super(`${target}: ${reason}`, 'image-write');
  }
}

/** One line from an error of a native library (libvips messages can span lines). */
export function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s*\n\s*/g, '; ').trim();
}
