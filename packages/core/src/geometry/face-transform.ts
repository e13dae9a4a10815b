/**
 * Where a face went: stylizers report, per input face, the affine from input to output pixel
 * coordinates (StylizedFace.faceTransforms). These helpers resolve the documented default, check what a
 * stylizer reported, and carry a detected face through a transform.
 */
import type { DetectedFace, FivePoints, Point2 } from '../contracts/image.js';
import { applyAffine, type AffineMatrix } from './affine.js';

interface Size {
  readonly width: number;
  readonly height: number;
}

/**
 * The input frame scaled to the output's size, with pixel centres on integers (x → (x + 0.5)·sx − 0.5),
 * as a resize maps pixels: the identity when the sizes are equal.
 */
export function frameScaleAffine(from: Size, to: Size): AffineMatrix {
  const sx = to.width / from.width;
  const sy = to.height / from.height;
  return [sx, 0, 0.5 * sx - 0.5, 0, sy, 0.5 * sy - 0.5];
}

/**
 * The transform of input face `index`: the stylizer's entry when it reported faceTransforms (null: that
 * face is not in the output), else the documented default, the frame scaled to the output's size.
 */
export function faceTransformOf(
  faceTransforms: readonly (AffineMatrix | null)[] | undefined,
  index: number,
  input: Size,
  output: Size,
): AffineMatrix | null {
  if (faceTransforms === undefined) return frameScaleAffine(input, output);
  const entry = faceTransforms[index];
  if (entry === undefined) throw new RangeError(`no transform for face ${index + 1}: the stylizer reported ${faceTransforms.length}`);
  return entry;
}

/**
 * Why `faceTransforms` does not describe `faceCount` input faces (one entry per face, each null or six
 * finite numbers with an invertible 2x2 part), or undefined when it does. Absent is always valid.
 */
export function faceTransformsProblem(faceTransforms: unknown, faceCount: number): string | undefined {
  if (faceTransforms === undefined) return undefined;
  if (!Array.isArray(faceTransforms)) return `faceTransforms must be an array (one entry per input face), got ${typeof faceTransforms}`;
  if (faceTransforms.length !== faceCount) return `faceTransforms has ${faceTransforms.length} entries for ${faceCount} input face(s)`;
  for (const [i, m] of faceTransforms.entries()) {
    if (m === null) continue;
    if (!Array.isArray(m) || m.length !== 6 || !m.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      return `faceTransforms[${i}] must be null or six finite numbers [a, b, c, d, e, f], got ${JSON.stringify(m)}`;
    }
    const [a, b, , d, e] = m as number[];
    if (Math.abs(a! * e! - b! * d!) < 1e-12) return `faceTransforms[${i}] is singular (it collapses the face to a line or a point)`;
  }
  return undefined;
}

/**
 * A detected face carried through `m`: points and mesh mapped, the box the smallest axis-aligned box
 * around its four mapped corners (exact for scales and shifts, the enclosing box for rotations).
 */
export function transformFace(face: DetectedFace, m: AffineMatrix): DetectedFace {
  const { x, y, width, height } = face.box;
  const corners = [applyAffine(m, [x, y]), applyAffine(m, [x + width, y]), applyAffine(m, [x, y + height]), applyAffine(m, [x + width, y + height])];
  const xs = corners.map((c) => c[0]);
  const ys = corners.map((c) => c[1]);
  const left = Math.min(...xs);
  const top = Math.min(...ys);
  const map = (point: Point2): Point2 => applyAffine(m, point);
  return {
    box: { x: left, y: top, width: Math.max(...xs) - left, height: Math.max(...ys) - top },
    score: face.score,
    points5: face.points5.map(map) as unknown as FivePoints,
    ...(face.mesh ? { mesh: face.mesh.map(map) } : {}),
  };
}
