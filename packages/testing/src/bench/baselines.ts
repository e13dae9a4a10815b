import { resizeImage } from '@geneava/core/image';
import type { RgbImage } from '@geneava/core/contracts';
import { drawBackground, drawFaceLike } from '../conformance/synthetic.js';

// Bound once: hot loops read these locals instead of the global Math (slow inside vm contexts).
const { exp, abs } = Math;

/** The benchmark picture: a size x size synthetic portrait (gradient, shapes, one face), the same every run. */
export function benchPortrait(size = 512): RgbImage {
  const image = drawBackground(size, size, 42);
  drawFaceLike(image, size / 2, size / 2, size * 0.5);
  return image;
}

/** Native baseline: sharp (libvips) shrinks the image to half size and back, the cheapest real image work. */
export async function sharpRoundTrip(image: RgbImage): Promise<RgbImage> {
  const half = await resizeImage(image, Math.max(1, image.width >> 1), Math.max(1, image.height >> 1));
  return resizeImage(half, image.width, image.height);
}

/**
 * JavaScript baseline: one pass of a textbook 2-D bilateral filter ((2r+1)² taps per pixel, Gaussian space
 * and range weights, L1 colour distance over three channels as a mean per-channel difference). The cost a
 * separable or table-driven filter should beat.
 */
export function naiveBilateral(image: RgbImage, radius = 3, sigmaSpace = 2, sigmaColor = 24): RgbImage {
  const { width, height, data } = image;
  const out = new Uint8Array(data.length);
  const range = new Float64Array(766);
  for (let d = 0; d < range.length; d++) range[d] = exp(-((d / 3) ** 2) / (2 * sigmaColor * sigmaColor));
  const taps = 2 * radius + 1;
  const space = new Float64Array(taps * taps);
  for (let dy = -radius; dy <= radius; dy++) {
    for (let dx = -radius; dx <= radius; dx++) space[(dy + radius) * taps + dx + radius] = exp(-(dx * dx + dy * dy) / (2 * sigmaSpace * sigmaSpace));
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const c = (y * width + x) * 3;
      let r = 0;
      let g = 0;
      let b = 0;
      let total = 0;
      for (let dy = -radius; dy <= radius; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= height) continue;
        for (let dx = -radius; dx <= radius; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= width) continue;
          const p = (yy * width + xx) * 3;
          const distance = abs(data[p] - data[c]) + abs(data[p + 1] - data[c + 1]) + abs(data[p + 2] - data[c + 2]);
          const w = space[(dy + radius) * taps + dx + radius] * range[distance];
          r += w * data[p];
          g += w * data[p + 1];
          b += w * data[p + 2];
          total += w;
        }
      }
      out[c] = (r / total + 0.5) | 0;
      out[c + 1] = (g / total + 0.5) | 0;
      out[c + 2] = (b / total + 0.5) | 0;
    }
  }
  return { width, height, data: out };
}
