import { mean, percentile, standardDeviation } from './descriptive.js';

describe('mean', () => {
  it('averages', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(mean(new Float32Array([0.5, 1.5]))).toBe(1);
  });

  it('returns a constant sample exactly', () => {
    // A naive sum of ten 0.1s is 0.9999999999999999; the mean must still be 0.1.
    expect(mean(new Array<number>(10).fill(0.1))).toBe(0.1);
    expect(mean(new Array<number>(1001).fill(0.7))).toBe(0.7);
  });

  it('keeps precision on a large offset', () => {
    expect(mean([1e9 + 1, 1e9 + 2, 1e9 + 3])).toBe(1e9 + 2);
  });

  it('is NaN for no values and rejects non-finite ones', () => {
    expect(mean([])).toBeNaN();
    expect(() => mean([1, Number.NaN])).toThrow('mean: value at index 1 is NaN');
    expect(() => mean([Infinity])).toThrow('value at index 0 is Infinity');
  });
});

describe('standardDeviation', () => {
  // The classic example: mean 5, squared deviations sum to 32.
  const data = [2, 4, 4, 4, 5, 5, 7, 9];

  it('sample (n - 1) by default and population with ddof 0', () => {
    expect(standardDeviation(data)).toBeCloseTo(Math.sqrt(32 / 7), 15); // 2.138089935299395
    expect(standardDeviation(data, { ddof: 0 })).toBe(2);
  });

  it('is NaN when n - ddof <= 0 and 0 for a constant sample', () => {
    expect(standardDeviation([3])).toBeNaN();
    expect(standardDeviation([], { ddof: 0 })).toBeNaN();
    expect(standardDeviation([3], { ddof: 0 })).toBe(0);
    expect(standardDeviation([0.1, 0.1, 0.1])).toBe(0);
  });

  it('rejects a bad ddof', () => {
    expect(() => standardDeviation(data, { ddof: -1 })).toThrow('ddof must be a non-negative integer');
  });
});

describe('percentile (numpy linear)', () => {
  it('interpolates between order statistics', () => {
    // h = 3 · 0.25 = 0.75 → 1 + 0.75 · (2 - 1).
    expect(percentile([4, 3, 2, 1], 25)).toBe(1.75);
    // h = 4 · 0.4 = 1.6 → 20 + 0.6 · (35 - 20) = 29.
    expect(percentile([15, 20, 35, 40, 50], 40)).toBeCloseTo(29, 12);
    expect(percentile([3, 1, 2], 50)).toBe(2);
    // h = 9 · 0.025 = 0.225 → 1.225; h = 9 · 0.975 = 8.775 → 9.775.
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 2.5)).toBeCloseTo(1.225, 12);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 97.5)).toBeCloseTo(9.775, 12);
  });

  it('gives the extremes at 0 and 100 and the value itself for one value', () => {
    expect(percentile([5, -1, 3], 0)).toBe(-1);
    expect(percentile([5, -1, 3], 100)).toBe(5);
    expect(percentile([7], 90)).toBe(7);
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    percentile(values, 50);
    expect(values).toEqual([3, 1, 2]);
  });

  it('is NaN for no values and rejects p outside [0, 100]', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], 101)).toThrow('percentile must be within [0, 100], got 101');
    expect(() => percentile([1], Number.NaN)).toThrow('percentile must be within [0, 100]');
  });
});
