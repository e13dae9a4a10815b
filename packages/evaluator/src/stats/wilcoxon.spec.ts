import { wilcoxonSignedRank } from './wilcoxon.js';

describe('wilcoxonSignedRank', () => {
  // Hollander & Wolfe (1973, p. 29), Hamilton depression scale before (x) and after (y) a tranquilizer;
  // the example of R's wilcox.test. Differences x - y, sorted by size: 0.01, -0.08, -0.147, 0.43, 0.49,
  // 0.59, 0.62, 0.952, 1.022, so the negative ones hold ranks 2 and 3: W- = 5, W+ = 45 - 5 = 40.
  // Exact: W- <= 5 for the subsets of {1..9} summing to 0..5, counted 1, 1, 1, 2, 2, 3 = 10 of the
  // 2^9 = 512 sign assignments; two-sided p = 2 · 10 / 512 = 0.0390625 (R: V = 40, p-value = 0.03906).
  const x = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
  const y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];

  it('Hollander & Wolfe: W+ = 40, W- = 5, exact p = 20/512', () => {
    const result = wilcoxonSignedRank(x, y);
    expect(result).toMatchObject({ wPlus: 40, wMinus: 5, statistic: 5, n: 9, zeros: 0, ties: false, method: 'exact' });
    expect(result.p).toBe(20 / 512);
  });

  it('Hollander & Wolfe, normal approximation: z = (40 - 22.5) / sqrt(71.25)', () => {
    const result = wilcoxonSignedRank(x, y, { method: 'normal' });
    expect(result.z).toBeCloseTo(17.5 / Math.sqrt(71.25), 12);
    // SciPy 1.17 wilcoxon(x, y, method='approx'), without and with the continuity correction.
    expect(result.p).toBeCloseTo(0.038151710173415135, 12);
    expect(wilcoxonSignedRank(x, y, { method: 'normal', continuityCorrection: true }).p).toBeCloseTo(0.04401098401295143, 12);
  });

  it('is symmetric: swapping the samples swaps W+ and W- and negates z', () => {
    const forward = wilcoxonSignedRank(x, y, { method: 'normal' });
    const backward = wilcoxonSignedRank(y, x, { method: 'normal' });
    expect([backward.wPlus, backward.wMinus]).toEqual([forward.wMinus, forward.wPlus]);
    expect(backward.z).toBeCloseTo(-forward.z, 12);
    expect(backward.p).toBeCloseTo(forward.p, 15);
  });

  it('n = 10 without ties, negatives at ranks 1, 3, 4: exact p = 2 · 25 / 1024', () => {
    // Subsets of {1..10} with sum 0..8: 1, 1, 1, 2, 2, 3, 4, 5, 6, in all 25.
    const differences = [-1, 2, -3, -4, 5, 6, 7, 8, 9, 10];
    const result = wilcoxonSignedRank(differences, new Array<number>(10).fill(0));
    expect(result).toMatchObject({ wPlus: 47, wMinus: 8, statistic: 8, method: 'exact' });
    expect(result.p).toBe(50 / 1024);
  });

  // The example of Wikipedia's "Wilcoxon signed-rank test" article: one zero difference (dropped) and one
  // tie (|d| = 5 twice, mid-rank 1.5). Signed ranks: +7, -3, +1.5, +9, -4, +8, -6, +1.5, -5.
  const after = [125, 115, 130, 140, 140, 115, 140, 125, 140, 135];
  const before = [110, 122, 125, 120, 140, 124, 123, 137, 135, 145];

  it('drops zeros and uses mid-ranks: W+ = 27, W- = 18', () => {
    const result = wilcoxonSignedRank(after, before, { method: 'normal' });
    expect(result).toMatchObject({ wPlus: 27, wMinus: 18, statistic: 18, n: 9, zeros: 1, ties: true });
    // sigma^2 = 9 · 10 · 19 / 24 - (2^3 - 2) / 48 = 71.125; SciPy's approx p.
    expect(result.z).toBeCloseTo(4.5 / Math.sqrt(71.125), 12);
    expect(result.p).toBeCloseTo(0.5936305914425295, 12);
  });

  it('exact p with ties is the distribution given the mid-ranks', () => {
    // Enumerating the 512 sign assignments over ranks {1.5, 1.5, 3, 4, 5, 6, 7, 8, 9}: 162 have W+ <= 18
    // (and, by symmetry, 162 have W+ >= 27), so p = 2 · 162 / 512.
    expect(wilcoxonSignedRank(after, before).p).toBe(324 / 512);
  });

  describe('zero handling', () => {
    // d = 0, 0, 2, -1, 3, -3, 4, 0, 5, -3, 6, 0: four zeros and three tied |d| = 3.
    const a = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    const b = [1, 2, 1, 5, 2, 9, 3, 8, 4, 13, 5, 12];

    it("'wilcox' ranks the eight nonzero differences: W- = 1 + 4 + 4 = 9", () => {
      const result = wilcoxonSignedRank(a, b, { method: 'normal' });
      expect(result).toMatchObject({ wMinus: 9, wPlus: 27, n: 8, zeros: 4 });
      // mu = 18, sigma^2 = 8 · 9 · 17 / 24 - (27 - 3) / 48 = 50.5.
      expect(result.z).toBeCloseTo(9 / Math.sqrt(50.5), 12);
      expect(result.p).toBeCloseTo(0.20534286667006885, 12); // SciPy zero_method='wilcox'
    });

    it("'pratt' ranks the zeros too (ranks 1-4), then drops them: W- = 5 + 8 + 8 = 21", () => {
      const result = wilcoxonSignedRank(a, b, { method: 'normal', zeroMethod: 'pratt' });
      expect(result).toMatchObject({ wMinus: 21, wPlus: 47, n: 8, zeros: 4 });
      // mu = 12 · 13 / 4 - 4 · 5 / 4 = 34; sigma^2 = (3900 - 180) / 24 - 24 / 48 = 154.5.
      expect(result.z).toBeCloseTo(13 / Math.sqrt(154.5), 12);
      expect(result.p).toBeCloseTo(0.2956194949089336, 12); // SciPy zero_method='pratt'
    });
  });

  it('switches to the normal approximation above 20 nonzero differences', () => {
    const a = Array.from({ length: 21 }, (_, i) => i + 1);
    const b = new Array<number>(21).fill(0);
    const result = wilcoxonSignedRank(a, b);
    expect(result.method).toBe('normal');
    // All positive: W+ = 231, mu = 115.5, sigma^2 = 21 · 22 · 43 / 24 = 827.75.
    expect(result.z).toBeCloseTo(115.5 / Math.sqrt(827.75), 12);
    expect(wilcoxonSignedRank(a, b, { method: 'exact' }).p).toBe(2 / 2 ** 21);
  });

  it('has nothing to test when every difference is zero', () => {
    const result = wilcoxonSignedRank([1, 2], [1, 2]);
    expect(result).toMatchObject({ n: 0, zeros: 2, statistic: 0 });
    expect(result.p).toBeNaN();
    expect(result.z).toBeNaN();
  });

  it('refuses samples of different lengths and non-finite values', () => {
    expect(() => wilcoxonSignedRank([1], [1, 2])).toThrow('wilcoxonSignedRank: paired samples must have the same length, got 1 and 2 values');
    expect(() => wilcoxonSignedRank([1, Number.NaN], [1, 2])).toThrow('value at index 1 is NaN');
  });
});
