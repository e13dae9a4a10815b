import { applyAffineToPoints, umeyama } from '@geneava/core/geometry';
import type { DetectedFace, Point2 } from '@geneava/core/contracts';

export interface LandmarkNmeOptions {
  /**
   * First fit the avatar's mesh onto the real one with the least-squares similarity (rotation, scale,
   * translation; Umeyama), so only shape differences count. For avatars whose face moved or was
   * re-framed; leave it off where the face must stay in place (geometry-preserving stylizers).
   */
  readonly align?: boolean;
}

/**
 * Normalised mean error between two faces' dense landmarks: the mean Euclidean distance between
 * corresponding mesh points, divided by the real face's inter-ocular distance (between the eye centres
 * of its five points). Both meshes must be in the same pixel frame. Undefined (no value) when either
 * face has no mesh or the meshes differ in length (different landmark models).
 */
export function landmarkNme(real: DetectedFace, avatar: DetectedFace, options: LandmarkNmeOptions = {}): number | undefined {
  const a = real.mesh;
  let b = avatar.mesh;
  if (!a || !b || a.length === 0 || a.length !== b.length) return undefined;
  const interOcular = distance(real.points5[0], real.points5[1]);
  if (!(interOcular > 0)) throw new RangeError(`landmark NME: the real face's eye centres coincide (inter-ocular distance ${interOcular})`);
  if (options.align) b = applyAffineToPoints(umeyama(b, a), b);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += distance(a[i]!, b[i]!);
  return sum / a.length / interOcular;
}

function distance(p: Point2, q: Point2): number {
  return Math.hypot(p[0] - q[0], p[1] - q[1]);
}
