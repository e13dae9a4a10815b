/**
 * An image and its successive half-size versions (mipmap levels), each made from the one before with
 * sharp's Lanczos filter, on first request, and kept while the pyramid lives. Cutting many shrunk
 * crops from one photo (face analysis cuts four per face) then costs one half-size resize of the
 * photo and a few smaller ones, instead of one Lanczos pass over each crop's source region.
 */
import type { RgbImage } from '../contracts/image.js';
import { assertRgbImage } from '../image/rgb-image.js';
import { resizeImage } from '../image/resize.js';
import { composeAffine, type AffineMatrix } from './affine.js';

export interface PyramidLevel {
  /** 0 is the source image; level k is about 2^-k of its size. */
  readonly index: number;
  readonly image: RgbImage;
  /** Source pixel-centre coordinates to this level's: x' = (x + 0.5) * kx - 0.5, per axis. */
  readonly fromSource: AffineMatrix;
}

/** Far more levels than any image needs: a 2^16 px side is down to 1 px there. */
export const MAX_PYRAMID_LEVEL = 16;

const IDENTITY: AffineMatrix = [1, 0, 0, 0, 1, 0];

export class ImagePyramid {
  private readonly levels: Promise<PyramidLevel>[];

  constructor(readonly source: RgbImage) {
    assertRgbImage(source, 'ImagePyramid');
    this.levels = [Promise.resolve({ index: 0, image: source, fromSource: IDENTITY })];
  }

  /** Level `index` (0 to MAX_PYRAMID_LEVEL), making it and the levels before it if needed. */
  level(index: number): Promise<PyramidLevel> {
    if (!Number.isInteger(index) || index < 0 || index > MAX_PYRAMID_LEVEL) {
      return Promise.reject(new Error(`ImagePyramid: level must be an integer from 0 to ${MAX_PYRAMID_LEVEL}, got ${index}`));
    }
    while (this.levels.length <= index) {
      const next = this.levels[this.levels.length - 1]!.then(halve);
      // Made ahead of use (see prefetch): a failure is reported to whoever awaits the level, not as
      // an unhandled rejection in between.
      next.catch(() => undefined);
      this.levels.push(next);
    }
    return this.levels[index]!;
  }

  /** Starts making level `index` in the background (sharp works off the main thread). */
  prefetch(index: number): void {
    this.level(Math.min(index, MAX_PYRAMID_LEVEL)).catch(() => undefined);
  }
}

/** The next level: each side halved (rounded, at least 1 px); pixel areas map onto pixel areas. */
async function halve(level: PyramidLevel): Promise<PyramidLevel> {
  const { image } = level;
  const width = Math.max(1, Math.round(image.width / 2));
  const height = Math.max(1, Math.round(image.height / 2));
  const kx = width / image.width;
  const ky = height / image.height;
  const step: AffineMatrix = [kx, 0, 0.5 * kx - 0.5, 0, ky, 0.5 * ky - 0.5];
  return { index: level.index + 1, image: await resizeImage(image, width, height), fromSource: composeAffine(step, level.fromSource) };
}
