import type { Point2 } from '../contracts/image.js';

/**
 * A 2x3 affine matrix, row-major: [a, b, c, d, e, f] is
 *   | a b c |
 *   | d e f |
 * and maps (x, y) to (a·x + b·y + c, d·x + e·y + f). This is the layout of OpenCV's `M` for
 * `cv2.warpAffine` and of the top two rows of skimage's `params`, so matrices from the reference
 * implementations can be copied element by element.
 */
export type AffineMatrix = readonly [number, number, number, number, number, number];

export const IDENTITY_AFFINE: AffineMatrix = [1, 0, 0, 0, 1, 0];

export function applyAffine(m: AffineMatrix, point: Point2): Point2 {
  const [x, y] = point;
  return [m[0] * x + m[1] * y + m[2], m[3] * x + m[4] * y + m[5]];
}

export function applyAffineToPoints(m: AffineMatrix, points: readonly Point2[]): Point2[] {
  return points.map((p) => applyAffine(m, p));
}

/** The inverse map. Throws when the linear part is singular (the map collapses the plane). */
export function invertAffine(m: AffineMatrix): AffineMatrix {
  const [a, b, c, d, e, f] = m;
  const det = a * e - b * d;
  const magnitude = Math.max(Math.abs(a), Math.abs(b), Math.abs(d), Math.abs(e));
  if (!Number.isFinite(det) || det === 0 || Math.abs(det) <= 1e-14 * magnitude * magnitude) {
    throw new Error(`invertAffine: matrix [${m.join(', ')}] is singular and has no inverse`);
  }
  const ia = e / det;
  const ib = -b / det;
  const id = -d / det;
  const ie = a / det;
  return [ia, ib, -(ia * c + ib * f), id, ie, -(id * c + ie * f)];
}

/** `outer ∘ inner`: the map that applies `inner` first, then `outer`. */
export function composeAffine(outer: AffineMatrix, inner: AffineMatrix): AffineMatrix {
  const [a, b, c, d, e, f] = outer;
  const [p, q, r, s, t, u] = inner;
  return [a * p + b * s, a * q + b * t, a * r + b * u + c, d * p + e * s, d * q + e * t, d * r + e * u + f];
}

export function translationAffine(dx: number, dy: number): AffineMatrix {
  return [1, 0, dx, 0, 1, dy];
}

/** Rotation by `angle` radians (counter-clockwise in a y-up frame, clockwise on screen) and uniform `scale` about `centre`. */
export function similarityAffine(scale: number, angle: number, centre: Point2 = [0, 0], translation: Point2 = [0, 0]): AffineMatrix {
  const c = scale * Math.cos(angle);
  const s = scale * Math.sin(angle);
  const [cx, cy] = centre;
  return [c, -s, cx - c * cx + s * cy + translation[0], s, c, cy - s * cx - c * cy + translation[1]];
}
