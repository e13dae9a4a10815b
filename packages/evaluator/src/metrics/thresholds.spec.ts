import { DEFAULT_IDENTITY_THRESHOLDS, resolveIdentityThresholds } from './thresholds.js';

describe('identity thresholds', () => {
  it('defaults to the documented cuts for mobileface and arcface, none for faceres', () => {
    expect(DEFAULT_IDENTITY_THRESHOLDS['mobileface']!.threshold).toBe(0.51);
    expect(DEFAULT_IDENTITY_THRESHOLDS['arcface']!.threshold).toBe(0.28);
    expect(DEFAULT_IDENTITY_THRESHOLDS['faceres']).toBeUndefined();
  });

  it('lets overrides replace and add models, and marks them configured', () => {
    const resolved = resolveIdentityThresholds({ mobileface: 0.45, faceres: 0.7 });
    expect(resolved['mobileface']).toEqual({ threshold: 0.45, basis: 'configured' });
    expect(resolved['faceres']).toEqual({ threshold: 0.7, basis: 'configured' });
    expect(resolved['arcface']!.threshold).toBe(0.28);
  });

  it('refuses a threshold outside the range of a cosine', () => {
    expect(() => resolveIdentityThresholds({ arcface: 1.5 })).toThrow('identity threshold for arcface must be a cosine in [-1, 1], got 1.5');
    expect(() => resolveIdentityThresholds({ arcface: Number.NaN })).toThrow('got NaN');
  });
});
