import { OnnxRuntime } from '@geneava/core/onnx';
import { mulberry32 } from '../../stats/random.js';
import { averagePairwiseCosine, averagePairwiseCosineNaive, UnitVectorSum } from './mean-cosine.js';
import { meanPairwiseDistance, meanPairwiseDistanceNaive } from './mean-pairwise-distance.js';
import { sampleDistinct, samplePairs } from './pair-sampling.js';

function randomRows(rows: number, dim: number, seed: number): Float32Array {
  const next = mulberry32(seed);
  return Float32Array.from({ length: rows * dim }, () => next() * 4 - 1);
}
const rowsOf = (values: Float32Array, dim: number) => Array.from({ length: values.length / dim }, (_, i) => values.subarray(i * dim, (i + 1) * dim));

describe('average pairwise cosine through mean unit vectors', () => {
  it('equals the mean over every pair, whatever the vector lengths', () => {
    const a = rowsOf(randomRows(37, 12, 1), 12);
    const b = rowsOf(randomRows(23, 12, 2), 12);
    const sa = new UnitVectorSum(12);
    const sb = new UnitVectorSum(12);
    a.forEach((v) => sa.add(Float32Array.from(v, (x) => x * 7)));
    b.forEach((v) => sb.add(v));
    // Scaling by 7 in float32 rounds the inputs slightly, hence 1e-8 rather than 1e-12.
    expect(averagePairwiseCosine(sa, sb)).toBeCloseTo(averagePairwiseCosineNaive(a, b), 8);
  });

  it('is 0 for orthogonal sets, 1 for parallel ones, and not the cosine of the mean vectors', () => {
    const sum = (rows: number[][]) => {
      const s = new UnitVectorSum(2);
      rows.forEach((r) => s.add(r));
      return s;
    };
    expect(averagePairwiseCosine(sum([[1, 0], [3, 0]]), sum([[0, 2]]))).toBe(0);
    expect(averagePairwiseCosine(sum([[1, 1]]), sum([[2, 2], [5, 5]]))).toBeCloseTo(1, 12);
    // {(1,0), (0,1)} against itself: pair cosines 1, 0, 0, 1 average 0.5; the mean vectors (0.5, 0.5) have cosine 1.
    expect(averagePairwiseCosine(sum([[1, 0], [0, 1]]), sum([[1, 0], [0, 1]]))).toBeCloseTo(0.5, 12);
  });

  it('rejects zero vectors, wrong sizes and empty sets', () => {
    expect(() => new UnitVectorSum(2).add([0, 0], 'clip embedding of a.png')).toThrow('clip embedding of a.png: a zero or non-finite vector has no direction');
    expect(() => new UnitVectorSum(2).add([1, 2, 3])).toThrow('embedding: 3 values, expected 2');
    expect(averagePairwiseCosine(new UnitVectorSum(2), new UnitVectorSum(2))).toBeNaN();
  });
});

describe('mean pairwise Euclidean distance on the runtime', () => {
  const onnx = new OnnxRuntime();
  afterAll(() => onnx.dispose());

  it('matches a hand-computed case: (0,0),(3,4) against (0,0) and (6,8)', async () => {
    // Distances 0, 10, 5, 5: mean 5.
    const mean = await meanPairwiseDistance(onnx, Float32Array.from([0, 0, 3, 4]), Float32Array.from([0, 0, 6, 8]), 2, { device: 'cpu' });
    expect(mean).toBeCloseTo(5, 5);
  });

  it('agrees with nested loops across chunk boundaries, far from the origin', async () => {
    const dim = 16;
    // Shifted by 50 so the squared norms are large: the centring keeps float32 accurate.
    const a = randomRows(41, dim, 3).map((v) => v + 50);
    const b = randomRows(29, dim, 4).map((v) => v + 50);
    const fast = await meanPairwiseDistance(onnx, a, b, dim, { chunkRows: 8, device: 'cpu' });
    expect(fast).toBeCloseTo(meanPairwiseDistanceNaive(a, b, dim), 4);
    expect(onnx.openSessionCount).toBe(0);
  });

  it('gives 0 for identical single rows and NaN for an empty set', async () => {
    const row = Float32Array.from([1.1, 2.2, 3.3]);
    expect(await meanPairwiseDistance(onnx, row, row, 3, { device: 'cpu' })).toBe(0);
    expect(await meanPairwiseDistance(onnx, new Float32Array(0), row, 3)).toBeNaN();
    await expect(meanPairwiseDistance(onnx, Float32Array.from([1, 2]), row, 3)).rejects.toThrow('2 values do not split into rows of 3');
  });
});

describe('pair sampling', () => {
  const groups = [
    { name: 'joy', generated: [0, 1], reference: [10, 11, 12] },
    { name: 'sad', generated: [2], reference: [13] },
  ];

  it('enumerates every pair within groups when there are few enough, in order', () => {
    const all = samplePairs(groups, 100, 1);
    expect(all).toEqual({
      total: 7,
      sampled: false,
      pairs: [[0, 0, 10], [0, 0, 11], [0, 0, 12], [0, 1, 10], [0, 1, 11], [0, 1, 12], [1, 2, 13]],
    });
  });

  it('draws distinct pairs, the same ones for the same seed', () => {
    const sample = samplePairs(groups, 4, 7);
    expect(sample.sampled).toBe(true);
    expect(sample.total).toBe(7);
    expect(new Set(sample.pairs.map((p) => p.join())).size).toBe(4);
    expect(samplePairs(groups, 4, 7)).toEqual(sample);
  });

  it('picks each index with probability k / n', () => {
    const hits = new Array<number>(10).fill(0);
    const random = mulberry32(11);
    for (let run = 0; run < 4000; run++) for (const i of sampleDistinct(10, 3, random)) hits[i]!++;
    for (const count of hits) expect(count / 4000).toBeGreaterThan(0.27);
    for (const count of hits) expect(count / 4000).toBeLessThan(0.33);
    expect(() => sampleDistinct(3, 4, random)).toThrow('cannot draw 4 of 3');
  });
});
