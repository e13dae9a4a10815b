/**
 * The five ArcFace alignment points from a 468-point face mesh, as the reference recommends (it
 * measured them against BlazeFace's own keypoints, which sit 0.13 inter-ocular distances off at the
 * nose): eye centres as the midpoints of each eye's two corners, vertex 1 for the nose tip, and
 * vertices 61 and 291 for the mouth corners. Order: InsightFace's (image-left eye first).
 */
import type { FivePoints, Point2 } from '@geneava/core/contracts';
import { MESH } from './mesh-landmarks.js';

export const FACEMESH_POINTS = 468;

export function fivePointsFromMesh(mesh: readonly Point2[]): FivePoints {
  if (mesh.length < FACEMESH_POINTS) throw new Error(`fivePointsFromMesh: expected ${FACEMESH_POINTS} mesh points, got ${mesh.length}`);
  const at = (i: number): Point2 => mesh[i]!;
  return [
    midpoint(at(MESH.rightEyeOuter), at(MESH.rightEyeInner)),
    midpoint(at(MESH.leftEyeInner), at(MESH.leftEyeOuter)),
    at(MESH.noseTip),
    at(MESH.mouthRight),
    at(MESH.mouthLeft),
  ];
}

export function midpoint(a: Point2, b: Point2): Point2 {
  return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
}
