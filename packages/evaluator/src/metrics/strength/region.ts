import type { AffineMatrix } from '@geneava/core/geometry';
import type { RgbImage } from '@geneava/core/contracts';

/** A region of an image as float planes (one value per cell, row-major), the form every strength part reads. */
export interface RegionPlanes {
  readonly width: number;
  readonly height: number;
  /** CIE L* (0-100), a*, b* (D65) per cell. */
  readonly l: Float32Array;
  readonly a: Float32Array;
  readonly b: Float32Array;
}

/** A working grid: `width` x `height` cells, `samples` x `samples` sample points per cell. */
export interface SampleGrid {
  readonly width: number;
  readonly height: number;
  /** Maps a grid position (cell (i, j) spans [i, i + 1) x [j, j + 1)) to image pixel coordinates (pixel centres on integers). */
  readonly toImage: AffineMatrix;
  readonly samples: number;
}

/**
 * Averages `image` over every cell of `grid` (samples² bilinear samples per cell, edge pixels repeated
 * outside the image) and converts to CIE Lab. With enough samples per cell this is an area average: JPEG
 * blocks, sensor noise and a slight blur live above the working resolution and average out, while the
 * flat regions, hard lines and shifted colours of a cartoon survive it. Sampling through an affine lets
 * the photo be read in the avatar's frame (crop stylizers rotate and scale the face).
 */
export function samplePlanes(image: RgbImage, grid: SampleGrid): RegionPlanes {
  const { width, height, samples } = grid;
  const [m0, m1, m2, m3, m4, m5] = grid.toImage;
  const n = width * height;
  const l = new Float32Array(n);
  const a = new Float32Array(n);
  const b = new Float32Array(n);
  const rgb = new Float64Array(3);
  // A copy made here: element reads of a buffer from another realm (jest's sandbox) are many times slower.
  const pixels = new Uint8Array(image.data);
  const weight = 1 / (samples * samples);
  for (let j = 0; j < height; j++) {
    for (let i = 0; i < width; i++) {
      rgb.fill(0);
      for (let sy = 0; sy < samples; sy++) {
        const v = j + (sy + 0.5) / samples;
        for (let sx = 0; sx < samples; sx++) {
          const u = i + (sx + 0.5) / samples;
          addBilinear(image, pixels, m0 * u + m1 * v + m2, m3 * u + m4 * v + m5, weight, rgb);
        }
      }
      srgbToLab(rgb[0]!, rgb[1]!, rgb[2]!, l, a, b, j * width + i);
    }
  }
  return { width, height, l, a, b };
}

function addBilinear(image: RgbImage, data: Uint8Array, x: number, y: number, weight: number, into: Float64Array): void {
  const { width, height } = image;
  const cx = Math.min(width - 1, Math.max(0, x));
  const cy = Math.min(height - 1, Math.max(0, y));
  const x0 = Math.floor(cx);
  const y0 = Math.floor(cy);
  const x1 = Math.min(width - 1, x0 + 1);
  const y1 = Math.min(height - 1, y0 + 1);
  const fx = cx - x0;
  const fy = cy - y0;
  const p00 = (y0 * width + x0) * 3;
  const p01 = (y0 * width + x1) * 3;
  const p10 = (y1 * width + x0) * 3;
  const p11 = (y1 * width + x1) * 3;
  const w00 = (1 - fx) * (1 - fy) * weight;
  const w01 = fx * (1 - fy) * weight;
  const w10 = (1 - fx) * fy * weight;
  const w11 = fx * fy * weight;
  for (let c = 0; c < 3; c++) into[c]! += w00 * data[p00 + c]! + w01 * data[p01 + c]! + w10 * data[p10 + c]! + w11 * data[p11 + c]!;
}

const LINEAR = (() => {
  const table = new Float64Array(256);
  for (let v = 0; v < 256; v++) {
    const c = v / 255;
    table[v] = c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }
  return table;
})();

/** sRGB (0-255, fractional after averaging) to CIE Lab, D65 white. */
function srgbToLab(r: number, g: number, bl: number, l: Float32Array, a: Float32Array, b: Float32Array, o: number): void {
  const lr = linear(r);
  const lg = linear(g);
  const lb = linear(bl);
  const x = (0.4124564 * lr + 0.3575761 * lg + 0.1804375 * lb) / 0.95047;
  const y = 0.2126729 * lr + 0.7151522 * lg + 0.072175 * lb;
  const z = (0.0193339 * lr + 0.119192 * lg + 0.9503041 * lb) / 1.08883;
  const fy = labF(y);
  l[o] = 116 * fy - 16;
  a[o] = 500 * (labF(x) - fy);
  b[o] = 200 * (fy - labF(z));
}

/** Linear-light value of an 8-bit sRGB level, interpolating the table for averaged (fractional) levels. */
function linear(v: number): number {
  const i = Math.min(254, Math.max(0, Math.floor(v)));
  const t = v - i;
  return LINEAR[i]! * (1 - t) + LINEAR[i + 1]! * t;
}

function labF(t: number): number {
  return t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116;
}
