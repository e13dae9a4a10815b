import type { FivePoints } from '@geneava/core/contracts';
import {
  estimateArcfaceTransform,
  estimateDctnetTransform,
  ffhqAffine,
  ffhqQuadFrom5,
  type AffineMatrix,
  type RgbBorder,
} from '@geneava/core/geometry';

export type AlignmentType = 'arcface' | 'ffhq' | 'dctnet';

/**
 * The image → crop similarity for a face's five points (InsightFace order):
 * - arcface: Umeyama onto InsightFace's template scaled to the crop (estimate_norm);
 * - ffhq: the FFHQ quad (eyes and mouth corners) onto the crop square;
 * - dctnet: cp2tform's least squares onto DCT-Net's head-crop reference points.
 * Throws when the points are degenerate (no usable transform).
 */
export function cropTransform(type: AlignmentType, points5: FivePoints, cropSize: number): AffineMatrix {
  let m: AffineMatrix;
  switch (type) {
    case 'arcface':
      m = estimateArcfaceTransform(points5, cropSize);
      break;
    case 'ffhq':
      m = ffhqAffine(ffhqQuadFrom5(points5).quad, cropSize);
      break;
    case 'dctnet':
      m = estimateDctnetTransform(points5, cropSize);
      break;
  }
  const det = m[0] * m[4] - m[1] * m[3];
  if (!m.every(Number.isFinite) || !(Math.abs(det) > 1e-12)) {
    throw new Error(`its five points are degenerate (${points5.map(([x, y]) => `${x},${y}`).join(' ')}), no ${type} alignment can be computed`);
  }
  return m;
}

/** What the crop shows beyond the photo: black as InsightFace's warpAffine (borderValue 0), else the nearest edge. */
export function cropBorder(type: AlignmentType): RgbBorder {
  return type === 'arcface' ? [0, 0, 0] : 'replicate';
}
