import type { FivePoints, Point2 } from '../contracts/image.js';
import type { AffineMatrix } from './affine.js';
import { similarityLeastSquares } from './similarity-least-squares.js';
import { umeyama } from './umeyama.js';

/** InsightFace's `arcface_dst`: where the five points (InsightFace order) land in a 112x112 ArcFace crop. */
export const ARCFACE_112_TEMPLATE: FivePoints = [
  [38.2946, 51.6963],
  [73.5318, 51.5014],
  [56.0252, 71.7366],
  [41.5493, 92.3655],
  [70.7299, 92.2041],
];

/**
 * The ArcFace template for a `size`x`size` crop, as InsightFace's `estimate_norm` builds it: sizes that are
 * multiples of 112 scale the template by size/112; other multiples of 128 scale by size/128 and shift x by
 * 8·ratio (the 112 template centred in a 128 frame). Any other size is an error there and here.
 */
export function arcfaceTemplate(size: number): FivePoints {
  let ratio: number;
  let diffX: number;
  if (Number.isInteger(size) && size > 0 && size % 112 === 0) {
    ratio = size / 112;
    diffX = 0;
  } else if (Number.isInteger(size) && size > 0 && size % 128 === 0) {
    ratio = size / 128;
    diffX = 8 * ratio;
  } else {
    throw new Error(`arcfaceTemplate: crop size ${size} is neither a multiple of 112 nor of 128`);
  }
  return mapFive(ARCFACE_112_TEMPLATE, ([x, y]) => [x * ratio + diffX, y * ratio]);
}

/** InsightFace's `estimate_norm`: the similarity (Umeyama, with scale) taking detected points to the ArcFace crop. */
export function estimateArcfaceTransform(points5: FivePoints, size = 112): AffineMatrix {
  return umeyama(points5, arcfaceTemplate(size), true);
}

/**
 * DCT-Net's 288x288 head-crop targets (`warp_and_crop_face` with ratio 0.75, square reference points),
 * as the reference lists them. `dctnetTemplate()` derives the same numbers from the rule.
 */
export const DCTNET_288_POINTS: FivePoints = [
  [111.7824, 137.6286],
  [179.7399, 137.2527],
  [145.9772, 176.2777],
  [118.0594, 216.062],
  [174.3362, 215.7508],
];

/** DCT-Net's crop margin: the template is shrunk by this factor about the 112 frame's centre. */
export const DCTNET_CROP_RATIO = 0.75;
export const DCTNET_CROP_SIZE = 288;

/**
 * DCT-Net's target points for a `cropSize` square crop: its square reference points are the ArcFace template
 * plus one pixel in x and y; they are shrunk by `ratio` about (56, 56) and scaled by cropSize/112.
 */
export function dctnetTemplate(cropSize = DCTNET_CROP_SIZE, ratio = DCTNET_CROP_RATIO): FivePoints {
  return mapFive(ARCFACE_112_TEMPLATE, ([x, y]) => [
    ((x + 1 - 56) * ratio + 56) * (cropSize / 112),
    ((y + 1 - 56) * ratio + 56) * (cropSize / 112),
  ]);
}

/**
 * The image → crop transform of DCT-Net's head crop: cp2tform's reflective similarity from the five points to
 * DCT-Net's template. Paste-back uses its inverse (`invertAffine`).
 */
export function estimateDctnetTransform(points5: FivePoints, cropSize = DCTNET_CROP_SIZE): AffineMatrix {
  const target = cropSize === DCTNET_CROP_SIZE ? DCTNET_288_POINTS : dctnetTemplate(cropSize);
  return similarityLeastSquares(points5, target, { reflective: true });
}

function mapFive(points: FivePoints, f: (p: Point2) => Point2): FivePoints {
  return [f(points[0]), f(points[1]), f(points[2]), f(points[3]), f(points[4])];
}
