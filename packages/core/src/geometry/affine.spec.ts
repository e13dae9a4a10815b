import { applyAffine, composeAffine, IDENTITY_AFFINE, invertAffine, similarityAffine, translationAffine, type AffineMatrix } from './affine.js';
import { det2, multiply2, rank2, svd2, type Matrix2 } from './svd2.js';

describe('affine matrices', () => {
  it('applies [a b c; d e f] to a point', () => {
    const m: AffineMatrix = [2, 3, 5, 7, 11, 13];
    // (1, 2) -> (2 + 6 + 5, 7 + 22 + 13)
    expect(applyAffine(m, [1, 2])).toEqual([13, 42]);
  });

  it('inverts: M⁻¹·M is the identity and maps points back', () => {
    const m: AffineMatrix = [2, 1, -4, -1, 3, 7];
    const inverse = invertAffine(m);
    composeAffine(inverse, m).forEach((v, i) => expect(v).toBeCloseTo(IDENTITY_AFFINE[i], 14));
    const [x, y] = applyAffine(inverse, applyAffine(m, [3.5, -2]));
    expect(x).toBeCloseTo(3.5, 12);
    expect(y).toBeCloseTo(-2, 12);
  });

  it('composes right to left: compose(outer, inner) applies inner first', () => {
    const shiftThenDouble = composeAffine([2, 0, 0, 0, 2, 0], translationAffine(1, 0));
    expect(applyAffine(shiftThenDouble, [0, 0])).toEqual([2, 0]);
  });

  it('builds a similarity about a centre: a quarter turn about (1, 1) takes (2, 1) to (1, 2)', () => {
    const [x, y] = applyAffine(similarityAffine(1, Math.PI / 2, [1, 1]), [2, 1]);
    expect(x).toBeCloseTo(1, 12);
    expect(y).toBeCloseTo(2, 12);
  });

  it('refuses to invert a singular matrix', () => {
    expect(() => invertAffine([1, 2, 0, 2, 4, 0])).toThrow(/singular/);
  });
});

describe('svd2', () => {
  const cases: Matrix2[] = [
    [3, 1, 2, -5],
    [1, 0, 0, 1],
    [2, 0, 0, -1],
    [0, 1, 1, 0],
    [1, 2, 2, 4],
    [-1, 0, 0, -1],
    [0.3, -7, 1e-3, 2],
    [0, 0, 0, 0],
  ];
  it.each(cases)('factors %p as u·diag(s)·vt with orthogonal u, vt and s sorted, non-negative', (...a) => {
    const m = a as unknown as Matrix2;
    const { u, s, vt } = svd2(m);
    multiply2(u, multiply2([s[0], 0, 0, s[1]], vt)).forEach((v, i) => expect(v).toBeCloseTo(m[i], 12));
    multiply2(u, [u[0], u[2], u[1], u[3]]).forEach((v, i) => expect(v).toBeCloseTo([1, 0, 0, 1][i], 12));
    multiply2(vt, [vt[0], vt[2], vt[1], vt[3]]).forEach((v, i) => expect(v).toBeCloseTo([1, 0, 0, 1][i], 12));
    expect(s[0]).toBeGreaterThanOrEqual(s[1]);
    expect(s[1]).toBeGreaterThanOrEqual(0);
    // |det| is the product of the singular values.
    expect(s[0] * s[1]).toBeCloseTo(Math.abs(det2(m)), 12);
  });

  it('gives the known singular values of [[3, 0], [4, 5]]: √45 and √5', () => {
    // AᵀA = [[25, 20], [20, 25]] has eigenvalues 45 and 5.
    const { s } = svd2([3, 0, 4, 5]);
    expect(s[0]).toBeCloseTo(Math.sqrt(45), 13);
    expect(s[1]).toBeCloseTo(Math.sqrt(5), 13);
  });

  it('counts rank as numpy matrix_rank does', () => {
    expect(rank2(svd2([1, 2, 2, 4]).s)).toBe(1);
    expect(rank2(svd2([1, 0, 0, 1]).s)).toBe(2);
    expect(rank2(svd2([0, 0, 0, 0]).s)).toBe(0);
  });
});
