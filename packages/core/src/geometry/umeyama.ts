import type { Point2 } from '../contracts/image.js';
import type { AffineMatrix } from './affine.js';
import { det2, multiply2, rank2, svd2, type Matrix2 } from './svd2.js';

/**
 * Least-squares similarity (rotation, optional uniform scale, translation) taking `src` onto `dst`:
 * Umeyama (1991), step for step as scikit-image's `_umeyama`, which InsightFace's `estimate_norm` uses
 * through `SimilarityTransform.estimate`. The rotation is always proper: when the best orthogonal fit
 * would be a reflection, the SVD's last direction is negated instead (the `d` vector below).
 *
 * One departure: where skimage returns a NaN matrix (rank(A) = 0: all source or all destination points
 * coincide), this throws, because no caller can use a NaN transform.
 */
export function umeyama(src: readonly Point2[], dst: readonly Point2[], estimateScale = true): AffineMatrix {
  const n = src.length;
  if (n === 0 || n !== dst.length) {
    throw new Error(`umeyama: need the same non-zero number of source and destination points (got ${n} and ${dst.length})`);
  }
  const srcMean = mean(src);
  const dstMean = mean(dst);

  // A = dst_demeanᵀ · src_demean / n, and the summed per-axis variance of src (numpy var, ddof 0).
  let a00 = 0, a01 = 0, a10 = 0, a11 = 0, srcVar = 0;
  for (let i = 0; i < n; i++) {
    const sx = src[i][0] - srcMean[0];
    const sy = src[i][1] - srcMean[1];
    const dx = dst[i][0] - dstMean[0];
    const dy = dst[i][1] - dstMean[1];
    a00 += dx * sx;
    a01 += dx * sy;
    a10 += dy * sx;
    a11 += dy * sy;
    srcVar += sx * sx + sy * sy;
  }
  const a: Matrix2 = [a00 / n, a01 / n, a10 / n, a11 / n];
  srcVar /= n;

  const d: [number, number] = [1, det2(a) < 0 ? -1 : 1];
  const { u, s, vt } = svd2(a);
  const rank = rank2(s);
  if (rank === 0) {
    throw new Error('umeyama: the points are degenerate (all source or all destination points coincide)');
  }
  let r: Matrix2;
  if (rank === 1) {
    r = det2(u) * det2(vt) > 0 ? multiply2(u, vt) : multiply2(u, multiply2([1, 0, 0, -1], vt));
  } else {
    r = multiply2(u, multiply2([d[0], 0, 0, d[1]], vt));
  }
  const scale = estimateScale ? (s[0] * d[0] + s[1] * d[1]) / srcVar : 1;
  const tx = dstMean[0] - scale * (r[0] * srcMean[0] + r[1] * srcMean[1]);
  const ty = dstMean[1] - scale * (r[2] * srcMean[0] + r[3] * srcMean[1]);
  return [scale * r[0], scale * r[1], tx, scale * r[2], scale * r[3], ty];
}

function mean(points: readonly Point2[]): Point2 {
  let x = 0;
  let y = 0;
  for (const p of points) {
    x += p[0];
    y += p[1];
  }
  return [x / points.length, y / points.length];
}
