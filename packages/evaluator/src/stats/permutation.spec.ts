import { pairedPermutationTest } from './permutation.js';

describe('pairedPermutationTest', () => {
  it('three positive differences: only all-plus and all-minus reach |sum| = 6, p = 2/8', () => {
    // d = 1, 2, 3; the eight signed sums are ±6, ±4, ±2, 0, 0.
    const result = pairedPermutationTest([2, 3, 4], [1, 1, 1]);
    expect(result).toEqual({ meanDiff: 2, p: 0.25, n: 3, method: 'exact', assignments: 8 });
  });

  it('four equal differences: p = 2/16', () => {
    expect(pairedPermutationTest([1, 1, 1, 1], [0, 0, 0, 0]).p).toBe(0.125);
  });

  it('differences that cancel: every assignment is as extreme, p = 1', () => {
    // d = 1, -1: sums 0, 2, -2, 0, all with |sum| >= 0.
    expect(pairedPermutationTest([1, 0], [0, 1])).toMatchObject({ meanDiff: 0, p: 1 });
  });

  it('counts sums equal up to rounding as equal', () => {
    // d = 0.1, 0.2, 0.3: flipping 0.3 alone gives 0.1 + 0.2 - 0.3 = 5.6e-17, not exactly 0; with d = 0.3,
    // -0.1, -0.2 (|sum| = 0 exactly), all 8 assignments with |sum| ≈ 0 or more count.
    expect(pairedPermutationTest([0.3, -0.1, -0.2], [0, 0, 0]).p).toBe(1);
  });

  it('Hollander & Wolfe data: 14 of 512 assignments are as extreme (independent enumeration)', () => {
    const x = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
    const y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];
    const result = pairedPermutationTest(x, y);
    expect(result.p).toBe(14 / 512);
    expect(result.meanDiff).toBeCloseTo(0.43188888888888893, 12);
  });

  it('Monte Carlo above 16 pairs agrees with the exact p and is reproducible', () => {
    const a = Array.from({ length: 18 }, (_, i) => Math.sin(i + 1) + 0.3);
    const b = new Array<number>(18).fill(0);
    const exact = pairedPermutationTest(a, b, { method: 'exact' });
    const monteCarlo = pairedPermutationTest(a, b, { resamples: 20_000, seed: 4 });
    expect(monteCarlo.method).toBe('monte-carlo');
    expect(monteCarlo.assignments).toBe(20_000);
    // Monte Carlo standard error at p ≈ 0.1 with 20,000 draws is about 0.002.
    expect(Math.abs(monteCarlo.p - exact.p)).toBeLessThan(0.01);
    expect(pairedPermutationTest(a, b, { resamples: 20_000, seed: 4 })).toEqual(monteCarlo);
  });

  it('Monte Carlo never reports p = 0', () => {
    const a = new Array<number>(40).fill(1);
    const b = new Array<number>(40).fill(0);
    expect(pairedPermutationTest(a, b, { resamples: 999 }).p).toBe(1 / 1000);
  });

  it('handles no pairs and refuses mismatched samples and oversized enumeration', () => {
    expect(pairedPermutationTest([], [])).toMatchObject({ n: 0, p: 1 });
    expect(() => pairedPermutationTest([1, 2], [1])).toThrow('pairedPermutationTest: paired samples must have the same length, got 2 and 1 values');
    const many = new Array<number>(21).fill(1);
    expect(() => pairedPermutationTest(many, many, { method: 'exact' })).toThrow("use 'monte-carlo' above 20 pairs");
  });
});
