import type { RgbImage } from '../contracts/image.js';
import { assertRgbImage } from '../image/rgb-image.js';
import { invertAffine, type AffineMatrix } from './affine.js';
import { roundPixel } from './round-pixel.js';
import { sampleAffineOpencv } from './warp-opencv-fixed.js';

// Bound once: inside a vm context (as test runners use) every global `Math` lookup in a hot loop is
// slow enough to make one face crop take tens of milliseconds.
const { floor } = Math;

/** What a sample outside the source reads: a constant colour, or the nearest edge pixel. */
export type RgbBorder = readonly [number, number, number] | 'replicate';
export type MaskBorder = number | 'replicate';

/**
 * 'exact': positions and weights in double precision (what newer OpenCV releases approach with their
 * float kernels). 'opencv': bit-exact with OpenCV's classic fixed-point warpAffine (releases up to 4.10),
 * positions snapped to 1/32 px; use it to reproduce crops made by older Python pipelines pixel for pixel.
 */
export type SubpixelMode = 'exact' | 'opencv';

export interface WarpOptions {
  /** Default [0, 0, 0], as cv2.warpAffine's default borderValue. */
  readonly border?: RgbBorder;
  /** Default 'exact'. */
  readonly subpixel?: SubpixelMode;
}

export interface MaskWarpOptions {
  /** Default 0. */
  readonly border?: MaskBorder;
  /** Default 'exact'. */
  readonly subpixel?: SubpixelMode;
}

/**
 * `cv2.warpAffine(image, M, (width, height))` with bilinear sampling: `M` maps source to destination, and
 * each destination pixel (x, y) reads the source at M⁻¹(x, y). Pixel centres sit at integer coordinates,
 * as in OpenCV. With a constant border each of the four bilinear taps that falls outside the source reads
 * the border colour, so edges blend into it exactly as OpenCV's BORDER_CONSTANT does.
 * By default interpolation is in double precision, rounded half up; classic OpenCV snaps sample positions
 * to 1/32 px, so on sharp edges its values can differ by a few levels (`subpixel: 'opencv'` reproduces it).
 */
export function warpAffine(image: RgbImage, m: AffineMatrix, width: number, height: number, options: WarpOptions = {}): RgbImage {
  assertRgbImage(image, 'warpAffine');
  assertSize(width, height, 'warpAffine');
  const border = options.border ?? [0, 0, 0];
  const out = new Uint8Array(width * height * 3);
  const borderValues = border === 'replicate' ? null : border.map((v) => Math.min(255, Math.max(0, Math.round(v))));
  const inverse = invertAffine(m);
  const emit = (i: number, values: Float64Array): void => {
    out[i] = Math.round(values[0]);
    out[i + 1] = Math.round(values[1]);
    out[i + 2] = Math.round(values[2]);
  };
  if (options.subpixel === 'opencv') {
    sampleAffineOpencv(image.data, image.width, image.height, 3, m, width, height, borderValues, true, emit);
  } else if (borderValues) {
    warpRgbConstantBorder(image, inverse, out, width, height, borderValues);
  } else {
    sampleAffine(image.data, image.width, image.height, 3, inverse, width, height, borderValues, new Float64Array(3), emit);
  }
  return { width, height, data: out };
}

/**
 * The common case (RGB, constant border, double precision) as one flat loop with no per-pixel
 * callback: analyzers cut several crops per face. Same numbers as sampleAffine. A sample whose four
 * taps all lie inside the source is tested on its continuous position, where truncation equals floor
 * (non-negative), so the interior path never calls floor; only samples near the edges take the
 * general path.
 */
function warpRgbConstantBorder(image: RgbImage, inverse: AffineMatrix, out: Uint8Array, width: number, height: number, border: readonly number[]): void {
  const a = inverse[0];
  const b = inverse[1];
  const c = inverse[2];
  const d = inverse[3];
  const e = inverse[4];
  const f = inverse[5];
  const src = image.data;
  const sw = image.width;
  const sh = image.height;
  const lastX = sw - 1;
  const lastY = sh - 1;
  const stride = sw * 3;
  let o = 0;
  for (let y = 0; y < height; y++) {
    const rowX = b * y + c;
    const rowY = e * y + f;
    for (let x = 0; x < width; x++, o += 3) {
      const sx = a * x + rowX;
      const sy = d * x + rowY;
      if (sx >= 0 && sy >= 0 && sx < lastX && sy < lastY) {
        const x0 = sx | 0;
        const y0 = sy | 0;
        const fx = sx - x0;
        const fy = sy - y0;
        const gx = 1 - fx;
        const gy = 1 - fy;
        const w00 = gx * gy;
        const w10 = fx * gy;
        const w01 = gx * fy;
        const w11 = fx * fy;
        const i00 = (y0 * sw + x0) * 3;
        const i01 = i00 + stride;
        out[o] = roundPixel(w00 * src[i00] + w10 * src[i00 + 3] + w01 * src[i01] + w11 * src[i01 + 3]);
        out[o + 1] = roundPixel(w00 * src[i00 + 1] + w10 * src[i00 + 4] + w01 * src[i01 + 1] + w11 * src[i01 + 4]);
        out[o + 2] = roundPixel(w00 * src[i00 + 2] + w10 * src[i00 + 5] + w01 * src[i01 + 2] + w11 * src[i01 + 5]);
      } else {
        edgeSample(src, sw, sh, sx, sy, border, out, o);
      }
    }
  }
}

