import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import type { RgbImage } from '../contracts/image.js';
import { imageDecodingLimits } from './decode-limits.js';
import { ImageDecodeError, oneLine } from './errors.js';

export { configureImageDecoding, DEFAULT_DECODE_PIXELS, DEFAULT_MAX_PIXELS, imageDecodingLimits, type ImageDecodingLimits } from './decode-limits.js';

/** Formats `decodeImage` accepts, as sharp's metadata names them ("heif" covers AVIF). */
const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp', 'tiff', 'gif', 'heif']);

export interface DecodeOptions {
  /** Largest accepted width × height (of the first frame). Default: the process's limit (imageDecodingLimits). */
  readonly maxPixels?: number;
  /** Larger images are reduced while decoding to at most this many pixels. Default: the process's limit. */
  readonly decodePixels?: number;
  /** Name for the input in error messages. Defaults to the path, or "image buffer" for bytes. */
  readonly source?: string;
}

/**
 * Decodes a JPEG, PNG, WebP, TIFF, GIF or AVIF file (path) or its bytes into interleaved 8-bit sRGB.
 * - EXIF orientation is applied, so width and height are as the image is meant to be viewed.
 * - Alpha is flattened onto white: transparent backgrounds of portraits and stickers become the plain light
 *   background face models and stylizers expect, instead of an arbitrary colour hidden under alpha 0.
 * - 16-bit images are reduced to 8 bits; greyscale and CMYK (through its ICC profile when present) become sRGB.
 * - Animated GIF/WebP and multi-page TIFF: the first frame.
 * - The pixel limit is checked against the header before any pixel is decoded, and again by sharp's own
 *   limitInputPixels while decoding.
 * - Images with more than `decodePixels` pixels are reduced while decoding (JPEG and WebP decode at a
 *   fraction of their size; other formats stream through the reduction), so memory follows the output.
 * Throws ImageDecodeError naming the source and the problem.
 */
export async function decodeImage(input: string | Uint8Array, options: DecodeOptions = {}): Promise<RgbImage> {
  const source = options.source ?? (typeof input === 'string' ? input : 'image buffer');
  const defaults = imageDecodingLimits();
  const maxPixels = options.maxPixels ?? defaults.maxPixels;
  const decodePixels = options.decodePixels ?? defaults.decodePixels;
  if (!(maxPixels > 0)) {
    throw new ImageDecodeError(source, `maxPixels must be positive, got ${maxPixels}`);
  }
  if (!(decodePixels > 0)) {
    throw new ImageDecodeError(source, `decodePixels must be positive, got ${decodePixels}`);
  }
  // A path is read once, so metadata and pixels come from the same bytes.
  const bytes = typeof input === 'string' ? await readInput(input, source) : asBuffer(input);
  if (bytes.length === 0) throw new ImageDecodeError(source, 'empty file, no image data');
  const sharpLimit = Number.isFinite(maxPixels) ? Math.max(1, Math.floor(maxPixels)) : false;

  let metadata: sharp.Metadata;
  try {
    metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw new ImageDecodeError(source, describeFailure(error));
  }
  const format = metadata.format ?? 'unknown';
  if (!ACCEPTED_FORMATS.has(format)) {
    throw new ImageDecodeError(source, `unsupported image format "${format}" (accepted: JPEG, PNG, WebP, TIFF, GIF, AVIF)`);
  }
  const width = metadata.width ?? 0;
  const height = metadata.pageHeight ?? metadata.height ?? 0;
  if (!(width > 0 && height > 0)) {
    throw new ImageDecodeError(source, `corrupt image header (size ${width}x${height})`);
  }
  if (width * height > maxPixels) {
    throw new ImageDecodeError(source, tooManyPixels(width, height, maxPixels));
  }

  try {
    let pipeline = sharp(bytes, { limitInputPixels: sharpLimit, pages: 1, page: 0 }).rotate();
    const reduced = reducedSize(width, height, (metadata.orientation ?? 1) >= 5, decodePixels);
    if (reduced) pipeline = pipeline.resize({ ...reduced, fit: 'fill', kernel: 'lanczos3' });
    const { data, info } = await pipeline
      .flatten({ background: { r: 255, g: 255, b: 255 } })
      .toColourspace('srgb')
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3 || data.length !== info.width * info.height * 3) {
      throw new Error(`decoder produced ${info.channels} channels of ${info.width}x${info.height}, expected RGB`);
    }
    return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  } catch (error) {
    if (format === 'heif' && metadata.compression === 'hevc') {
      throw new ImageDecodeError(source, 'HEIC (HEVC-coded HEIF) is not supported, only AVIF; convert the image to JPEG, PNG or AVIF');
    }
    throw new ImageDecodeError(source, describeFailure(error, width, height, maxPixels));
  }
}

/**
 * The size to decode an image at when it has more than `limit` pixels: its shape kept, at most
 * `limit` pixels, as the image is viewed (width and height swap for EXIF orientations 5 to 8).
 */
function reducedSize(width: number, height: number, transposed: boolean, limit: number): { width: number; height: number } | undefined {
  if (width * height <= limit) return undefined;
  const scale = Math.sqrt(limit / (width * height));
  const w = Math.max(1, Math.floor(width * scale));
  const h = Math.max(1, Math.floor(height * scale));
  return transposed ? { width: h, height: w } : { width: w, height: h };
}

async function readInput(path: string, source: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ImageDecodeError(source, 'file not found');
    if (code === 'EISDIR') throw new ImageDecodeError(source, 'is a folder, not an image file');
    throw new ImageDecodeError(source, `cannot read file (${oneLine(error)})`);
  }
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function tooManyPixels(width: number, height: number, maxPixels: number): string {
  return `too many pixels: ${width}x${height} = ${width * height} exceeds the limit of ${maxPixels} (if the image is genuine, raise image.maxPixels in the config or pass --max-pixels)`;
}

/** Sorts sharp's failure into what a user can act on. */
function describeFailure(error: unknown, width?: number, height?: number, maxPixels?: number): string {
  const detail = oneLine(error);
  if (/unsupported image format/i.test(detail)) return 'unsupported or unrecognised image format';
  if (/pixel limit/i.test(detail)) {
    return width && height && maxPixels ? tooManyPixels(width, height, maxPixels) : `too many pixels (${detail})`;
  }
  if (/input file is missing/i.test(detail)) return 'file not found';
  if (/corrupt|premature end|end of stream|truncat|not a|invalid|bad |unexpected end|read error/i.test(detail)) {
    return `truncated or corrupt image data (${detail})`;
  }
  return `cannot decode image (${detail})`;
}
