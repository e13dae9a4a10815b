/**
 * FFHQ alignment from five points, as pSp prepares its input (scripts/align_all_parallel.py with
 * output_size = transform_size = 256): the FFHQ crop square from the eyes and mouth corners, a shrink for
 * faces much larger than the crop, a crop of the square's surroundings, FFHQ's reflect-and-blur padding
 * where the square leaves the photo, then the bilinear quad transform to the crop.
 */
import type { FivePoints, RgbImage } from '@geneava/core/contracts';
import {
  applyAffineToPoints,
  composeAffine,
  ffhqAffine,
  ffhqQuadFrom5,
  IDENTITY_AFFINE,
  translationAffine,
  warpAffine,
  type AffineMatrix,
  type FfhqQuad,
} from '@geneava/core/geometry';
import { resizeImage } from '@geneava/core/image';
import { ffhqPad, type Pad } from './ffhq-pad.js';
import { cropRegion } from './pixels.js';

/**
 * What the crop shows beyond the photo: 'reflect' is FFHQ's (mirrored, blurred, faded to the median
 * colour); 'white' fills with white, as a plain constant border.
 */
export type FfhqPadding = 'reflect' | 'white';

export interface FfhqAlignment {
  /** The aligned face, `size` x `size`. */
  readonly crop: RgbImage;
  /** Photo → crop coordinates (pixel centres on integers); paste-back uses it. */
  readonly transform: AffineMatrix;
  /** The crop square in the photo: corners [TL, BL, BR, TR] and side length. */
  readonly quad: FfhqQuad;
}

const WHITE = [255, 255, 255] as const;

/** Aligns the face whose five points (InsightFace order) are given; throws when they are degenerate. */
export async function alignFfhq(image: RgbImage, points5: FivePoints, size: number, padding: FfhqPadding = 'reflect'): Promise<FfhqAlignment> {
  const quad = ffhqQuadFrom5(points5);
  let work = image;
  let toWork: AffineMatrix = IDENTITY_AFFINE;
  let qsize = quad.qsize;

  // Shrink: a face several times larger than the crop is first reduced with an antialiasing resize.
  const shrink = Math.floor((qsize / size) * 0.5);
  if (shrink > 1) {
    const width = Math.max(1, Math.round(image.width / shrink));
    const height = Math.max(1, Math.round(image.height / shrink));
    work = await resizeImage(image, width, height, 'lanczos3');
    const sx = width / image.width;
    const sy = height / image.height;
    toWork = [sx, 0, 0.5 * sx - 0.5, 0, sy, 0.5 * sy - 0.5];
    qsize /= shrink;
  }
  let corners = applyAffineToPoints(toWork, quad.quad);

  // Crop: the square's bounding box plus a border, clamped to the photo.
  const border = Math.max(Math.round(qsize * 0.1), 3);
  const bounds = boundsOf(corners);
  const x0 = Math.max(bounds.x0 - border, 0);
  const y0 = Math.max(bounds.y0 - border, 0);
  const x1 = Math.min(bounds.x1 + border, work.width);
  const y1 = Math.min(bounds.y1 + border, work.height);
  if (x1 - x0 < work.width || y1 - y0 < work.height) {
    if (x1 <= x0 || y1 <= y0) throw new Error('its FFHQ crop square lies entirely outside the image');
    work = cropRegion(work, { x: x0, y: y0, width: x1 - x0, height: y1 - y0 });
    toWork = composeAffine(translationAffine(-x0, -y0), toWork);
    corners = applyAffineToPoints(toWork, quad.quad);
  }

  // Pad: only where the square comes within 4 pixels of leaving the photo.
  if (padding === 'reflect') {
    const inner = boundsOf(corners);
    let pad: Pad = [
      Math.max(-inner.x0 + border, 0),
      Math.max(-inner.y0 + border, 0),
      Math.max(inner.x1 - work.width + border, 0),
      Math.max(inner.y1 - work.height + border, 0),
    ];
    if (Math.max(...pad) > border - 4) {
      const least = Math.round(qsize * 0.3);
      pad = [Math.max(pad[0], least), Math.max(pad[1], least), Math.max(pad[2], least), Math.max(pad[3], least)];
      work = await ffhqPad(work, pad, qsize);
      toWork = composeAffine(translationAffine(pad[0], pad[1]), toWork);
      corners = applyAffineToPoints(toWork, quad.quad);
    }
  }

  const [tl, bl, br, tr] = corners;
  const toCrop = ffhqAffine([tl!, bl!, br!, tr!], size);
  const crop = warpAffine(work, toCrop, size, size, { border: padding === 'white' ? WHITE : 'replicate' });
  return { crop, transform: composeAffine(toCrop, toWork), quad };
}

/** Integer bounds of the corners as FFHQ takes them: floor of the minima, ceil of the maxima. */
function boundsOf(points: readonly (readonly [number, number])[]): { x0: number; y0: number; x1: number; y1: number } {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  return { x0: Math.floor(Math.min(...xs)), y0: Math.floor(Math.min(...ys)), x1: Math.ceil(Math.max(...xs)), y1: Math.ceil(Math.max(...ys)) };
}
