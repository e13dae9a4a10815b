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
 * callback: analyzers cut several crops per face. Same numbers as sampleAffine.
 */
function warpRgbConstantBorder(image: RgbImage, inverse: AffineMatrix, out: Uint8Array, width: number, height: number, border: readonly number[]): void {
  const [a, b, c, d, e, f] = inverse;
  const { data: src, width: sw, height: sh } = image;
  const values = new Float64Array(3);
  let o = 0;
  for (let y = 0; y < height; y++) {
    const by = b * y;
    const ey = e * y;
    for (let x = 0; x < width; x++, o += 3) {
      // Summed in sampleAffine's order, so that positions (and so pixels) match it to the last bit.
      sampleRgb(src, sw, sh, a * x + by + c, d * x + ey + f, border, values);
      out[o] = roundPixel(values[0]);
      out[o + 1] = roundPixel(values[1]);
      out[o + 2] = roundPixel(values[2]);
    }
  }
}

/** One of the two images warpAffineMix reads, with the map from that image to the output. */
export interface WarpLayer {
  readonly image: RgbImage;
  /** Maps the layer's image to the output, as warpAffine's `m`. */
  readonly matrix: AffineMatrix;
}

/** Each pixel level 0..255 as its own value: warpAffineMix's tables. */
const LEVELS = Float32Array.from({ length: 256 }, (_, level) => level);

/**
 * round((1 - t) * A + t * B), where A and B are what warpAffine would make of each layer before
 * rounding: one rounding, constant border. Trilinear filtering (mipmapping) mixes the warps of the
 * two pyramid levels around a crop's scale this way.
 */
export function warpAffineMix(first: WarpLayer, second: WarpLayer, t: number, width: number, height: number, options: { readonly border?: readonly [number, number, number] } = {}): RgbImage {
  assertRgbImage(first.image, 'warpAffineMix');
  assertRgbImage(second.image, 'warpAffineMix');
  assertSize(width, height, 'warpAffineMix');
  if (!(t >= 0 && t <= 1)) throw new Error(`warpAffineMix: t must be in [0, 1], got ${t}`);
  // The one kernel, writing each rounded level as itself (exact in float32), then bytes.
  const levels = new Float32Array(width * height * 3);
  warpAffineMixInto(first, second, t, width, height, { data: levels, offset: 0, tables: [LEVELS, LEVELS, LEVELS] }, options);
  return { width, height, data: Uint8Array.from(levels) };
}

/** Where warpAffineMixInto writes: interleaved RGB (NHWC) values of a float tensor, one table per channel. */
export interface MixTarget {
  readonly data: Float32Array;
  /** Index in `data` of the crop's first value (batch position n: n x width x height x 3). */
  readonly offset: number;
  /** Tensor value of each rounded pixel level 0..255, for R, G and B (e.g. core's forwardTables). */
  readonly tables: readonly [Float32Array, Float32Array, Float32Array];
}

/**
 * warpAffineMix written straight into a model's input tensor: value = tables[c][round(mix)], the same
 * value as filling a tensor from warpAffineMix's crop through the same tables, without the crop.
 * Cutting many crops per photo, the crop's allocation and a second pass over it cost about a third of
 * the cut. warpAffineMix is this kernel with tables that give each level itself.
 */
