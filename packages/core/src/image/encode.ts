import sharp from 'sharp';
import type { RgbImage } from '../contracts/image.js';
import { assertRgbImage } from './rgb-image.js';

export type EncodeFormat = 'png' | 'jpeg' | 'webp';

export interface EncodeOptions {
  /** JPEG and WebP quality, 1–100. Default 92 for JPEG, 90 for WebP. */
  readonly quality?: number;
  /** WebP only: lossless coding (default false). */
  readonly lossless?: boolean;
  /** PNG only: zlib level 0–9 (default 6). */
  readonly compressionLevel?: number;
  /** JPEG only: chroma subsampling; '4:4:4' keeps colour edges (default '4:2:0'). */
  readonly chromaSubsampling?: '4:2:0' | '4:4:4';
}

/** Encodes an RGB image; PNG is lossless, JPEG and WebP follow `options`. */
export async function encodeImage(image: RgbImage, format: EncodeFormat, options: EncodeOptions = {}): Promise<Buffer> {
  assertRgbImage(image, 'encodeImage');
  const pipeline = rawToSharp(image);
  switch (format) {
    case 'png':
      return pipeline.png({ compressionLevel: options.compressionLevel ?? 6 }).toBuffer();
    case 'jpeg':
      return pipeline.jpeg({ quality: options.quality ?? 92, chromaSubsampling: options.chromaSubsampling ?? '4:2:0' }).toBuffer();
    case 'webp':
      return pipeline.webp({ quality: options.quality ?? 90, lossless: options.lossless ?? false }).toBuffer();
    default:
      throw new Error(`encodeImage: unknown format "${String(format)}" (use png, jpeg or webp)`);
  }
}

/** A sharp pipeline reading the image's raw bytes. */
export function rawToSharp(image: RgbImage): sharp.Sharp {
  const { width, height, data } = image;
  return sharp(data, { raw: { width, height, channels: 3 } });
}
