import { calibrateIdentityThreshold } from './calibrate.js';

describe('calibrateIdentityThreshold', () => {
  it('puts the threshold halfway across the gap when the scores separate', () => {
    // The reference measurement for mobileface: different-person max 0.49, cartoon same-person min 0.53.
    const result = calibrateIdentityThreshold([0.91, 0.53, 0.8, 0.67], [0.1, 0.3, 0.49]);
    expect(result).toEqual({
      threshold: expect.closeTo(0.51, 12),
      method: 'midpoint',
      falseAcceptRate: 0,
      falseRejectRate: 0,
      samePairs: 4,
      differentPairs: 3,
    });
  });

  it('takes the equal-error cut when the scores overlap', () => {
    // At 0.45: different {0.6} accepted (1/4), same {0.3} rejected (1/4); every other cut is unequal.
    const result = calibrateIdentityThreshold([0.3, 0.5, 0.7, 0.9], [0.1, 0.2, 0.4, 0.6]);
    expect(result.method).toBe('equal-error-rate');
    expect(result.threshold).toBeCloseTo(0.45, 12);
    expect(result.falseAcceptRate).toBe(0.25);
    expect(result.falseRejectRate).toBe(0.25);
  });

  it('prefers the cut with fewer total errors when the gaps tie', () => {
    // Same [0.5, 0.5], different [0.5]: at 0.5 FAR 1, FRR 0; just above, FAR 0, FRR 1; both gaps are 1,
    // both totals are 1, so the lower threshold stays.
    const result = calibrateIdentityThreshold([0.5, 0.5], [0.5]);
    expect(result).toMatchObject({ threshold: 0.5, falseAcceptRate: 1, falseRejectRate: 0 });
  });

  it('needs both kinds of pairs and finite scores', () => {
    expect(() => calibrateIdentityThreshold([], [0.1])).toThrow('needs same-person and different-person scores, got 0 and 1');
    expect(() => calibrateIdentityThreshold([0.5, Number.NaN], [0.1])).toThrow('value at index 1 is NaN');
  });
});
