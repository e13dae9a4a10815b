import { alphaSigma, clipToRange, originalSampleValue, writeOriginalSample } from './prediction.js';

describe('scheduler prediction helpers', () => {
  // x = α·x0 + σ·ε with α² + σ² = 1; v = α·ε − σ·x0.
  const alpha = 0.8;
  const sigma = 0.6;
  const x0 = 0.5;
  const eps = -1.25;
  const x = alpha * x0 + sigma * eps;

  it('recovers x0 from an ε, a v and a sample prediction', () => {
    expect(originalSampleValue('epsilon', x, eps, alpha, sigma)).toBeCloseTo(x0, 12);
    expect(originalSampleValue('v_prediction', x, alpha * eps - sigma * x0, alpha, sigma)).toBeCloseTo(x0, 12);
    expect(originalSampleValue('sample', x, x0, alpha, sigma)).toBe(x0);
  });

  it('writes the same values element by element into the target', () => {
    const sample = Float32Array.of(x, 0.25, -2);
    const output = Float32Array.of(eps, 1, 0.5);
    const target = new Float32Array(3);
    writeOriginalSample('epsilon', output, sample, alpha, sigma, target);
    expect(Array.from(target)).toEqual(Array.from(sample, (value, i) => Math.fround((value - sigma * output[i]!) / alpha)));
  });

  it('maps a noise level σ to α_t = 1/sqrt(σ²+1), σ_t = σ·α_t and λ = log(α_t/σ_t)', () => {
    const point = alphaSigma(0.75);
    expect(point.alpha).toBeCloseTo(0.8, 12);
    expect(point.sigma).toBeCloseTo(0.6, 12);
    expect(point.lambda).toBeCloseTo(Math.log(0.8 / 0.6), 12);
    expect(alphaSigma(0)).toEqual({ alpha: 1, sigma: 0, lambda: Infinity });
  });

  it('clips to the symmetric range and leaves values inside it alone', () => {
    expect(clipToRange(1.5, 1)).toBe(1);
    expect(clipToRange(-3, 2)).toBe(-2);
    expect(clipToRange(0.25, 1)).toBe(0.25);
  });
});
