import type { RgbImage } from '../contracts/image.js';
import { assertRgbImage } from '../image/rgb-image.js';
import { applyAffine, composeAffine, invertAffine, translationAffine, type AffineMatrix } from './affine.js';
import { featheredEllipseMask, featheredRectangleMask } from './masks.js';
import { roundPixel } from './round-pixel.js';
import { warpAffine, warpAffineMask } from './warp.js';

// Bound once: global lookups in hot pixel loops are slow inside vm contexts (test runners).
const { min, max, round } = Math;

export interface PasteBackOptions {
  /** Shape of the procedural mask when `mask` is 'feathered'. Default 'rectangle'. */
  readonly featherShape?: 'rectangle' | 'ellipse';
  /** Width of the feathered ramp, in patch pixels. Default 10% of the patch's shorter side. */
  readonly featherWidth?: number;
}

/**
 * Puts a processed crop back into the image it came from. `cropTransform` is the base → patch map that
 * produced the crop (e.g. `estimateDctnetTransform`); the patch and the mask are warped back with its
 * inverse and blended per pixel as m·patch + (1 − m)·base (DCT-Net's paste-back).
 * `mask` is patch-sized, row-major, 0..1, or 'feathered' for a procedural one (see PasteBackOptions).
 * One deliberate difference from DCT-Net: the patch is warped with a replicated edge rather than a black
 * border, so wherever the mask reaches the crop's edge the seam keeps the patch's colour instead of
 * darkening; inside the crop, and wherever the mask is 0 at the edge, the result is the same.
 * Only the base region the patch can reach is resampled.
 */
export function pasteBack(
  base: RgbImage,
  patch: RgbImage,
  cropTransform: AffineMatrix,
  mask: Float32Array | 'feathered',
  options: PasteBackOptions = {},
): RgbImage {
  assertRgbImage(base, 'pasteBack base');
  assertRgbImage(patch, 'pasteBack patch');
  const weights = mask === 'feathered' ? featheredMask(patch.width, patch.height, options) : mask;
  if (weights.length !== patch.width * patch.height) {
    throw new Error(`pasteBack: mask has ${weights.length} values, expected the patch's ${patch.width}x${patch.height} = ${patch.width * patch.height}`);
  }

  const patchToBase = invertAffine(cropTransform);
  const region = reachedRegion(patchToBase, patch.width, patch.height, base.width, base.height);
  const out = new Uint8Array(base.data);
  if (region === null) return { width: base.width, height: base.height, data: out };

  // Warp into the region only: region pixel (i, j) is base pixel (x0 + i, y0 + j).
  const toRegion = composeAffine(translationAffine(-region.x0, -region.y0), patchToBase);
  const warpedPatch = warpAffine(patch, toRegion, region.width, region.height, { border: 'replicate' });
  const warpedMask = warpAffineMask(weights, patch.width, patch.height, toRegion, region.width, region.height);
  for (let j = 0; j < region.height; j++) {
    for (let i = 0; i < region.width; i++) {
      const m = min(1, max(0, warpedMask[j * region.width + i]));
      if (m === 0) continue;
      const src = (j * region.width + i) * 3;
      const dst = ((region.y0 + j) * base.width + region.x0 + i) * 3;
      for (let ch = 0; ch < 3; ch++) {
        out[dst + ch] = roundPixel(m * warpedPatch.data[src + ch] + (1 - m) * base.data[dst + ch]);
      }
    }
  }
  return { width: base.width, height: base.height, data: out };
}

function featheredMask(width: number, height: number, options: PasteBackOptions): Float32Array {
  const border = options.featherWidth ?? max(1, round(0.1 * min(width, height)));
  return options.featherShape === 'ellipse' ? featheredEllipseMask(width, height, border) : featheredRectangleMask(width, height, border);
}

interface Region {
  readonly x0: number;
  readonly y0: number;
  readonly width: number;
  readonly height: number;
}

/** Bounding box, clipped to the base, of the patch's footprint grown by one pixel for the bilinear taps. */
function reachedRegion(patchToBase: AffineMatrix, pw: number, ph: number, bw: number, bh: number): Region | null {
  const corners = [
    applyAffine(patchToBase, [-1, -1]),
    applyAffine(patchToBase, [pw, -1]),
    applyAffine(patchToBase, [-1, ph]),
    applyAffine(patchToBase, [pw, ph]),
  ];
  const x0 = max(0, Math.floor(min(...corners.map((p) => p[0]))));
  const y0 = max(0, Math.floor(min(...corners.map((p) => p[1]))));
  const x1 = min(bw - 1, Math.ceil(max(...corners.map((p) => p[0]))));
  const y1 = min(bh - 1, Math.ceil(max(...corners.map((p) => p[1]))));
  if (x1 < x0 || y1 < y0) return null;
  return { x0, y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}
