import type { Point2 } from '../contracts/image.js';
import { applyAffine, similarityAffine, type AffineMatrix } from './affine.js';
import { umeyama } from './umeyama.js';

const src: Point2[] = [
  [10, 20],
  [40, 22],
  [25, 40],
  [14, 55],
  [37, 54],
];

function expectMatrix(actual: AffineMatrix, expected: readonly number[], tolerance: number): void {
  actual.forEach((v, i) => expect(Math.abs(v - expected[i])).toBeLessThanOrEqual(tolerance));
}

describe('umeyama', () => {
  it('recovers a known rotation + scale + translation exactly', () => {
    const truth = similarityAffine(1.7, 0.4, [0, 0], [12.5, -3.25]);
    const dst = src.map((p) => applyAffine(truth, p));
    expectMatrix(umeyama(src, dst), truth, 1e-9);
  });

  it('without scale estimation keeps scale 1 and fits a pure rotation exactly', () => {
    const truth = similarityAffine(1, -2.1, [0, 0], [100, 7]);
    const dst = src.map((p) => applyAffine(truth, p));
    expectMatrix(umeyama(src, dst, false), truth, 1e-9);
  });

  it('answers a mirrored target with a proper rotation, as scikit-image does', () => {
    // Case and expected matrices from skimage.transform._geometric._umeyama (scikit-image 0.19): dst is src mirrored in x plus noise.
    const s: Point2[] = [[0, 0], [4, 0], [4, 2], [0, 2], [1, 1]];
    const d: Point2[] = [
      [0.034558419206478605, 0.08216181435011584],
      [-3.9669562923816613, -0.1303157231604361],
      [-3.9094644133326883, 2.044637457236401],
      [-0.053695323536028516, 2.058111810419635],
      [-0.9635427603813924, 1.0294132496655526],
    ];
    const m = umeyama(s, d);
    expectMatrix(m, [-0.5948048913464861, 0.02085353104121813, -0.7220248007026018, -0.02085353104121813, -0.5948048913464861, 1.6491429689229324], 1e-12);
    expect(m[0] * m[4] - m[1] * m[3]).toBeGreaterThan(0);
    expectMatrix(umeyama(s, d, false), [-0.9993859835475192, 0.0350379207253801, -0.007963224424903936, -0.0350379207253801, -0.9993859835475192, 2.0792559625554574], 1e-12);
  });

  it('fits two points exactly (the rank-1 branch), matching scikit-image', () => {
    const s: Point2[] = [[1, 2], [5, 3]];
    const d: Point2[] = [[10, 10], [12, 18]];
    const m = umeyama(s, d);
    s.forEach((p, i) => {
      const [x, y] = applyAffine(m, p);
      expect(x).toBeCloseTo(d[i][0], 12);
      expect(y).toBeCloseTo(d[i][1], 12);
    });
    // A maps (4, 1) onto (2, 8): rotation by atan2(8,2) − atan2(1,4), scale √68/√17 = 2.
    const angle = Math.atan2(8, 2) - Math.atan2(1, 4);
    expect(m[0]).toBeCloseTo(2 * Math.cos(angle), 12);
    expect(m[3]).toBeCloseTo(2 * Math.sin(angle), 12);
  });

  it('throws on coincident points instead of returning NaN', () => {
    expect(() => umeyama([[1, 1], [1, 1]], [[0, 0], [3, 4]])).toThrow(/degenerate/);
    expect(() => umeyama([[1, 1]], [])).toThrow(/same non-zero number/);
  });
});