export function warpAffineMixInto(
  first: WarpLayer,
  second: WarpLayer,
  t: number,
  width: number,
  height: number,
  target: MixTarget,
  options: { readonly border?: readonly [number, number, number] } = {},
): void {
  assertRgbImage(first.image, 'warpAffineMixInto');
  assertRgbImage(second.image, 'warpAffineMixInto');
  assertSize(width, height, 'warpAffineMixInto');
  if (!(t >= 0 && t <= 1)) throw new Error(`warpAffineMixInto: t must be in [0, 1], got ${t}`);
  const { data: out, offset } = target;
  if (!Number.isInteger(offset) || offset < 0 || offset + width * height * 3 > out.length) {
    throw new Error(`warpAffineMixInto: ${width}x${height}x3 values from offset ${offset} do not fit a tensor of ${out.length}`);
  }
  const [r, g, b] = target.tables;
  const border = (options.border ?? [0, 0, 0]).map((v) => Math.min(255, Math.max(0, Math.round(v))));
  const [a1, b1, c1, d1, e1, f1] = invertAffine(first.matrix);
  const [a2, b2, c2, d2, e2, f2] = invertAffine(second.matrix);
  const p = new Float64Array(3);
  const q = new Float64Array(3);
  const s = 1 - t;
  const { data: src1, width: sw1, height: sh1 } = first.image;
  const { data: src2, width: sw2, height: sh2 } = second.image;
  let o = offset;
  for (let y = 0; y < height; y++) {
    const rowX1 = b1 * y + c1;
    const rowY1 = e1 * y + f1;
    const rowX2 = b2 * y + c2;
    const rowY2 = e2 * y + f2;
    for (let x = 0; x < width; x++, o += 3) {
      const sx1 = a1 * x + rowX1;
      const sy1 = d1 * x + rowY1;
      const sx2 = a2 * x + rowX2;
      const sy2 = d2 * x + rowY2;
      if (sx1 >= 0 && sy1 >= 0 && sx1 < sw1 - 1 && sy1 < sh1 - 1 && sx2 >= 0 && sy2 >= 0 && sx2 < sw2 - 1 && sy2 < sh2 - 1) {
        const x1 = sx1 | 0;
        const y1 = sy1 | 0;
        const fx1 = sx1 - x1;
        const fy1 = sy1 - y1;
        const p00 = s * (1 - fx1) * (1 - fy1);
        const p10 = s * fx1 * (1 - fy1);
        const p01 = s * (1 - fx1) * fy1;
        const p11 = s * fx1 * fy1;
        const i = (y1 * sw1 + x1) * 3;
        const j = i + sw1 * 3;
        const x2 = sx2 | 0;
        const y2 = sy2 | 0;
        const fx2 = sx2 - x2;
        const fy2 = sy2 - y2;
        const q00 = t * (1 - fx2) * (1 - fy2);
        const q10 = t * fx2 * (1 - fy2);
        const q01 = t * (1 - fx2) * fy2;
        const q11 = t * fx2 * fy2;
        const k = (y2 * sw2 + x2) * 3;
        const l = k + sw2 * 3;
        out[o] = r[roundPixel(p00 * src1[i] + p10 * src1[i + 3] + p01 * src1[j] + p11 * src1[j + 3] + q00 * src2[k] + q10 * src2[k + 3] + q01 * src2[l] + q11 * src2[l + 3])];
        out[o + 1] = g[
          roundPixel(
            p00 * src1[i + 1] + p10 * src1[i + 4] + p01 * src1[j + 1] + p11 * src1[j + 4] + q00 * src2[k + 1] + q10 * src2[k + 4] + q01 * src2[l + 1] + q11 * src2[l + 4],
          )
        ];
        out[o + 2] = b[
          roundPixel(
            p00 * src1[i + 2] + p10 * src1[i + 5] + p01 * src1[j + 2] + p11 * src1[j + 5] + q00 * src2[k + 2] + q10 * src2[k + 5] + q01 * src2[l + 2] + q11 * src2[l + 5],
          )
        ];
      } else {
        sampleRgb(src1, sw1, sh1, sx1, sy1, border, p);
        sampleRgb(src2, sw2, sh2, sx2, sy2, border, q);
        out[o] = r[roundPixel(s * p[0] + t * q[0])];
        out[o + 1] = g[roundPixel(s * p[1] + t * q[1])];
        out[o + 2] = b[roundPixel(s * p[2] + t * q[2])];
      }
    }
  }
}

/**
 * The bilinear RGB sample at source position (sx, sy), unrounded, into `values`; taps outside the
 * source read the border colour. A sample whose four taps all lie inside is tested on its continuous
 * position, where truncation equals floor (non-negative), so the common case never calls floor.
 */
function sampleRgb(src: Uint8Array, sw: number, sh: number, sx: number, sy: number, border: readonly number[], values: Float64Array): void {
  if (sx >= 0 && sy >= 0 && sx < sw - 1 && sy < sh - 1) {
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
    const i01 = i00 + sw * 3;
    values[0] = w00 * src[i00] + w10 * src[i00 + 3] + w01 * src[i01] + w11 * src[i01 + 3];
    values[1] = w00 * src[i00 + 1] + w10 * src[i00 + 4] + w01 * src[i01 + 1] + w11 * src[i01 + 4];
    values[2] = w00 * src[i00 + 2] + w10 * src[i00 + 5] + w01 * src[i01 + 2] + w11 * src[i01 + 5];
  } else {
    sampleRgbEdge(src, sw, sh, sx, sy, border, values);
  }
}

/** sampleRgb near and beyond the source's edges (kept apart so that the interior path inlines). */
function sampleRgbEdge(src: Uint8Array, sw: number, sh: number, sx: number, sy: number, border: readonly number[], values: Float64Array): void {
  const x0 = floor(sx);
  const y0 = floor(sy);
  if (!(x0 >= -1 && y0 >= -1 && x0 < sw && y0 < sh)) {
    values[0] = border[0];
    values[1] = border[1];
    values[2] = border[2];
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
    values[ch] = w00 * v00 + w10 * v10 + w01 * v01 + w11 * v11;
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
