import { OnnxRuntime } from '@geneava/core/onnx';
import { mulberry32 } from '../../stats/random.js';
import { nearestNeighbours, nearestNeighboursNaive, normalizeRows } from './nearest-neighbours.js';

function randomEmbeddings(rows: number, dim: number, seed: number): Float32Array {
  const next = mulberry32(seed);
  return Float32Array.from({ length: rows * dim }, () => next() * 2 - 1);
}

describe('nearestNeighbours', () => {
  const onnx = new OnnxRuntime();
  afterAll(() => onnx.dispose());

  it('finds hand-computed neighbours by cosine, whatever the vector lengths', async () => {
    // queries: (1,0) and (1,1); references: (0,2), (3,0.3), (-1,-1)
    const queries = Float32Array.from([1, 0, 1, 1]);
    const references = Float32Array.from([0, 2, 3, 0.3, -1, -1]);
    const result = await nearestNeighbours(onnx, queries, references, 2, { device: 'cpu' });
    expect(Array.from(result.index)).toEqual([1, 1]);
    expect(result.similarity[0]).toBeCloseTo(3 / Math.hypot(3, 0.3), 6);
    expect(result.similarity[1]).toBeCloseTo((3 + 0.3) / (Math.SQRT2 * Math.hypot(3, 0.3)), 6);
  });

  it('agrees with the naive loop across chunk boundaries', async () => {
    const dim = 16;
    const queries = randomEmbeddings(103, dim, 1);
    const references = randomEmbeddings(57, dim, 2);
    const fast = await nearestNeighbours(onnx, queries, references, dim, { device: 'cpu', chunkRows: 10 });
    const naive = nearestNeighboursNaive(queries, references, dim);
    expect(Array.from(fast.index)).toEqual(Array.from(naive.index));
    for (let i = 0; i < 103; i++) expect(fast.similarity[i]).toBeCloseTo(naive.similarity[i], 5);
  });

  it('releases its session and rejects malformed input', async () => {
    await nearestNeighbours(onnx, Float32Array.from([1, 0]), Float32Array.from([0, 1]), 2, { device: 'cpu' });
    expect(onnx.openSessionCount).toBe(0);
    expect(() => normalizeRows(Float32Array.from([1, 2, 3]), 2)).toThrow('embeddings: 3 values do not split into rows of 2');
    await expect(nearestNeighbours(onnx, Float32Array.from([1, 0]), new Float32Array(0), 2)).rejects.toThrow('reference set is empty');
  });
});
