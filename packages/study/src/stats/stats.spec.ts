import { bestThreshold } from './best-threshold.js';
import { pearson, ranks, spearman } from './correlation.js';
import { fleissKappa } from './fleiss-kappa.js';
import { wilsonRate } from './wilson.js';

describe('wilsonRate', () => {
  it('matches the Wilson score interval worked by hand', () => {
    const rate = wilsonRate(8, 10);
    expect(rate.rate).toBe(0.8);
    expect(rate.ci95[0]).toBeCloseTo(0.4902, 4);
    expect(rate.ci95[1]).toBeCloseTo(0.9433, 4);
    const none = wilsonRate(0, 10);
    expect(none.ci95[0]).toBe(0);
    expect(none.ci95[1]).toBeCloseTo(0.2775, 4);
  });

  it('knows nothing from no ratings', () => {
    expect(wilsonRate(0, 0)).toEqual({ yes: 0, n: 0, rate: Number.NaN, ci95: [0, 1] });
  });
});

describe('fleissKappa', () => {
  it('is 1 when raters always agree and both answers occur', () => {
    expect(fleissKappa([[3, 0], [0, 3], [3, 0], [0, 3]]).kappa).toBeCloseTo(1, 12);
  });

  it('matches a hand computation: P = 2/3, Pe = 1/2 -> 1/3', () => {
    const agreement = fleissKappa([[2, 1], [1, 2], [3, 0], [0, 3]]);
    expect(agreement.kappa).toBeCloseTo(1 / 3, 12);
    expect(agreement).toMatchObject({ subjects: 4, ratings: 12 });
  });

  it('lets subjects have different numbers of raters and leaves out those with one rating', () => {
    // Per subject: [4,0] -> 1, [1,1] -> 0, [2,1] -> 1/3; the single rating is ignored.
    const agreement = fleissKappa([[4, 0], [1, 1], [2, 1], [1, 0]]);
    const observed = (1 + 0 + 1 / 3) / 3;
    const pYes = 7 / 9;
    const expected = pYes ** 2 + (1 - pYes) ** 2;
    expect(agreement.kappa).toBeCloseTo((observed - expected) / (1 - expected), 12);
    expect(agreement.subjects).toBe(3);
  });

  it('is below 0 when raters disagree more than chance', () => {
    expect(fleissKappa([[1, 1], [1, 1], [1, 1]]).kappa).toBeLessThan(0);
  });

  it('is NaN without two ratings of one subject or with one answer only', () => {
    expect(fleissKappa([[1, 0]]).kappa).toBeNaN();
    expect(fleissKappa([[3, 0], [2, 0]]).kappa).toBeNaN();
  });
});

describe('correlation', () => {
  it('pearson is 1 on a line, -1 on a falling line, NaN without spread', () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(pearson([1, 2], [1, 2])).toBeNaN();
  });

  it('ranks share ties, and spearman sees any rising relation as 1', () => {
    expect(ranks([10, 20, 20, 30])).toEqual([1, 2.5, 2.5, 4]);
    expect(spearman([1, 2, 3, 4], [1, 4, 9, 16])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3, 4], [1, 4, 9, 16])).toBeLessThan(0.99);
  });
});

describe('bestThreshold', () => {
  it('finds the cut that reproduces most verdicts, the lowest of equally good ones', () => {
    const fit = bestThreshold([
      { score: 0.2, yes: false },
      { score: 0.4, yes: false },
      { score: 0.5, yes: true },
      { score: 0.6, yes: false },
      { score: 0.8, yes: true },
      { score: 0.9, yes: true },
    ])!;
    expect(fit.threshold).toBeCloseTo(0.45, 12);
    expect(fit.agreement).toBeCloseTo(5 / 6, 12);
    expect(fit.n).toBe(6);
  });

  it('puts the cut between the groups when they separate, and handles all-yes', () => {
    expect(bestThreshold([{ score: 0.1, yes: false }, { score: 0.3, yes: true }])!).toEqual({ threshold: 0.2, agreement: 1, n: 2 });
    expect(bestThreshold([{ score: 0.7, yes: true }, { score: 0.9, yes: true }])!.threshold).toBeLessThan(0.7);
    expect(bestThreshold([])).toBeUndefined();
  });
});
