import type { RgbImage } from '../contracts/image.js';
import { rawToSharp } from './encode.js';
import { assertRgbImage } from './rgb-image.js';

/** sharp's resampling kernels; 'lanczos3' is sharp's default and antialiases when shrinking. */
export type ResizeKernel = 'nearest' | 'linear' | 'cubic' | 'mitchell' | 'lanczos2' | 'lanczos3';

/** Resizes to exactly width x height (the aspect ratio is not kept; crop or pad first to keep it). */
export async function resizeImage(image: RgbImage, width: number, height: number, kernel: ResizeKernel = 'lanczos3'): Promise<RgbImage> {
  assertRgbImage(image, 'resizeImage');
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new Error(`resizeImage: target size must be positive integers, got ${width}x${height}`);
  }
  if (width === image.width && height === image.height) {
    return { width, height, data: new Uint8Array(image.data) };
  }
  const { data, info } = await rawToSharp(image).resize(width, height, { fit: 'fill', kernel }).raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 3 || info.width !== width || info.height !== height) {
    throw new Error(`resizeImage: sharp returned ${info.width}x${info.height}x${info.channels}, expected ${width}x${height}x3`);
  }
  return { width, height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}
