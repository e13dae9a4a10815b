/**
 * Small float-plane operations for the strength parts: a separable Gaussian blur, a 2x2 box
 * downsample, and Sobel gradient magnitude. Borders repeat the edge pixel, so regions of any size work.
 */

/** Separable Gaussian blur (sigma in pixels, radius ceil(3 sigma)), edge pixels repeated. */
export function gaussianBlur(plane: Float32Array, width: number, height: number, sigma: number): Float32Array {
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const kernel = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let k = -radius; k <= radius; k++) sum += kernel[k + radius] = Math.exp(-(k * k) / (2 * sigma * sigma));
  for (let k = 0; k < kernel.length; k++) kernel[k]! /= sum;
  const horizontal = new Float32Array(plane.length);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      let acc = 0;
      for (let k = -radius; k <= radius; k++) acc += kernel[k + radius]! * plane[row + clamp(x + k, width)]!;
      horizontal[row + x] = acc;
    }
  }
  const out = new Float32Array(plane.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let acc = 0;
      for (let k = -radius; k <= radius; k++) acc += kernel[k + radius]! * horizontal[clamp(y + k, height) * width + x]!;
      out[y * width + x] = acc;
    }
  }
  return out;
}

/** Halves a plane by averaging 2x2 blocks (an odd last row or column is dropped). */
export function halve(plane: Float32Array, width: number, height: number): { plane: Float32Array; width: number; height: number } {
  const w = Math.floor(width / 2);
  const h = Math.floor(height / 2);
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = 2 * y * width + 2 * x;
      out[y * w + x] = (plane[i]! + plane[i + 1]! + plane[i + width]! + plane[i + width + 1]!) / 4;
    }
  }
  return { plane: out, width: w, height: h };
}

/** Sobel gradient magnitude per pixel (edge pixels repeated). */
export function sobelMagnitude(plane: Float32Array, width: number, height: number): Float32Array {
  const out = new Float32Array(plane.length);
  const at = (x: number, y: number) => plane[clamp(y, height) * width + clamp(x, width)]!;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const gx = at(x + 1, y - 1) + 2 * at(x + 1, y) + at(x + 1, y + 1) - at(x - 1, y - 1) - 2 * at(x - 1, y) - at(x - 1, y + 1);
      const gy = at(x - 1, y + 1) + 2 * at(x, y + 1) + at(x + 1, y + 1) - at(x - 1, y - 1) - 2 * at(x, y - 1) - at(x + 1, y - 1);
      out[y * width + x] = Math.hypot(gx, gy) / 4;
    }
  }
  return out;
}

function clamp(i: number, n: number): number {
  return i < 0 ? 0 : i >= n ? n - 1 : i;
}
