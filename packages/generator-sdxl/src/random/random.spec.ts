import { BatchGaussianStream, gaussian, gaussianBatch, GaussianStream } from './gaussian.js';
import { seedState, Xoshiro128StarStar } from './xoshiro128.js';

// Expected words below come from an independent Python transcription of the same algorithms
// (unbounded integers masked to 32 bits); the {1,2,3,4} vector is the reference implementation's.

describe('xoshiro128**', () => {
  it('matches the reference C implementation from state {1, 2, 3, 4}', () => {
    const rng = new Xoshiro128StarStar([1, 2, 3, 4]);
    const words = Array.from({ length: 10 }, () => rng.nextUint32());
    expect(words).toEqual([
      11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849, 3729100597, 4258142804,
    ]);
  });

  it('expands seeds with fmix32 over the golden-ratio Weyl sequence', () => {
    expect(seedState(0)).toEqual([2462723854, 1020716019, 454327756, 1275600319]);
    expect(seedState(42)).toEqual([939911724, 3948730756, 321366731, 3317318717]);
    expect(seedState(4294967295)).toEqual([920564995, 4230986166, 697614773, 1778835764]);
    const rng = Xoshiro128StarStar.fromSeed(42);
    expect(Array.from({ length: 4 }, () => rng.nextUint32())).toEqual([2837322924, 544945897, 479756282, 3500138142]);
  });

  it('rejects seeds that are not 32-bit unsigned integers and the all-zero state', () => {
    expect(() => seedState(-1)).toThrow(/0\.\.4294967295/);
    expect(() => seedState(2 ** 32)).toThrow(/0\.\.4294967295/);
    expect(() => seedState(1.5)).toThrow(/integer/);
    expect(() => new Xoshiro128StarStar([0, 0, 0, 0])).toThrow(/all zero/);
  });
});

describe('gaussian', () => {
  it('applies Box-Muller to the first two words: cosine value first, then sine', () => {
    // seed 0: words 3809008728, 1133695204 -> u1 = (w0 + 0.5)/2^32, u2 = w1/2^32.
    const [z0, z1] = gaussian(2, 0);
    expect(z0).toBeCloseTo(-0.04292575690705277, 6);
    expect(z1).toBeCloseTo(0.4881672902369392, 6);
    const [a, b] = gaussian(2, 42);
    expect(a).toBeCloseTo(0.6362302297130936, 6);
    expect(b).toBeCloseTo(0.6514422660125557, 6);
  });

  it('is deterministic per seed and differs between seeds', () => {
    expect(gaussian(64, 7)).toEqual(gaussian(64, 7));
    expect(gaussian(64, 7)).not.toEqual(gaussian(64, 8));
  });

  it('gives the same numbers however the draws are split into calls', () => {
    const whole = gaussian(9, 123);
    const stream = new GaussianStream(123);
    const pieces = [stream.normals(3), stream.normals(1), stream.normals(5)];
    expect(Float32Array.from(pieces.flatMap((piece) => Array.from(piece)))).toEqual(whole);
  });

  it('has mean 0 and variance 1 over a large sample', () => {
    const n = 200_000;
    const sample = gaussian(n, 2024);
    let sum = 0;
    let sumSquares = 0;
    let beyondTwo = 0;
    for (const value of sample) {
      sum += value;
      sumSquares += value * value;
      if (Math.abs(value) > 2) beyondTwo++;
    }
    const mean = sum / n;
    const variance = sumSquares / n - mean * mean;
    // Standard errors: 1/sqrt(n) = 0.0022 for the mean, sqrt(2/n) = 0.0032 for the variance.
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(variance - 1)).toBeLessThan(0.015);
    // P(|z| > 2) = 0.0455 for a standard normal.
    expect(beyondTwo / n).toBeCloseTo(0.0455, 2);
  });
});

describe('batch noise', () => {
  it('gives each image the noise of its own seed, whatever its batch', () => {
    const perImage = 7;
    const batch = gaussianBatch(perImage, [11, 22, 33]);
    expect(batch.subarray(0, 7)).toEqual(gaussian(perImage, 11));
    expect(batch.subarray(7, 14)).toEqual(gaussian(perImage, 22));
    expect(batch.subarray(14, 21)).toEqual(gaussian(perImage, 33));
    expect(gaussianBatch(perImage, [33])).toEqual(gaussian(perImage, 33));
  });

  it('keeps per-image streams going across calls (initial latents, then step noise)', () => {
    const source = new BatchGaussianStream([5, 6]);
    const first = source.normals(4);
    const second = source.normals(6);
    const alone = gaussian(5, 6);
    expect(first.subarray(2, 4)).toEqual(alone.subarray(0, 2));
    expect(second.subarray(3, 6)).toEqual(alone.subarray(2, 5));
  });

  it('rejects a request that does not split evenly over the batch', () => {
    expect(() => new BatchGaussianStream([1, 2]).normals(5)).toThrow(/evenly over a batch of 2/);
    expect(() => new BatchGaussianStream([])).toThrow(/at least one seed/);
  });
});
