import type { Point2 } from '../contracts/image.js';
import { applyAffine, similarityAffine, type AffineMatrix } from './affine.js';
import { similarityLeastSquares } from './similarity-least-squares.js';
import { umeyama } from './umeyama.js';

function expectMatrix(actual: AffineMatrix, expected: readonly number[], tolerance: number): void {
  actual.forEach((v, i) => expect(Math.abs(v - expected[i])).toBeLessThanOrEqual(tolerance));
}

const face: Point2[] = [
  [295.74, 279.35],
  [384.65, 278.54],
  [341.21, 329.64],
  [303.81, 380.27],
  [378.13, 380.11],
];

describe('similarityLeastSquares (cp2tform "similarity")', () => {
  it("reproduces Matlab's own cp2tform example", () => {
    // Matlab: cp2tform([0 0; 6 3; -2 5], [-1 -1; 0 -10; 4 4], 'similarity'):
    // tdata.T = [-0.0764 -1.6190 0; 1.6190 -0.0764 0; -3.2156 0.0290 1] (row-vector form), i.e. in cv2 form:
    const m = similarityLeastSquares([[0, 0], [6, 3], [-2, 5]], [[-1, -1], [0, -10], [4, 4]], { reflective: true });
    expectMatrix(m, [-0.0764, 1.619, -3.2156, -1.619, -0.0764, 0.029], 1e-4);
  });

  it('equals Umeyama on noise-free points, with and without the reflection trial', () => {
    const truth = similarityAffine(0.61, -0.27, [0, 0], [-40, 12]);
    const dst = face.map((p) => applyAffine(truth, p));
    expectMatrix(similarityLeastSquares(face, dst), truth, 1e-9);
    expectMatrix(similarityLeastSquares(face, dst, { reflective: true }), umeyama(face, dst), 1e-9);
  });

  it('solves the inverse problem in least squares, so noisy points give its answer, not Umeyama\'s', () => {
    // Expected: the matlab_cp2tform port (numpy lstsq) on these points; Umeyama differs by up to 0.42.
    const src: Point2[] = [
      [295.7487132707775, 278.82734564205094],
      [385.7705957215973, 280.2635864729587],
      [335.99625628155104, 326.5079801310485],
      [303.61109186191726, 380.28046438263544],
      [377.1452144962479, 380.83623289653383],
    ];
    const dst: Point2[] = [
      [111.7824, 137.6286],
      [179.7399, 137.2527],
      [145.9772, 176.2777],
      [118.0594, 216.062],
      [174.3362, 215.7508],
    ];
    const m = similarityLeastSquares(src, dst, { reflective: true });
    const reference = [0.7697155388015862, 0.009752301463184824, -118.67008315065857, -0.00975230146318487, 0.7697155388015863, -73.5937466760612];
    expectMatrix(m, reference, 1e-9);
    const u = umeyama(src, dst);
    expect(Math.max(...u.map((v, i) => Math.abs(v - m[i])))).toBeGreaterThan(0.01);
  });

  it('picks the mirrored solution when the target is mirrored, only if reflective', () => {
    const mirror: AffineMatrix = [-0.5, 0, 400, 0, 0.5, 20];
    const dst = face.map((p) => applyAffine(mirror, p));
    const reflective = similarityLeastSquares(face, dst, { reflective: true });
    expectMatrix(reflective, mirror, 1e-9);
    const proper = similarityLeastSquares(face, dst);
    expect(proper[0] * proper[4] - proper[1] * proper[3]).toBeGreaterThan(0);
  });

  it('needs two distinct destination points', () => {
    expect(() => similarityLeastSquares([[0, 0], [1, 1]], [[5, 5], [5, 5]])).toThrow(/two distinct/);
    expect(() => similarityLeastSquares([[0, 0]], [[5, 5]])).toThrow(/at least 2/);
  });
});
