/**
 * Mean, standard deviation and percentiles. Inputs are checked to be finite; empty inputs give NaN
 * rather than throwing, since an empty group is a normal outcome (e.g. no face detected in any avatar).
 */
import { assertFinite } from './finite.js';

/**
 * Arithmetic mean. Sums deviations from the first value with Neumaier compensation: accurate for long
 * inputs, and exact for a constant sample (its mean is that constant, not a rounded neighbour).
 * NaN for an empty input.
 */
export function mean(values: ArrayLike<number>): number {
  assertFinite(values, 'mean');
  return meanOfFinite(values);
}

/** mean() without the finiteness check, for callers that already checked. */
export function meanOfFinite(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const shift = values[0]!;
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < n; i++) {
    const term = values[i]! - shift;
    const next = sum + term;
    compensation += Math.abs(sum) >= Math.abs(term) ? sum - next + term : term - next + sum;
    sum = next;
  }
  return shift + (sum + compensation) / n;
}

export interface StandardDeviationOptions {
  /** Delta degrees of freedom: 1 (default) is the sample standard deviation, 0 the population one (numpy's default). */
  readonly ddof?: number;
}

/** Standard deviation with divisor n - ddof; NaN when n - ddof <= 0. */
export function standardDeviation(values: ArrayLike<number>, options: StandardDeviationOptions = {}): number {
  const ddof = options.ddof ?? 1;
  if (!Number.isInteger(ddof) || ddof < 0) throw new RangeError(`standardDeviation: ddof must be a non-negative integer, got ${ddof}`);
  assertFinite(values, 'standardDeviation');
  const n = values.length;
  if (n - ddof <= 0) return Number.NaN;
  const m = meanOfFinite(values);
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const deviation = values[i]! - m;
    squares += deviation * deviation;
  }
  return Math.sqrt(squares / (n - ddof));
}

/**
 * The p-th percentile (p in [0, 100]) with linear interpolation between order statistics, numpy's
 * default ('linear', type 7 of Hyndman & Fan): position h = (n - 1) p / 100, value
 * x[floor(h)] + (h - floor(h)) (x[floor(h) + 1] - x[floor(h)]). NaN for an empty input.
 */
export function percentile(values: ArrayLike<number>, p: number): number {
  assertFinite(values, 'percentile');
  return percentileOfSorted(Float64Array.from(values).sort(), p);
}

/** percentile() of values already sorted ascending (no copy, no check). */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within [0, 100], got ${p}`);
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const position = ((n - 1) * p) / 100;
  const below = Math.floor(position);
  const lower = sorted[below]!;
  if (below === n - 1) return lower;
  const fraction = position - below;
  // lower + f (upper - lower) is exactly `lower` when the neighbours are equal (a constant sample stays constant).
  return fraction === 0 ? lower : lower + fraction * (sorted[below + 1]! - lower);
}
