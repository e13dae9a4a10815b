/**
 * Percentile-bootstrap confidence intervals for a mean and for a paired mean difference. Deterministic:
 * the same values and seed always give the same interval.
 */
import { meanOfFinite, percentileOfSorted } from './descriptive.js';
import { assertFinite } from './finite.js';
import { pairedDifferences } from './paired.js';
import { DEFAULT_SEED, mulberry32, randomIndex } from './random.js';

export interface BootstrapOptions {
  /** Number of bootstrap resamples (default 10,000). */
  readonly resamples?: number;
  /** Coverage of the interval, in (0, 1) (default 0.95). */
  readonly confidence?: number;
  /** Seed of the resampling stream (default DEFAULT_SEED). */
  readonly seed?: number;
}

export interface BootstrapInterval {
  /** The sample mean (of the differences, for a paired interval); NaN when there are no values. */
  readonly mean: number;
  /**
   * The percentile-bootstrap interval at `confidence` (named after SetMetric's field; it is the 95%
   * interval unless another confidence was asked for). [NaN, NaN] with no values; [v, v] with one value.
   */
  readonly ci95: readonly [number, number];
  readonly n: number;
  readonly confidence: number;
  readonly resamples: number;
}

/** Mean of `values` with a percentile-bootstrap interval: resample n values with replacement, take the mean, repeat. */
export function bootstrapMeanCI(values: ArrayLike<number>, options: BootstrapOptions = {}): BootstrapInterval {
  assertFinite(values, 'bootstrapMeanCI');
  return bootstrapFinite(values, options, 'bootstrapMeanCI');
}

/**
 * Mean of a[i] - b[i] with a percentile-bootstrap interval that resamples pair indices, so each pair
 * stays together (the right interval for one stylizer against another on the same faces).
 */
export function pairedBootstrapDiffCI(a: ArrayLike<number>, b: ArrayLike<number>, options: BootstrapOptions = {}): BootstrapInterval {
  return bootstrapFinite(pairedDifferences(a, b, 'pairedBootstrapDiffCI'), options, 'pairedBootstrapDiffCI');
}

function bootstrapFinite(values: ArrayLike<number>, options: BootstrapOptions, what: string): BootstrapInterval {
  const resamples = options.resamples ?? 10_000;
  const confidence = options.confidence ?? 0.95;
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError(`${what}: resamples must be a positive integer, got ${resamples}`);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`${what}: confidence must be within (0, 1), got ${confidence}`);
  const n = values.length;
  const result = (mean: number, lo: number, hi: number): BootstrapInterval => ({ mean, ci95: [lo, hi], n, confidence, resamples });
  if (n === 0) return result(Number.NaN, Number.NaN, Number.NaN);
  const sampleMean = meanOfFinite(values);
  if (n === 1) return result(sampleMean, sampleMean, sampleMean);

  // Resample deviations from the sample mean: a constant sample then gives exactly its value back.
  const deviations = new Float64Array(n);
  for (let i = 0; i < n; i++) deviations[i] = values[i]! - sampleMean;
  const random = mulberry32(options.seed ?? DEFAULT_SEED);
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let k = 0; k < n; k++) sum += deviations[randomIndex(random, n)]!;
    means[r] = sampleMean + sum / n;
  }
  means.sort();
  const tail = ((1 - confidence) / 2) * 100;
  return result(sampleMean, percentileOfSorted(means, tail), percentileOfSorted(means, 100 - tail));
}
