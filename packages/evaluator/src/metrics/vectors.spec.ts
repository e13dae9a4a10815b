import { cosineSimilarity, euclideanDistance } from './vectors.js';

describe('cosineSimilarity', () => {
  it('matches hand-computed values', () => {
    expect(cosineSimilarity([1, 0, 0], [0.6, 0.8, 0])).toBeCloseTo(0.6, 12);
    // (3·4 + 4·3) / (5 · 5) = 24 / 25.
    expect(cosineSimilarity([3, 4], [4, 3])).toBeCloseTo(0.96, 12);
    expect(cosineSimilarity(new Float32Array([2, 0]), new Float32Array([-5, 0]))).toBe(-1);
  });

  it('stays within [-1, 1] for parallel vectors despite rounding', () => {
    const v = [0.1, 0.2, 0.3, 0.7, 0.9];
    expect(cosineSimilarity(v, v.map((x) => x * 3))).toBeLessThanOrEqual(1);
  });

  it('refuses mismatched, empty and zero vectors with the thing compared in the message', () => {
    expect(() => cosineSimilarity([1, 2], [1, 2, 3], 'identity embeddings (mobileface)')).toThrow(
      'identity embeddings (mobileface): cannot compare vectors of length 2 and 3',
    );
    expect(() => cosineSimilarity([], [])).toThrow('cannot compare empty vectors');
    expect(() => cosineSimilarity([0, 0], [1, 0])).toThrow('cosine is undefined for a zero vector');
    expect(() => cosineSimilarity([Number.NaN, 1], [1, 0])).toThrow(/non-finite|zero vector/);
  });
});

describe('euclideanDistance', () => {
  it('is the 3-4-5 triangle', () => {
    expect(euclideanDistance([0, 0], [3, 4])).toBe(5);
    expect(() => euclideanDistance([0], [1, 2])).toThrow('cannot compare vectors of length 1 and 2');
  });
});
