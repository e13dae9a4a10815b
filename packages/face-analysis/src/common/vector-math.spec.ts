import { argmax, cosineSimilarity, l2Normalize, sigmoid, softmax } from './vector-math.js';

describe('vector math', () => {
  it('normalises to unit length and leaves zero vectors at zero', () => {
    expect(Array.from(l2Normalize([3, 4]))).toEqual([0.6, 0.8].map(Math.fround));
    expect(Array.from(l2Normalize([0, 0]))).toEqual([0, 0]);
  });

  it('computes cosine similarity', () => {
    expect(cosineSimilarity([1, 0], [1, 1])).toBeCloseTo(Math.SQRT1_2, 12);
    expect(cosineSimilarity([1, 2], [-1, -2])).toBeCloseTo(-1, 12);
    expect(cosineSimilarity([0, 0], [1, 1])).toBe(0);
    expect(() => cosineSimilarity([1], [1, 2])).toThrow(/lengths/);
  });

  it('softmax is stable for large logits and sums to 1', () => {
    const p = softmax([1000, 1000 + Math.log(3)]);
    expect(p[0]).toBeCloseTo(0.25, 12);
    expect(p[1]).toBeCloseTo(0.75, 12);
  });

  it('sigmoid and argmax', () => {
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoid(Math.log(3))).toBeCloseTo(0.75, 12);
    expect(argmax([1, 5, 5, 2])).toBe(1);
    expect(argmax([])).toBe(-1);
  });
});
