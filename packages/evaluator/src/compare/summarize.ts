/**
 * A metric's mean and 95% interval over one stylizer's items. A rate (a metric on the 'rate' scale
 * whose values are all 0 or 1: success, re-detection, verification, top-1 agreement) gets Wilson's score
 * interval, which is never degenerate (22 of 22 gives [0.85, 1], the bootstrap [1, 1]); every other
 * metric gets the seeded percentile bootstrap.
 */
import { bootstrapMeanCI } from '../stats/bootstrap.js';
import { isBinary, wilsonOfBinary } from '../stats/proportion.js';
import type { ComparisonMetric, MetricSummary } from './types.js';

export interface SummarizeOptions {
  readonly resamples: number;
  readonly seed: number;
}

export function summarizeValues(values: readonly number[], metric: Pick<ComparisonMetric, 'scale'>, options: SummarizeOptions): MetricSummary {
  if (metric.scale === 'rate' && isBinary(values)) {
    const wilson = wilsonOfBinary(values);
    return { n: wilson.n, mean: wilson.rate, ci95: wilson.ci95, interval: 'wilson' };
  }
  const interval = bootstrapMeanCI(values, { resamples: options.resamples, seed: options.seed });
  return { n: interval.n, mean: interval.mean, ci95: interval.ci95, interval: 'bootstrap' };
}
