import { lumaOfPixel } from './luminance.js';

/** "luminance" keeps hue and quantises brightness; "rgb" quantises each channel on its own (posterise). */
export type QuantizeMode = 'luminance' | 'rgb';

/**
 * Maps every byte value to one of `levels` evenly spaced levels that include 0 and 255: level i is
 * round(i * 255 / (levels - 1)); with 8 levels: 0, 36, 73, 109, 146, 182, 219, 255.
 *
 * With `softness` 0 each value goes to the nearest level (hard steps). With `softness` s > 0 the step
 * between two neighbouring levels lo and hi becomes a tanh ramp centred on their midpoint m:
 *   out(v) = m + (hi - lo) / 2 * tanh((v - m) / s) / tanh((hi - lo) / (2 s)),
 * which still maps every level to itself, is continuous, and turns the speckle that leftover noise
 * makes along a band border into a short gradient (the soft quantisation of Winnemoeller et al. 2006).
 */
export function quantizationTable(levels: number, softness = 0): Uint8Array {
  if (!Number.isInteger(levels) || levels < 2 || levels > 256) {
    throw new Error(`stylizer-classic quantize: levels must be an integer from 2 to 256, got ${levels}`);
  }
  if (!(softness >= 0)) {
    throw new Error(`stylizer-classic quantize: softness must be 0 or more, got ${softness}`);
  }
  const table = new Uint8Array(256);
  const spacing = 255 / (levels - 1);
  for (let v = 0; v < 256; v++) {
    if (softness === 0) {
      table[v] = Math.round(Math.round(v / spacing) * spacing);
      continue;
    }
    const lower = Math.min(levels - 2, Math.floor(v / spacing));
    const middle = (lower + 0.5) * spacing;
    const half = spacing / 2;
    table[v] = Math.round(middle + (half * Math.tanh((v - middle) / softness)) / Math.tanh(half / softness));
  }
  return table;
}

/**
 * Quantises interleaved RGB into a new buffer through quantizationTable(levels, softness).
 * - "rgb": each channel goes through the table on its own.
 * - "luminance": the pixel's luma Y (see luminance.ts) goes through the table and the same offset
 *   (Yq - Y) is added to all three channels, clamped to 0..255. That is quantising Y in YCbCr while
 *   keeping Cb and Cr, so skin and hair keep their hue and only brightness forms flat bands.
 */
export function quantizeRgb(rgb: Uint8Array, levels: number, mode: QuantizeMode, softness = 0): Uint8Array {
  const table = quantizationTable(levels, softness);
  const out = new Uint8Array(rgb.length);
  if (mode === 'rgb') {
    for (let i = 0; i < rgb.length; i++) out[i] = table[rgb[i]];
    return out;
  }
  // The offset each luma level moves by, and a clamped view of the output: a Uint8ClampedArray store
  // clamps integers to 0..255, where a Uint8Array store would wrap them modulo 256.
  const shiftOfLuma = new Int16Array(256);
  for (let y = 0; y < 256; y++) shiftOfLuma[y] = table[y] - y;
  const clamped = new Uint8ClampedArray(out.buffer, out.byteOffset, out.length);
  for (let p = 0; p < rgb.length; p += 3) {
    const r = rgb[p];
    const g = rgb[p + 1];
    const b = rgb[p + 2];
    const shift = shiftOfLuma[lumaOfPixel(r, g, b)];
    clamped[p] = r + shift;
    clamped[p + 1] = g + shift;
    clamped[p + 2] = b + shift;
  }
  return out;
}
