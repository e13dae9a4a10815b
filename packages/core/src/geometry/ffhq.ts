import type { FivePoints, Point2 } from '../contracts/image.js';
import type { AffineMatrix } from './affine.js';
import { umeyama } from './umeyama.js';

/** The FFHQ crop square in the source image: corners [TL, BL, BR, TR] and its side length `qsize`. */
export interface FfhqQuad {
  readonly quad: readonly [Point2, Point2, Point2, Point2];
  readonly qsize: number;
}

/**
 * FFHQ's oriented crop square (NVlabs `recreate_aligned_images`, also pSp/VToonify's `align_face`):
 *   x = eye_to_eye − flipud(eye_to_mouth)·[−1, 1], rescaled to max(2·|eye_to_eye|, 1.8·|eye_to_mouth|);
 *   y = flipud(x)·[−1, 1] (x turned 90°);  c = eye_avg + 0.1·eye_to_mouth;
 *   quad = [c−x−y, c−x+y, c+x+y, c+x−y];  qsize = 2·|x|.
 * "Left" is the left of the image (the subject's right), as in dlib's and InsightFace's point order.
 */
export function ffhqQuadFromPoints(eyeLeft: Point2, eyeRight: Point2, mouthLeft: Point2, mouthRight: Point2): FfhqQuad {
  const eyeAvg: Point2 = [(eyeLeft[0] + eyeRight[0]) / 2, (eyeLeft[1] + eyeRight[1]) / 2];
  const eyeToEye: Point2 = [eyeRight[0] - eyeLeft[0], eyeRight[1] - eyeLeft[1]];
  const mouthAvg: Point2 = [(mouthLeft[0] + mouthRight[0]) / 2, (mouthLeft[1] + mouthRight[1]) / 2];
  const eyeToMouth: Point2 = [mouthAvg[0] - eyeAvg[0], mouthAvg[1] - eyeAvg[1]];

  // flipud(eye_to_mouth) * [-1, 1] = (-etm_y, etm_x)
  let xx = eyeToEye[0] + eyeToMouth[1];
  let xy = eyeToEye[1] - eyeToMouth[0];
  const length = Math.hypot(xx, xy);
  if (!(length > 0)) {
    throw new Error('ffhqQuadFromPoints: the eye and mouth points are degenerate (no face orientation can be derived)');
  }
  const half = Math.max(Math.hypot(eyeToEye[0], eyeToEye[1]) * 2, Math.hypot(eyeToMouth[0], eyeToMouth[1]) * 1.8);
  xx = (xx / length) * half;
  xy = (xy / length) * half;
  const yx = -xy;
  const yy = xx;
  const cx = eyeAvg[0] + eyeToMouth[0] * 0.1;
  const cy = eyeAvg[1] + eyeToMouth[1] * 0.1;
  return {
    quad: [
      [cx - xx - yx, cy - xy - yy],
      [cx - xx + yx, cy - xy + yy],
      [cx + xx + yx, cy + xy + yy],
      [cx + xx - yx, cy + xy - yy],
    ],
    qsize: Math.hypot(xx, xy) * 2,
  };
}

/** FFHQ quad from the five InsightFace-order points; the nose is unused (the eye points stand in for dlib's eye-contour means). */
export function ffhqQuadFrom5(points5: FivePoints): FfhqQuad {
  return ffhqQuadFromPoints(points5[0], points5[1], points5[3], points5[4]);
}

/** FFHQ quad from dlib's 68 landmarks: eyes are the means of points 36–41 and 42–47; mouth corners are 48 and 54. */
export function ffhqQuadFrom68(landmarks: readonly Point2[]): FfhqQuad {
  if (landmarks.length !== 68) {
    throw new Error(`ffhqQuadFrom68: expected 68 dlib landmarks, got ${landmarks.length}`);
  }
  return ffhqQuadFromPoints(meanOf(landmarks, 36, 42), meanOf(landmarks, 42, 48), landmarks[48], landmarks[54]);
}

/**
 * The similarity taking the quad onto an `outputSize` square, for `warpAffine` (pixel centres at integer
 * coordinates). FFHQ hands PIL's QUAD transform `quad + 0.5`, and PIL puts pixel centres at +0.5, so in
 * integer-centre coordinates the quad's corners land on the output's outer pixel edges:
 * TL → (−0.5, −0.5), BL → (−0.5, T−0.5), BR → (T−0.5, T−0.5), TR → (T−0.5, −0.5).
 * A FFHQ quad is a square, so the fit is exact; for any other quad it is the least-squares similarity.
 */
export function ffhqAffine(quad: FfhqQuad['quad'], outputSize: number): AffineMatrix {
  const lo = -0.5;
  const hi = outputSize - 0.5;
  return umeyama(quad, [
    [lo, lo],
    [lo, hi],
    [hi, hi],
    [hi, lo],
  ]);
}

function meanOf(points: readonly Point2[], start: number, end: number): Point2 {
  let x = 0;
  let y = 0;
  for (let i = start; i < end; i++) {
    x += points[i][0];
    y += points[i][1];
  }
  return [x / (end - start), y / (end - start)];
}
