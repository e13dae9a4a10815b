import type { RgbImage } from '../contracts/image.js';

/** Throws a one-line error naming `what` when `image` is not a well-formed interleaved 8-bit RGB image. */
export function assertRgbImage(image: RgbImage, what: string): void {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new Error(`${what}: image size must be positive integers, got ${width}x${height}`);
  }
  if (!(data instanceof Uint8Array)) {
    throw new Error(`${what}: image data must be a Uint8Array of interleaved RGB bytes`);
  }
  if (data.length !== width * height * 3) {
    throw new Error(`${what}: image data has ${data.length} bytes, expected ${width}x${height}x3 = ${width * height * 3}`);
  }
}

/** A new image, filled with `fill` (default black). */
export function createRgbImage(width: number, height: number, fill: readonly [number, number, number] = [0, 0, 0]): RgbImage {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new Error(`createRgbImage: image size must be positive integers, got ${width}x${height}`);
  }
  const data = new Uint8Array(width * height * 3);
  if (fill[0] !== 0 || fill[1] !== 0 || fill[2] !== 0) {
    for (let i = 0; i < data.length; i += 3) {
      data[i] = fill[0];
      data[i + 1] = fill[1];
      data[i + 2] = fill[2];
    }
  }
  return { width, height, data };
}

/** The [r, g, b] of pixel (x, y). */
export function getPixel(image: RgbImage, x: number, y: number): [number, number, number] {
  const i = (y * image.width + x) * 3;
  return [image.data[i], image.data[i + 1], image.data[i + 2]];
}
