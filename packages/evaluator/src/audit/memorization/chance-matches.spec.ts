import { OnnxRuntime } from '@geneava/core/onnx';
import { mulberry32, type Random } from '../../stats/random.js';
import { binomialUpper95, chanceMatches, probabilityAnyExceeds } from './chance-matches.js';
import { nearestNeighbours, nearestNeighboursNaive } from './nearest-neighbours.js';

/** Standard normal draws (Box-Muller). */
function normal(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** `count` unrelated "faces": isotropic Gaussian embeddings, so their cosines follow one fixed F. */
function faces(count: number, dim: number, random: Random): Float32Array {
  return Float32Array.from({ length: count * dim }, () => normal(random));
}

describe('chance matches', () => {
  it('gives 1 - (1 - p)^n without cancellation', () => {
    expect(probabilityAnyExceeds(0.5, 2)).toBeCloseTo(0.75, 15);
    expect(probabilityAnyExceeds(1e-12, 1000) / 1e-9).toBeCloseTo(1, 6);
    expect(probabilityAnyExceeds(0, 1e6)).toBe(0);
    expect(probabilityAnyExceeds(1, 3)).toBe(1);
  });

  it('bounds a binomial rate from above: 0 of n by about 3/n, and exactly for small n', () => {
    expect(binomialUpper95(0, 1e8)).toBeCloseTo(2.9957e-8, 11); // -ln(0.05) / n
    // Clopper-Pearson one-sided 95% for 1 of 10: 1 - P(X <= 1) = 0.95 at p = 0.3942.
    expect(binomialUpper95(1, 10)).toBeCloseTo(0.3942, 4);
    expect(binomialUpper95(5000, 1e6)).toBeCloseTo(0.005 + 1.6449 * Math.sqrt(0.005 * 0.995 / 1e6), 6);
    expect(binomialUpper95(3, 3)).toBe(1);
  });

  it("leaves out each face's nearest pair and inverts the exact expectation of what is left", () => {
    // Counts 3, 0, 1 against N = 11: max(c - 1, 0) sums to 2, a mean of 2/3 per face.
    const estimate = chanceMatches([3, 0, 1], 11);
    expect(estimate).toMatchObject({ faces: 3, references: 11, pairs: 30, exceedances: 2 });
    const p = estimate.perPairRate;
    expect(11 * p - (1 - (1 - p) ** 11)).toBeCloseTo(2 / 3, 9);
    expect(estimate.perFaceProbability).toBeCloseTo(1 - (1 - p) ** 11, 12);
    expect(estimate.expected).toBeCloseTo(3 * estimate.perFaceProbability, 12);
    expect(estimate.expectedUpper95).toBeGreaterThan(estimate.expected);
    expect(() => chanceMatches([12], 11)).toThrow('chance matches: count 12 for face 0 is not in [0, 11]');
    expect(() => chanceMatches([1], 0)).toThrow('reference set size must be a positive integer, got 0');
  });

  it('says nothing is known from zero exceedances but bounds it', () => {
    const estimate = chanceMatches(new Array<number>(1000).fill(0), 10000);
    expect(estimate.expected).toBe(0);
    // No face has even one reference above t: the bound is what 1000 faces x 10000 references allow.
    expect(estimate.expectedUpper95).toBeGreaterThan(0);
    expect(estimate.expectedUpper95).toBeLessThan(1000);
  });

  it('matches P(best of N reaches t) = 1 - F(t)^N on scores drawn from a known F', () => {
    // Scores uniform on [0, 1]: F(t) = t. 4000 faces against N = 20 references at t = 0.95: the
    // formula says 1 - 0.95^20 = 64.2% of the faces have a best score above t. The estimate, made
    // without knowing F, must find p = 0.05 and the flagged count.
    const random = mulberry32(11);
    const queries = 4000;
    const n = 20;
    const t = 0.95;
    let flagged = 0;
    const above: number[] = [];
    for (let q = 0; q < queries; q++) {
      let count = 0;
      for (let r = 0; r < n; r++) if (random() >= t) count++;
      above.push(count);
      if (count > 0) flagged++;
    }
    // Standard error of `flagged`: sqrt(4000 x 0.642 x 0.358) = 30.
    expect(Math.abs(flagged - queries * (1 - t ** n))).toBeLessThan(4 * 30);
    const estimate = chanceMatches(above, n);
    expect(estimate.perPairRate).toBeGreaterThan(0.045);
    expect(estimate.perPairRate).toBeLessThan(0.055);
    expect(Math.abs(estimate.expected - flagged) / flagged).toBeLessThan(0.06);
    expect(estimate.perPairRateUpper95).toBeGreaterThan(estimate.perPairRate);
  });

  it('predicts how many unrelated faces a search flags, and that more references flag more', async () => {
    // Unrelated 16-d faces: no one is anyone else, so every flag is a chance match. The estimate made
    // from each search must match what it flags, for each reference-set size.
    const onnx = new OnnxRuntime();
    try {
      const dim = 16;
      const t = 0.62;
      const random = mulberry32(5);
      const queries = faces(300, dim, random);
      const flaggedBySize: number[] = [];
      for (const n of [200, 1500]) {
        const estimates: number[] = [];
        const flagged: number[] = [];
        for (let trial = 0; trial < 3; trial++) {
          const refs = faces(n, dim, random);
          const nn = await nearestNeighbours(onnx, queries, refs, dim, { countAbove: t, device: 'cpu' });
          const naive = nearestNeighboursNaive(queries, refs, dim);
          expect(Array.from(nn.index)).toEqual(Array.from(naive.index));
          estimates.push(chanceMatches(nn.above!, n).expected);
          flagged.push(Array.from(nn.similarity).filter((s) => s >= t).length);
        }
        const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
        expect(Math.abs(mean(estimates) - mean(flagged)) / mean(flagged)).toBeLessThan(0.1);
        flaggedBySize.push(mean(flagged));
      }
      expect(flaggedBySize[1]).toBeGreaterThan(flaggedBySize[0]! * 1.5);
    } finally {
      await onnx.dispose();
    }
  });

  it('counts the references at or above, or strictly above, a threshold in the search graph', async () => {
    const onnx = new OnnxRuntime();
    try {
      // Query (1, 0) against references at cosines exactly 1, 1, 0 and -1 (exact in float32).
      const queries = Float32Array.of(1, 0);
      const references = Float32Array.of(1, 0, 1, 0, 0, 1, -1, 0);
      const count = async (countAbove: number, countStrictly: boolean) => (await nearestNeighbours(onnx, queries, references, 2, { countAbove, countStrictly, device: 'cpu' })).above![0];
      expect(await count(1, false)).toBe(2);
      expect(await count(1, true)).toBe(0);
      expect(await count(0, false)).toBe(3);
      expect(await count(0, true)).toBe(2);
      expect(await count(-1, false)).toBe(4);
      expect((await nearestNeighbours(onnx, queries, references, 2, { device: 'cpu' })).above).toBeUndefined();
      await expect(nearestNeighbours(onnx, queries, references, 2, { countAbove: Number.NaN })).rejects.toThrow('countAbove must be finite, got NaN');
    } finally {
      await onnx.dispose();
    }
  });
});
