import type { RgbImage } from '@geneava/core';

/**
 * Separable bilateral filter on interleaved 8-bit RGB.
 *
 * A full 2-D bilateral costs (2r+1)^2 taps per pixel; running it as a horizontal sweep followed by a
 * vertical sweep costs 2(2r+1) and, repeated over a few passes, flattens texture while keeping edges,
 * which is all a cartoon look needs. Colour distance is the L1 distance over the three channels, so it
 * is an integer 0..765 and the spatial x range weight of every tap comes from one lookup table.
 */

export interface BilateralParams {
  /** Taps on each side of the centre pixel in a sweep. */
  readonly radius: number;
  /** Spatial Gaussian sigma in pixels. */
  readonly sigmaSpace: number;
  /** Range Gaussian sigma, as a mean absolute per-channel difference (0-255). */
  readonly sigmaColor: number;
}

// Bound once: inside a vm context (jest runs every test file in one) each read of the global `Math` goes
// through the context's global-object interceptor, which made the inner loop about 50x slower there.
const abs = Math.abs;

/** Number of distinct L1 colour distances between two RGB bytes triples (0..765). */
export const COLOUR_DISTANCE_STEPS = 3 * 255 + 1;

export interface BilateralKernel {
  readonly radius: number;
  /** weights[(k + radius) * COLOUR_DISTANCE_STEPS + d]: weight of the tap at offset k with L1 colour distance d. */
  readonly weights: Float64Array;
}

export function bilateralKernel(params: BilateralParams): BilateralKernel {
  const { radius, sigmaSpace, sigmaColor } = params;
  if (!Number.isInteger(radius) || radius < 1) {
    throw new Error(`stylizer-classic bilateral: radius must be a positive integer, got ${radius}`);
  }
  if (!(sigmaSpace > 0) || !(sigmaColor > 0)) {
    throw new Error(
      `stylizer-classic bilateral: sigmaSpace and sigmaColor must be positive, got ${sigmaSpace} and ${sigmaColor}`
    );
  }
  const taps = 2 * radius + 1;
  const weights = new Float64Array(taps * COLOUR_DISTANCE_STEPS);
  for (let k = -radius; k <= radius; k++) {
    const spatial = Math.exp(-(k * k) / (2 * sigmaSpace * sigmaSpace));
    const row = (k + radius) * COLOUR_DISTANCE_STEPS;
    for (let d = 0; d < COLOUR_DISTANCE_STEPS; d++) {
      // d / 3 is the mean per-channel difference, the unit sigmaColor is documented in.
      const meanDifference = d / 3;
      weights[row + d] = spatial * Math.exp(-(meanDifference * meanDifference) / (2 * sigmaColor * sigmaColor));
    }
  }
  return { radius, weights };
}

/**
 * One 1-D bilateral sweep from `src` into `dst` along rows ("horizontal") or columns ("vertical").
 * Taps that fall outside the image are skipped rather than mirrored: the weights are normalised, so
 * border pixels simply average over fewer neighbours.
 */
export function bilateralSweep(
  src: Uint8Array,
  dst: Uint8Array,
  width: number,
  height: number,
  kernel: BilateralKernel,
  axis: 'horizontal' | 'vertical'
): void {
  const { radius, weights } = kernel;
  const horizontal = axis === 'horizontal';
  const step = horizontal ? 3 : width * 3;
  const length = horizontal ? width : height;
  for (let y = 0; y < height; y++) {
    const rowStart = y * width * 3;
    for (let x = 0; x < width; x++) {
      const centre = rowStart + x * 3;
      const position = horizontal ? x : y;
      const first = position < radius ? -position : -radius;
      const last = position + radius >= length ? length - 1 - position : radius;
      const r0 = src[centre];
      const g0 = src[centre + 1];
      const b0 = src[centre + 2];
      let sumR = 0;
      let sumG = 0;
      let sumB = 0;
      let sumW = 0;
      for (let k = first; k <= last; k++) {
        const p = centre + k * step;
        const r = src[p];
        const g = src[p + 1];
        const b = src[p + 2];
        const distance = abs(r - r0) + abs(g - g0) + abs(b - b0);
        const w = weights[(k + radius) * COLOUR_DISTANCE_STEPS + distance];
        sumR += w * r;
        sumG += w * g;
        sumB += w * b;
        sumW += w;
      }
      // The centre tap always has weight 1, so sumW >= 1.
      dst[centre] = (sumR / sumW + 0.5) | 0;
      dst[centre + 1] = (sumG / sumW + 0.5) | 0;
      dst[centre + 2] = (sumB / sumW + 0.5) | 0;
    }
  }
}

/** One full pass: a horizontal sweep then a vertical sweep. Returns a new buffer; `src` is untouched. */
export function bilateralPass(src: Uint8Array, width: number, height: number, kernel: BilateralKernel): Uint8Array {
  const across = new Uint8Array(src.length);
  bilateralSweep(src, across, width, height, kernel, 'horizontal');
  const out = new Uint8Array(src.length);
  bilateralSweep(across, out, width, height, kernel, 'vertical');
  return out;
}

/** Runs `passes` bilateral passes over an image and returns a new image of the same size. */
export function bilateralFilter(image: RgbImage, params: BilateralParams, passes: number): RgbImage {
  const kernel = bilateralKernel(params);
  let data = image.data;
  for (let pass = 0; pass < passes; pass++) data = bilateralPass(data, image.width, image.height, kernel);
  return { width: image.width, height: image.height, data: data === image.data ? data.slice() : data };
}
