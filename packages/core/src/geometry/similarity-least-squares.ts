import type { Point2 } from '../contracts/image.js';
import { applyAffine, invertAffine, type AffineMatrix } from './affine.js';

export interface SimilarityLeastSquaresOptions {
  /**
   * Also fit the mirrored similarity and keep whichever has the smaller residual (Matlab cp2tform's
   * "similarity"; DCT-Net uses this). False gives cp2tform's "nonreflective similarity".
   */
  readonly reflective?: boolean;
}

/**
 * Similarity from `src` to `dst` as Matlab's `cp2tform` computes it (the `matlab_cp2tform` port that
 * DCT-Net's `warp_and_crop_face` calls). Unlike Umeyama it solves the linear least-squares problem for
 * the *inverse* map dst → src,
 *   u = sc·x + ss·y + tx,   v = −ss·x + sc·y + ty,
 * and inverts the result; with noisy points the two solvers therefore differ slightly.
 * With `reflective`, the same solve runs on dst mirrored across the y axis and the mirrored solution wins
 * when its residual ‖T(src) − dst‖ is strictly smaller (ties keep the non-reflective one, as Matlab does).
 * The widely copied Python port mirrors its destination array in place before comparing residuals, so it
 * scores both candidates against the mirrored points; for upright faces it still picks the non-reflective
 * solution, like Matlab and this function, but on Matlab's own documented example it picks the mirrored one.
 * This follows Matlab.
 */
export function similarityLeastSquares(
  src: readonly Point2[],
  dst: readonly Point2[],
  options: SimilarityLeastSquaresOptions = {},
): AffineMatrix {
  if (src.length !== dst.length || src.length < 2) {
    throw new Error(`similarityLeastSquares: need the same number (at least 2) of source and destination points (got ${src.length} and ${dst.length})`);
  }
  const direct = nonReflective(src, dst);
  if (!options.reflective) return direct;

  const mirroredDst = dst.map(([x, y]): Point2 => [-x, y]);
  const m = nonReflective(src, mirroredDst);
  const reflected: AffineMatrix = [-m[0], -m[1], -m[2], m[3], m[4], m[5]];
  return residual(direct, src, dst) <= residual(reflected, src, dst) ? direct : reflected;
}

/** cp2tform's findNonreflectiveSimilarity: least squares for dst → src, then inverted to src → dst. */
function nonReflective(src: readonly Point2[], dst: readonly Point2[]): AffineMatrix {
  const n = src.length;
  let xm = 0, ym = 0, um = 0, vm = 0;
  for (let i = 0; i < n; i++) {
    xm += dst[i][0];
    ym += dst[i][1];
    um += src[i][0];
    vm += src[i][1];
  }
  xm /= n;
  ym /= n;
  um /= n;
  vm /= n;
  // The normal equations decouple once the points are centred, so the 4-unknown lstsq has this closed form.
  let sxx = 0, sc = 0, ss = 0;
  for (let i = 0; i < n; i++) {
    const x = dst[i][0] - xm;
    const y = dst[i][1] - ym;
    const u = src[i][0] - um;
    const v = src[i][1] - vm;
    sxx += x * x + y * y;
    sc += x * u + y * v;
    ss += y * u - x * v;
  }
  if (sxx === 0) {
    throw new Error('similarityLeastSquares: need at least two distinct destination points');
  }
  sc /= sxx;
  ss /= sxx;
  const tx = um - sc * xm - ss * ym;
  const ty = vm + ss * xm - sc * ym;
  return invertAffine([sc, ss, tx, -ss, sc, ty]);
}

function residual(m: AffineMatrix, src: readonly Point2[], dst: readonly Point2[]): number {
  let sum = 0;
  for (let i = 0; i < src.length; i++) {
    const [x, y] = applyAffine(m, src[i]);
    sum += (x - dst[i][0]) ** 2 + (y - dst[i][1]) ** 2;
  }
  return Math.sqrt(sum);
}
