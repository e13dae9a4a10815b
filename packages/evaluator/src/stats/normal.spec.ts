import { erfc, normalCdf, normalSf } from './normal.js';

describe('erfc', () => {
  // Reference values from C's erfc (Python math.erfc).
  const reference: Array<[number, number]> = [
    [0, 1],
    [0.1, 0.8875370839817152],
    [0.5, 0.4795001221869535],
    [1, 0.15729920705028513],
    [1.5, 0.033894853524689274],
    [2, 0.004677734981047265],
    [2.4, 0.0006885138966450789],
    [2.5, 0.0004069520174449589],
    [2.6, 0.00023603441652934908],
    [3, 2.2090496998585438e-5],
    [4, 1.541725790028002e-8],
    [5, 1.5374597944280351e-12],
    [8, 1.1224297172982928e-29],
    [-1, 1.842700792949715],
    [-2.7, 1.9998656672600594],
  ];

  it.each(reference)('erfc(%p) to 1e-12 relative', (x, expected) => {
    expect(Math.abs(erfc(x) - expected) / expected).toBeLessThan(1e-12);
  });

  it('underflows to 0 far out and keeps NaN', () => {
    expect(erfc(30)).toBe(0);
    expect(erfc(-30)).toBe(2);
    expect(erfc(Number.NaN)).toBeNaN();
  });
});

describe('normal distribution', () => {
  it('has the familiar quantiles', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 14);
    expect(normalSf(1.959963984540054)).toBeCloseTo(0.025, 14);
    expect(normalCdf(-3)).toBeCloseTo(0.0013498980316300933, 16);
  });

  it('keeps relative precision deep in the tail', () => {
    expect(Math.abs(normalSf(8) - 6.22096057427174e-16) / 6.22096057427174e-16).toBeLessThan(1e-12);
  });
});