/** One output pixel whose taps may fall outside the source: those read the border colour. */
function edgeSample(src: Uint8Array, sw: number, sh: number, sx: number, sy: number, border: readonly number[], out: Uint8Array, o: number): void {
  const x0 = floor(sx);
  const y0 = floor(sy);
  if (!(x0 >= -1 && y0 >= -1 && x0 < sw && y0 < sh)) {
    out[o] = border[0];
    out[o + 1] = border[1];
    out[o + 2] = border[2];
    return;
  }
  const fx = sx - x0;
  const fy = sy - y0;
  const w00 = (1 - fx) * (1 - fy);
  const w10 = fx * (1 - fy);
  const w01 = (1 - fx) * fy;
  const w11 = fx * fy;
  const i00 = (y0 * sw + x0) * 3;
  const i01 = i00 + sw * 3;
  const left = x0 >= 0;
  const right = x0 + 1 < sw;
  const top = y0 >= 0;
  const bottom = y0 + 1 < sh;
  for (let ch = 0; ch < 3; ch++) {
    const fill = border[ch];
    const v00 = top && left ? src[i00 + ch] : fill;
    const v10 = top && right ? src[i00 + 3 + ch] : fill;
    const v01 = bottom && left ? src[i01 + ch] : fill;
    const v11 = bottom && right ? src[i01 + 3 + ch] : fill;
    out[o + ch] = roundPixel(w00 * v00 + w10 * v10 + w01 * v01 + w11 * v11);
  }
}

/** The single-channel float version for masks (and any other per-pixel weights); default border 0. */
export function warpAffineMask(
  mask: Float32Array,
  maskWidth: number,
  maskHeight: number,
  m: AffineMatrix,
  width: number,
  height: number,
  options: MaskWarpOptions = {},
): Float32Array {
  assertSize(maskWidth, maskHeight, 'warpAffineMask');
  assertSize(width, height, 'warpAffineMask');
  if (mask.length !== maskWidth * maskHeight) {
    throw new Error(`warpAffineMask: mask has ${mask.length} values, expected ${maskWidth}x${maskHeight} = ${maskWidth * maskHeight}`);
  }
  const out = new Float32Array(width * height);
  const border = options.border ?? 0;
  const borderValues = border === 'replicate' ? null : [border];
  const inverse = invertAffine(m);
  const emit = (i: number, values: Float64Array): void => {
    out[i] = values[0];
  };
  if (options.subpixel === 'opencv') {
    sampleAffineOpencv(mask, maskWidth, maskHeight, 1, m, width, height, borderValues, false, emit);
  } else {
    sampleAffine(mask, maskWidth, maskHeight, 1, inverse, width, height, borderValues, new Float64Array(1), emit);
  }
  return out;
}

/**
 * Bilinear sampling of an interleaved `channels` image at inverse-mapped positions. `border` null means
 * replicate (taps clamp to the nearest edge pixel). `emit` receives the output element index.
 */
function sampleAffine(
  src: ArrayLike<number>,
  sw: number,
  sh: number,
  channels: number,
  inv: AffineMatrix,
  dw: number,
  dh: number,
  border: readonly number[] | null,
  values: Float64Array,
  emit: (index: number, values: Float64Array) => void,
): void {
  const [a, b, c, d, e, f] = inv;
  const tapOffsets = new Int32Array(4);
  const tapInside = new Uint8Array(4);
  for (let y = 0; y < dh; y++) {
    for (let x = 0; x < dw; x++) {
      const sx = a * x + b * y + c;
      const sy = d * x + e * y + f;
      const x0 = floor(sx);
      const y0 = floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      const index = (y * dw + x) * channels;
      if (border !== null && (x0 < -1 || y0 < -1 || x0 >= sw || y0 >= sh || Number.isNaN(sx) || Number.isNaN(sy))) {
        for (let ch = 0; ch < channels; ch++) values[ch] = border[ch];
        emit(index, values);
        continue;
      }
      for (let t = 0; t < 4; t++) {
        let tx = x0 + (t & 1);
        let ty = y0 + (t >> 1);
        if (border === null) {
          tx = tx < 0 ? 0 : tx >= sw ? sw - 1 : tx;
          ty = ty < 0 ? 0 : ty >= sh ? sh - 1 : ty;
          tapInside[t] = 1;
        } else {
          tapInside[t] = tx >= 0 && ty >= 0 && tx < sw && ty < sh ? 1 : 0;
        }
        tapOffsets[t] = (ty * sw + tx) * channels;
      }
      const w00 = (1 - fx) * (1 - fy);
      const w10 = fx * (1 - fy);
      const w01 = (1 - fx) * fy;
      const w11 = fx * fy;
      for (let ch = 0; ch < channels; ch++) {
        const v00 = tapInside[0] ? src[tapOffsets[0] + ch] : border![ch];
        const v10 = tapInside[1] ? src[tapOffsets[1] + ch] : border![ch];
        const v01 = tapInside[2] ? src[tapOffsets[2] + ch] : border![ch];
        const v11 = tapInside[3] ? src[tapOffsets[3] + ch] : border![ch];
        values[ch] = w00 * v00 + w10 * v10 + w01 * v01 + w11 * v11;
      }
      emit(index, values);
    }
  }
}

function assertSize(width: number, height: number, what: string): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new Error(`${what}: size must be positive integers, got ${width}x${height}`);
  }
}
