import type { Point2 } from '@geneava/core/contracts';
import { extentOf } from '../embedded-face-analyzer.js';
import { expressionGeometry, GEOMETRY_FEATURES } from './expression-geometry.js';
import { roiOfMesh } from './facemesh-model.js';
import { fivePointsFromMesh } from './five-points.js';
import { MESH } from './mesh-landmarks.js';

/**
 * A synthetic upright mesh, in units where the eye centres are 10 apart: image-left eye centre at
 * (-5, 0), image-right at (5, 0); every other vertex sits at the origin.
 */
function uprightMesh(): Point2[] {
  const mesh: Point2[] = Array.from({ length: 468 }, () => [0, 0] as Point2);
  const set = (i: number, p: Point2) => (mesh[i] = p);
  set(MESH.rightEyeOuter, [-7, 0]);
  set(MESH.rightEyeInner, [-3, 0]);
  set(MESH.leftEyeInner, [3, 0]);
  set(MESH.leftEyeOuter, [7, 0]);
  set(MESH.rightEyeUpper, [-5, -1]);
  set(MESH.rightEyeLower, [-5, 1]);
  set(MESH.leftEyeUpper, [5, -1.5]);
  set(MESH.leftEyeLower, [5, 1]);
  for (const i of MESH.rightBrow) set(i, [-5, -4]);
  for (const i of MESH.leftBrow) set(i, [5, -5]);
  set(MESH.noseTip, [0, 5]);
  set(MESH.mouthRight, [-4, 9]);
  set(MESH.mouthLeft, [4, 9]);
  set(MESH.upperLipInner, [0, 9.5]);
  set(MESH.lowerLipInner, [0, 11.5]);
  set(MESH.chin, [0, 16]);
  return mesh;
}

describe('fivePointsFromMesh', () => {
  it('takes eye-corner midpoints, vertex 1 and vertices 61 and 291, image-left eye first', () => {
    expect(fivePointsFromMesh(uprightMesh())).toEqual([
      [-5, 0],
      [5, 0],
      [0, 5],
      [-4, 9],
      [4, 9],
    ]);
    expect(() => fivePointsFromMesh([[0, 0]])).toThrow(/468/);
  });
});

describe('expressionGeometry', () => {
  const expected = {
    mouthOpen: 0.2,
    mouthWidth: 0.8,
    // Lip centre at 10.5, corners at 9: raised by 0.15 inter-ocular distances.
    smile: 0.15,
    eyeOpenLeft: 0.2,
    eyeOpenRight: 0.25,
    browRaiseLeft: 0.3,
    browRaiseRight: 0.35,
    jawDrop: 1.1,
  };

  it('measures distances in inter-ocular units', () => {
    const features = expressionGeometry(uprightMesh());
    expect(Object.keys(features)).toEqual([...GEOMETRY_FEATURES]);
    for (const name of GEOMETRY_FEATURES) expect(features[name]).toBeCloseTo(expected[name], 12);
  });

  it('does not change when the face is scaled, turned in the image plane and moved', () => {
    const a = -0.7;
    const transformed = uprightMesh().map(([x, y]): Point2 => [37 * (Math.cos(a) * x - Math.sin(a) * y) + 300, 37 * (Math.sin(a) * x + Math.cos(a) * y) - 12]);
    const features = expressionGeometry(transformed);
    for (const name of GEOMETRY_FEATURES) expect(features[name]).toBeCloseTo(expected[name], 10);
  });

  it('reads drooping mouth corners as a negative smile', () => {
    const mesh = uprightMesh();
    mesh[MESH.mouthRight] = [-4, 12];
    mesh[MESH.mouthLeft] = [4, 12];
    expect(expressionGeometry(mesh).smile).toBeCloseTo(-0.15, 12);
  });

  it('rejects a mesh whose eyes coincide', () => {
    expect(() => expressionGeometry(Array.from({ length: 468 }, () => [1, 1] as Point2))).toThrow(/degenerate/);
  });
});

describe('roiOfMesh', () => {
  it('frames the mesh along its eye line, 1.5 times its extent', () => {
    const a = 0.5;
    const turn = ([x, y]: Point2): Point2 => [Math.cos(a) * x - Math.sin(a) * y + 100, Math.sin(a) * x + Math.cos(a) * y + 50];
    const roi = roiOfMesh(uprightMesh().map(turn));
    expect(roi.angle).toBeCloseTo(a, 12);
    // Upright extent: x -7..7, y -5..16 -> side 21 x 1.5, centre (0, 5.5).
    expect(roi.side).toBeCloseTo(31.5, 9);
    const [cx, cy] = turn([0, 5.5]);
    expect(roi.centre[0]).toBeCloseTo(cx, 9);
    expect(roi.centre[1]).toBeCloseTo(cy, 9);
  });
});

describe('extentOf', () => {
  it('is the axis-aligned box of the points', () => {
    expect(
      extentOf([
        [3, -1],
        [-2, 4],
        [0, 0],
      ]),
    ).toEqual({ x: -2, y: -1, width: 5, height: 5 });
  });
});
