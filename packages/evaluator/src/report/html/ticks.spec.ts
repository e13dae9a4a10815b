import { niceTicks } from './ticks.js';

describe('niceTicks', () => {
  it('covers the range with steps of 1, 2 or 5 times a power of ten', () => {
    expect(niceTicks(0, 1)).toEqual({ domain: [0, 1], ticks: [0, 0.2, 0.4, 0.6, 0.8, 1] });
    expect(niceTicks(0.12, 0.87)).toEqual({ domain: [0, 1], ticks: [0, 0.2, 0.4, 0.6, 0.8, 1] });
    // Range 0.14 / 5 = 0.028: the next nice step is 0.05.
    expect(niceTicks(-0.03, 0.11)).toEqual({ domain: [-0.05, 0.15], ticks: [-0.05, 0, 0.05, 0.1, 0.15] });
    expect(niceTicks(0, 1234)).toEqual({ domain: [0, 1500], ticks: [0, 500, 1000, 1500] });
  });

  it('widens an empty range around its value', () => {
    expect(niceTicks(0, 0).domain).toEqual([-1, 1]);
    expect(niceTicks(1, 1).domain).toEqual([0.4, 1.6]);
  });
});
