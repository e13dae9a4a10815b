/**
 * FFHQ's padding step (NVlabs ffhq-dataset `recreate_aligned_images`, copied by pSp's align_all_parallel):
 * when the crop square reaches beyond the photo, the photo is reflect-padded, the padding (and a band
 * a third of the pad deep inside the photo) is blended toward a Gaussian blur (σ = 0.02·qsize), and the
 * outer padding toward the median colour, so the aligned crop shows a soft continuation instead of a
 * hard edge or mirrored detail.
 */
import type { RgbImage } from '@geneava/core/contracts';
import { rawToSharp } from '@geneava/core/image';

/** Padding per side in pixels: left, top, right, bottom (FFHQ's order). */
export type Pad = readonly [number, number, number, number];

// Module-level aliases keep the pixel loops free of global lookups.
const { floor, max, min, round } = Math;

/** sharp refuses Gaussian sigmas below this; a blur that small changes nothing visible. */
const MIN_BLUR_SIGMA = 0.3;

/** numpy.pad's 'reflect' index: mirrored about the edge pixels, which are not repeated. */
export function reflectIndex(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  const j = ((i % period) + period) % period;
  return j >= n ? period - j : j;
}

/** The image reflect-padded by `pad`, as float values (np.pad(np.float32(img), ..., 'reflect')). */
export function reflectPad(image: RgbImage, pad: Pad): { width: number; height: number; data: Float32Array } {
  const [left, top, right, bottom] = pad;
  const width = image.width + left + right;
  const height = image.height + top + bottom;
  const data = new Float32Array(width * height * 3);
  const columns = new Int32Array(width);
  for (let x = 0; x < width; x++) columns[x] = reflectIndex(x - left, image.width);
  const src = image.data;
  for (let y = 0; y < height; y++) {
    const row = reflectIndex(y - top, image.height) * image.width;
    for (let x = 0; x < width; x++) {
      const s = (row + columns[x]!) * 3;
      const d = (y * width + x) * 3;
      data[d] = src[s]!;
      data[d + 1] = src[s + 1]!;
      data[d + 2] = src[s + 2]!;
    }
  }
  return { width, height, data };
}

/**
 * FFHQ's edge weight at each pixel of the padded image: 1 at the outer border, 0 where the photo starts,
 * negative further inside (max over the two axes of 1 − distance/pad). A zero pad counts as infinitely far.
 */
export function padMask(width: number, height: number, pad: Pad): Float32Array {
  const [left, top, right, bottom] = pad;
  const ratio = (d: number, p: number) => (p > 0 ? d / p : Infinity);
  const columns = new Float32Array(width);
  for (let x = 0; x < width; x++) columns[x] = 1 - min(ratio(x, left), ratio(width - 1 - x, right));
  const mask = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const rowWeight = 1 - min(ratio(y, top), ratio(height - 1 - y, bottom));
    for (let x = 0; x < width; x++) mask[y * width + x] = max(columns[x]!, rowWeight);
  }
  return mask;
}

/** The whole padding step; `qsize` is the crop square's side in this image's pixels. */
export async function ffhqPad(image: RgbImage, pad: Pad, qsize: number): Promise<RgbImage> {
  const padded = reflectPad(image, pad);
  const { width, height, data } = padded;
  const mask = padMask(width, height, pad);
  const sigma = qsize * 0.02;
  if (sigma >= MIN_BLUR_SIGMA) {
    // The padded values are whole levels, so blurring their 8-bit copy loses nothing but the blur's rounding.
    const levels = Uint8Array.from(data);
    const blurred = await rawToSharp({ width, height, data: levels }).blur(sigma).raw().toBuffer();
    for (let i = 0; i < mask.length; i++) {
      const w = min(1, max(0, mask[i]! * 3 + 1));
      if (w === 0) continue;
      for (let c = i * 3; c < i * 3 + 3; c++) data[c] = data[c]! + (blurred[c]! - data[c]!) * w;
    }
  }
  const median = channelMedians(data);
  const out = new Uint8Array(data.length);
  for (let i = 0; i < mask.length; i++) {
    const w = min(1, max(0, mask[i]!));
    for (let ch = 0; ch < 3; ch++) {
      const c = i * 3 + ch;
      const value = data[c]! + (median[ch]! - data[c]!) * w;
      out[c] = value <= 0 ? 0 : value >= 255 ? 255 : round(value);
    }
  }
  return { width, height, data: out };
}

/** np.median over all pixels, per channel (the mean of the two middle values for an even count). */
export function channelMedians(data: Float32Array): [number, number, number] {
  const n = data.length / 3;
  const result: [number, number, number] = [0, 0, 0];
  const values = new Float32Array(n);
  for (let ch = 0; ch < 3; ch++) {
    for (let i = 0; i < n; i++) values[i] = data[i * 3 + ch]!;
    values.sort();
    const mid = floor(n / 2);
    result[ch] = n % 2 === 1 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
  }
  return result;
}
