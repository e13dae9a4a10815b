import type { FivePoints, Point2 } from '@geneava/core/contracts';
import { estimateDctnetTransform, type AffineMatrix } from '@geneava/core/geometry';

/**
 * A face's five points in the working image: the caller's points are in the input image, which DCT-Net
 * may have shrunk. Pixel centres sit on integer coordinates, so a point maps as (x + 0.5)·s − 0.5.
 */
export function scalePoints(points: FivePoints, scaleX: number, scaleY: number): FivePoints {
  if (scaleX === 1 && scaleY === 1) return points;
  const map = ([x, y]: Point2): Point2 => [(x + 0.5) * scaleX - 0.5, (y + 0.5) * scaleY - 0.5];
  return [map(points[0]), map(points[1]), map(points[2]), map(points[3]), map(points[4])];
}

/**
 * The image → 288 head crop transform (cp2tform's reflective similarity onto DCT-Net's reference points).
 * Throws a reason (without the item's name) when the points cannot give a usable crop.
 */
export function headCropTransform(points: FivePoints): AffineMatrix {
  const flat = points.flat();
  if (points.length !== 5 || flat.length !== 10 || !flat.every(Number.isFinite)) {
    throw new Error(`its five points are not five finite (x, y) pairs: ${JSON.stringify(points)}`);
  }
  const degenerate = `its five points are degenerate (${points.map(([x, y]) => `${x},${y}`).join(' ')}), no head crop can be computed`;
  let m: AffineMatrix;
  try {
    m = estimateDctnetTransform(points);
  } catch {
    // The least-squares solve inverts a singular matrix when the points coincide.
    throw new Error(degenerate);
  }
  const det = m[0] * m[4] - m[1] * m[3];
  if (!m.every(Number.isFinite) || !(Math.abs(det) > 1e-12)) {
    throw new Error(degenerate);
  }
  return m;
}
