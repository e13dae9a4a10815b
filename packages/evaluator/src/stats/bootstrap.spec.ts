import { bootstrapMeanCI, pairedBootstrapDiffCI } from './bootstrap.js';
import { mean, standardDeviation } from './descriptive.js';
import { mulberry32 } from './random.js';

/** n deterministic values spread over [0, 10). */
function sample(n: number, seed = 99): number[] {
  const random = mulberry32(seed);
  return Array.from({ length: n }, () => 10 * random());
}

describe('bootstrapMeanCI', () => {
  it('gives [c, c] for a constant sample', () => {
    const result = bootstrapMeanCI(new Array<number>(50).fill(0.3), { resamples: 500 });
    expect(result).toEqual({ mean: 0.3, ci95: [0.3, 0.3], n: 50, confidence: 0.95, resamples: 500 });
  });

  it('handles no values (NaN) and one value (degenerate interval)', () => {
    expect(bootstrapMeanCI([]).mean).toBeNaN();
    expect(bootstrapMeanCI([]).ci95).toEqual([Number.NaN, Number.NaN]);
    expect(bootstrapMeanCI([]).n).toBe(0);
    expect(bootstrapMeanCI([4.5]).ci95).toEqual([4.5, 4.5]);
  });

  it('contains the mean and agrees with the normal-theory interval for a large sample', () => {
    const values = sample(400);
    const result = bootstrapMeanCI(values, { seed: 1 });
    expect(result.mean).toBe(mean(values));
    const [lo, hi] = result.ci95;
    expect(lo).toBeLessThan(result.mean);
    expect(hi).toBeGreaterThan(result.mean);
    // Mean ± 1.96 s / sqrt(n): the bootstrap's half-widths agree to a few percent at n = 400.
    const halfWidth = (1.959963984540054 * standardDeviation(values)) / Math.sqrt(values.length);
    expect(Math.abs(hi - result.mean - halfWidth) / halfWidth).toBeLessThan(0.06);
    expect(Math.abs(result.mean - lo - halfWidth) / halfWidth).toBeLessThan(0.06);
  });

  it('narrows as n grows (about as 1 / sqrt(n))', () => {
    const width = (n: number) => {
      const [lo, hi] = bootstrapMeanCI(sample(n), { seed: 3 }).ci95;
      return hi - lo;
    };
    const w25 = width(25);
    const w400 = width(400);
    // sqrt(400 / 25) = 4; allow for the two samples' different spreads.
    expect(w25 / w400).toBeGreaterThan(3);
    expect(w25 / w400).toBeLessThan(5.5);
  });

  it('is deterministic for a seed and varies a little between seeds', () => {
    const values = sample(60);
    expect(bootstrapMeanCI(values, { seed: 11 })).toEqual(bootstrapMeanCI(values, { seed: 11 }));
    const other = bootstrapMeanCI(values, { seed: 12 });
    expect(other.ci95).not.toEqual(bootstrapMeanCI(values, { seed: 11 }).ci95);
    expect(Math.abs(other.ci95[0] - bootstrapMeanCI(values, { seed: 11 }).ci95[0])).toBeLessThan(0.1);
  });

  it('widens with the confidence asked for', () => {
    const values = sample(100);
    const [lo90, hi90] = bootstrapMeanCI(values, { confidence: 0.9 }).ci95;
    const [lo99, hi99] = bootstrapMeanCI(values, { confidence: 0.99 }).ci95;
    expect(lo99).toBeLessThan(lo90);
    expect(hi99).toBeGreaterThan(hi90);
  });

  it('rejects bad options and non-finite values', () => {
    expect(() => bootstrapMeanCI([1, 2], { resamples: 0 })).toThrow('resamples must be a positive integer, got 0');
    expect(() => bootstrapMeanCI([1, 2], { confidence: 1 })).toThrow('confidence must be within (0, 1), got 1');
    expect(() => bootstrapMeanCI([1, Number.NaN])).toThrow('bootstrapMeanCI: value at index 1 is NaN');
  });
});

describe('pairedBootstrapDiffCI', () => {
  it('gives [0, 0] for identical samples', () => {
    const values = sample(30);
    expect(pairedBootstrapDiffCI(values, values)).toMatchObject({ mean: 0, ci95: [0, 0], n: 30 });
  });

  it('keeps pairs together: a shifted copy gives exactly the shift although each sample spreads widely', () => {
    const b = sample(40);
    const a = b.map((value) => value + 0.25);
    const result = pairedBootstrapDiffCI(a, b, { resamples: 1000 });
    expect(result.mean).toBeCloseTo(0.25, 12);
    expect(result.ci95[0]).toBeCloseTo(0.25, 12);
    expect(result.ci95[1]).toBeCloseTo(0.25, 12);
  });

  it('is the bootstrap interval of the differences', () => {
    const a = sample(50, 5);
    const b = sample(50, 6);
    const differences = a.map((value, i) => value - b[i]!);
    expect(pairedBootstrapDiffCI(a, b, { seed: 2 })).toEqual(bootstrapMeanCI(differences, { seed: 2 }));
  });

  it('refuses samples of different lengths', () => {
    expect(() => pairedBootstrapDiffCI([1, 2, 3], [1, 2])).toThrow(
      'pairedBootstrapDiffCI: paired samples must have the same length, got 3 and 2 values',
    );
  });
});
