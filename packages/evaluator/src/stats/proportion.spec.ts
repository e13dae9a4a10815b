import { normalQuantile } from './normal-quantile.js';
import { isBinary, newcombePairedDifference, wilsonInterval, wilsonOfBinary } from './proportion.js';

describe('normalQuantile', () => {
  it.each([
    [0.975, 1.959963984540054],
    [0.5, 0],
    [0.995, 2.5758293035489004],
    [0.001, -3.090232306167813],
    [1e-10, -6.361340902404056],
  ])('Φ⁻¹(%f) = %f (scipy.stats.norm.ppf)', (p, expected) => {
    expect(normalQuantile(p)).toBeCloseTo(expected, 9);
  });

  it('rejects p outside (0, 1)', () => {
    expect(() => normalQuantile(1)).toThrow('normalQuantile: p must be within (0, 1), got 1');
  });
});

describe('wilsonInterval', () => {
  // References: statsmodels.stats.proportion.proportion_confint(k, n, method='wilson').
  it.each([
    [22, 22, 0.8513451, 1],
    [0, 10, 0, 0.2775328],
    [7, 10, 0.3967781, 0.8922087],
    [1, 3, 0.0614919, 0.7923404],
    [50, 100, 0.4038315, 0.5961685],
  ])('%i of %i gives [%f, %f]', (k, n, lo, hi) => {
    const { ci95, rate } = wilsonInterval(k, n);
    expect(rate).toBeCloseTo(k / n, 12);
    expect(ci95[0]).toBeCloseTo(lo, 6);
    expect(ci95[1]).toBeCloseTo(hi, 6);
  });

  it('never gives a zero-width interval for n > 0, and NaN bounds for n = 0', () => {
    for (const [k, n] of [[1, 1], [0, 1], [5, 5]] as const) {
      const [lo, hi] = wilsonInterval(k, n).ci95;
      expect(hi - lo).toBeGreaterThan(0.1);
    }
    expect(wilsonInterval(0, 0).ci95).toEqual([Number.NaN, Number.NaN]);
  });

  it('rejects impossible counts with a message naming them', () => {
    expect(() => wilsonInterval(3, 2)).toThrow('wilsonInterval: k must be an integer in [0, n = 2], got 3');
    expect(() => wilsonInterval(1, -1)).toThrow('wilsonInterval: n must be a non-negative integer, got -1');
  });
});

describe('binary samples', () => {
  it('recognises 0/1 samples and counts their successes', () => {
    expect(isBinary([0, 1, 1])).toBe(true);
    expect(isBinary([0, 0.5])).toBe(false);
    expect(isBinary([])).toBe(false);
    expect(wilsonOfBinary([1, 1, 0, 1, 1, 1, 1, 0, 1, 0])).toMatchObject({ k: 7, n: 10 });
    expect(() => wilsonOfBinary([0.3])).toThrow('wilsonOfBinary: every value must be 0 or 1');
  });
});

describe('newcombePairedDifference', () => {
  const ones = [1, 1, 1, 1, 1, 1];
  const zeros = [0, 0, 0, 0, 0, 0];

  it('is never zero-width: 6 of 6 against 0 of 6 is [+0.448, +1], from the two Wilson intervals', () => {
    const { diff, ci95 } = newcombePairedDifference(ones, zeros);
    expect(diff).toBe(1);
    // Wilson for 0 of 6 reaches 0.39034 and 6 of 6 starts there too; phi is 0 (empty margins).
    expect(ci95[0]).toBeCloseTo(1 - Math.SQRT2 * 0.39034, 4);
    expect(ci95[1]).toBe(1);
    expect(newcombePairedDifference(zeros, ones).ci95[0]).toBe(-1);
  });

  it('gives two stylizers that agree on every item an interval around 0, narrowing with more items', () => {
    const six = newcombePairedDifference(ones, ones).ci95;
    expect(six[0]).toBeCloseTo(-0.39034, 4);
    expect(six[1]).toBeCloseTo(0.39034, 4);
    const many = newcombePairedDifference(new Array(60).fill(1), new Array(60).fill(1)).ci95;
    expect(many[1]).toBeLessThan(six[1] / 3);
  });

  it('uses the pairing: agreement on most items narrows the interval against unpaired outcomes', () => {
    // Same margins (5 of 10 against 4 of 10), concordant pairs against discordant ones.
    const paired = newcombePairedDifference([1, 1, 1, 1, 1, 0, 0, 0, 0, 0], [1, 1, 1, 1, 0, 0, 0, 0, 0, 0]).ci95;
    const crossed = newcombePairedDifference([1, 1, 1, 1, 1, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 1, 1, 1, 1, 0]).ci95;
    expect(paired[1] - paired[0]).toBeLessThan(crossed[1] - crossed[0]);
    expect(paired[0]).toBeLessThan(0.1);
    expect(paired[1]).toBeGreaterThan(0.1);
  });

  it('refuses unpaired or non-binary outcomes', () => {
    expect(() => newcombePairedDifference([1, 0], [1])).toThrow('newcombePairedDifference: 2 and 1 outcomes are not pairs');
    expect(() => newcombePairedDifference([0.5], [1])).toThrow('newcombePairedDifference: every outcome must be 0 or 1');
  });
});
