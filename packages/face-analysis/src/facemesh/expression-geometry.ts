/**
 * Geometric expression features from a 468-point face mesh. Every feature is a distance divided by
 * the inter-ocular distance (between the eye-corner midpoints), measured in a frame rotated so that
 * the eye line is horizontal: scale, position and in-plane rotation of the face do not change them.
 * In that frame y points down the face. Vertices (MediaPipe numbering, see mesh-landmarks.ts):
 * - mouthOpen: lower inner lip 14 minus upper inner lip 13, along y;
 * - mouthWidth: mouth corner 291 minus 61, along x;
 * - smile: lip centre (mean of 13 and 14) minus mean mouth-corner (61, 291) height, along y:
 *   positive when the corners are raised above the lip centre, negative when they droop;
 * - eyeOpenLeft / eyeOpenRight: lower lid minus upper lid along y (145 - 159 for the image-left eye,
 *   the subject's right; 374 - 386 for the image-right eye);
 * - browRaiseLeft / browRaiseRight: upper lid minus mean of the brow's upper contour along y
 *   (159 and 70, 63, 105, 66, 107 image left; 386 and 300, 293, 334, 296, 336 image right);
 * - jawDrop: chin 152 minus nose tip 1, along y.
 * "Left" and "Right" follow the image, as InsightFace's point order does.
 */
import type { Point2 } from '@geneava/core/contracts';
import { FACEMESH_POINTS, midpoint } from './five-points.js';
import { MESH } from './mesh-landmarks.js';

export const GEOMETRY_FEATURES = [
  'mouthOpen',
  'mouthWidth',
  'smile',
  'eyeOpenLeft',
  'eyeOpenRight',
  'browRaiseLeft',
  'browRaiseRight',
  'jawDrop',
] as const;
export type GeometryFeature = (typeof GEOMETRY_FEATURES)[number];

export function expressionGeometry(mesh: readonly Point2[]): Record<GeometryFeature, number> {
  if (mesh.length < FACEMESH_POINTS) throw new Error(`expressionGeometry: expected ${FACEMESH_POINTS} mesh points, got ${mesh.length}`);
  const imageLeftEye = midpoint(mesh[MESH.rightEyeOuter]!, mesh[MESH.rightEyeInner]!);
  const imageRightEye = midpoint(mesh[MESH.leftEyeInner]!, mesh[MESH.leftEyeOuter]!);
  const dx = imageRightEye[0] - imageLeftEye[0];
  const dy = imageRightEye[1] - imageLeftEye[1];
  const iod = Math.hypot(dx, dy);
  if (!(iod > 0)) throw new Error('expressionGeometry: the eye centres coincide; the mesh is degenerate');
  const cos = dx / iod;
  const sin = dy / iod;
  // Coordinates in the face frame, in units of the inter-ocular distance.
  const x = (i: number): number => (cos * mesh[i]![0] + sin * mesh[i]![1]) / iod;
  const y = (i: number): number => (-sin * mesh[i]![0] + cos * mesh[i]![1]) / iod;
  const meanY = (indices: readonly number[]): number => indices.reduce((sum, i) => sum + y(i), 0) / indices.length;

  const lipCentre = (y(MESH.upperLipInner) + y(MESH.lowerLipInner)) / 2;
  const cornerHeight = (y(MESH.mouthRight) + y(MESH.mouthLeft)) / 2;
  return {
    mouthOpen: y(MESH.lowerLipInner) - y(MESH.upperLipInner),
    mouthWidth: x(MESH.mouthLeft) - x(MESH.mouthRight),
    smile: lipCentre - cornerHeight,
    eyeOpenLeft: y(MESH.rightEyeLower) - y(MESH.rightEyeUpper),
    eyeOpenRight: y(MESH.leftEyeLower) - y(MESH.leftEyeUpper),
    browRaiseLeft: y(MESH.rightEyeUpper) - meanY(MESH.rightBrow),
    browRaiseRight: y(MESH.leftEyeUpper) - meanY(MESH.leftBrow),
    jawDrop: y(MESH.chin) - y(MESH.noseTip),
  };
}
