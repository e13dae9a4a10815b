import { holmAdjust } from './holm.js';

describe('holmAdjust', () => {
  it('multiplies the i-th smallest p by (m - i + 1) and keeps the adjusted values monotone', () => {
    // Sorted: 0.01 (x3 = 0.03), 0.02 (x2 = 0.04), 0.04 (x1 = 0.04); returned in input order.
    expect(holmAdjust([0.04, 0.01, 0.02])).toEqual([0.04, 0.03, 0.04]);
    // 0.03 x 2 = 0.06 would fall below the running maximum 0.09 of 0.03 x 3: it is raised to 0.09.
    expect(holmAdjust([0.03, 0.03, 0.5])).toEqual([0.09, 0.09, 0.5]);
  });

  it('caps at 1 and leaves a single test alone', () => {
    expect(holmAdjust([0.6, 0.7])).toEqual([1, 1]);
    expect(holmAdjust([0.25])).toEqual([0.25]);
    expect(holmAdjust([])).toEqual([]);
  });

  it('rejects values that are not p-values', () => {
    expect(() => holmAdjust([0.1, Number.NaN])).toThrow('holmAdjust: p-value 1 is NaN');
  });
});
