/**
 * Cutting a face out of an image through an affine map, with optional antialiasing. Plain bilinear
 * `warpAffine` reads 4 source pixels per output pixel, so a face shrunk several times (a 600 px face
 * to a 112 px crop) aliases: fine texture turns into noise that moves with sub-pixel shifts, and
 * embeddings of the same face drift. With `antialias`, the region the crop reads is first shrunk with
 * sharp's Lanczos filter to about the crop's scale, and the warp then only resamples about 1:1.
 */
import { applyAffine, composeAffine, invertAffine, rawToSharp, warpAffine, type AffineMatrix, type RgbImage } from '@geneava/core';

export interface CropOptions {
  readonly antialias?: boolean;
  /** Colour read outside the image; default black, as cv2.warpAffine and tf.image.cropAndResize. */
  readonly border?: readonly [number, number, number];
}

/** Pre-shrinking pays off only when the crop is clearly smaller than the source region. */
const SHRINK_BELOW_SCALE = 0.75;

export async function cropImage(image: RgbImage, matrix: AffineMatrix, width: number, height: number, options: CropOptions = {}): Promise<RgbImage> {
  const border = options.border ?? [0, 0, 0];
  const scale = Math.sqrt(Math.abs(matrix[0] * matrix[4] - matrix[1] * matrix[3]));
  if (!options.antialias || scale >= SHRINK_BELOW_SCALE) return warpAffine(image, matrix, width, height, { border });

  const region = sourceRegion(image, matrix, width, height, scale);
  if (!region) return warpAffine(image, matrix, width, height, { border });
  const shrunkWidth = Math.max(1, Math.round(region.width * scale));
  const shrunkHeight = Math.max(1, Math.round(region.height * scale));
  const { data } = await rawToSharp(image)
    .extract(region)
    .resize(shrunkWidth, shrunkHeight, { fit: 'fill', kernel: 'lanczos3' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const shrunk: RgbImage = { width: shrunkWidth, height: shrunkHeight, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };

  // Resizing maps pixel areas onto pixel areas: x' = (x - left + 0.5) * kx - 0.5 for pixel centres.
  const kx = shrunkWidth / region.width;
  const ky = shrunkHeight / region.height;
  const toShrunk: AffineMatrix = [kx, 0, (0.5 - region.left) * kx - 0.5, 0, ky, (0.5 - region.top) * ky - 0.5];
  return warpAffine(shrunk, composeAffine(matrix, invertAffine(toShrunk)), width, height, { border });
}

interface Region {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/**
 * The part of the image the crop reads, with a margin of a few output pixels so that the shrink
 * filter sees real neighbours at the region's edges; undefined when the crop lies outside the image.
 */
function sourceRegion(image: RgbImage, matrix: AffineMatrix, width: number, height: number, scale: number): Region | undefined {
  const inverse = invertAffine(matrix);
  const corners = [
    [-0.5, -0.5],
    [width - 0.5, -0.5],
    [-0.5, height - 0.5],
    [width - 0.5, height - 0.5],
  ].map(([x, y]) => applyAffine(inverse, [x!, y!]));
  const margin = Math.ceil(4 / scale);
  const left = Math.max(0, Math.floor(Math.min(...corners.map((p) => p[0]))) - margin);
  const top = Math.max(0, Math.floor(Math.min(...corners.map((p) => p[1]))) - margin);
  const right = Math.min(image.width - 1, Math.ceil(Math.max(...corners.map((p) => p[0]))) + margin);
  const bottom = Math.min(image.height - 1, Math.ceil(Math.max(...corners.map((p) => p[1]))) + margin);
  if (right < left || bottom < top) return undefined;
  return { left, top, width: right - left + 1, height: bottom - top + 1 };
}
