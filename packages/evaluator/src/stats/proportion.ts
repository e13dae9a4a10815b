/**
 * Intervals for a proportion (k successes out of n): Wilson's score interval (Wilson 1927), the
 * interval that inverts the score test. Unlike the percentile bootstrap it is never degenerate: 22 of 22
 * gives [0.851, 1], not [1, 1], and 0 of n gives [0, upper]. Coverage is close to nominal from n of
 * about 10 (Brown, Cai & DasGupta 2001).
 */
import { normalQuantile } from './normal-quantile.js';

export interface ProportionInterval {
  readonly k: number;
  readonly n: number;
  /** k / n (NaN when n = 0). */
  readonly rate: number;
  readonly ci95: readonly [number, number];
  readonly confidence: number;
}

/** Wilson score interval; n = 0 gives NaN bounds. */
export function wilsonInterval(k: number, n: number, confidence = 0.95): ProportionInterval {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`wilsonInterval: n must be a non-negative integer, got ${n}`);
  if (!Number.isInteger(k) || k < 0 || k > n) throw new RangeError(`wilsonInterval: k must be an integer in [0, n = ${n}], got ${k}`);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`wilsonInterval: confidence must be within (0, 1), got ${confidence}`);
  if (n === 0) return { k, n, rate: Number.NaN, ci95: [Number.NaN, Number.NaN], confidence };
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p = k / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n));
  // The bounds are exactly 0 and 1 at k = 0 and k = n; clamping removes rounding just outside.
  const lo = k === 0 ? 0 : Math.max(0, centre - half);
  const hi = k === n ? 1 : Math.min(1, centre + half);
  return { k, n, rate: p, ci95: [lo, hi], confidence };
}

/** Whether every value is 0 or 1 (a sample of successes and failures), and there is at least one. */
export function isBinary(values: ArrayLike<number>): boolean {
  if (values.length === 0) return false;
  for (let i = 0; i < values.length; i++) if (values[i] !== 0 && values[i] !== 1) return false;
  return true;
}

/** Wilson interval of a 0/1 sample (its sum out of its length). */
export function wilsonOfBinary(values: ArrayLike<number>, confidence = 0.95): ProportionInterval {
  if (!isBinary(values)) throw new RangeError('wilsonOfBinary: every value must be 0 or 1');
  let k = 0;
  for (let i = 0; i < values.length; i++) k += values[i]!;
  return wilsonInterval(k, values.length, confidence);
}

/**
 * Newcombe's hybrid score interval for the difference of two paired proportions (Newcombe 1998, "Improved
 * confidence intervals for the difference between binomial proportions based on paired data", method
 * 10): each rate's Wilson interval, combined with the correlation of the pairs. xs[i] and ys[i] are one
 * item's 0/1 outcomes. Unlike a bootstrap of the differences it is never degenerate: 6 of 6 against 0 of
 * 6 reads [+0.45, +1], not [+1, +1], and two stylizers that agree on every item get an interval around 0
 * that shrinks only as items accumulate.
 */
export function newcombePairedDifference(xs: ArrayLike<number>, ys: ArrayLike<number>, confidence = 0.95): { readonly diff: number; readonly ci95: readonly [number, number] } {
  if (xs.length !== ys.length) throw new RangeError(`newcombePairedDifference: ${xs.length} and ${ys.length} outcomes are not pairs`);
  if (!isBinary(xs) || !isBinary(ys)) throw new RangeError('newcombePairedDifference: every outcome must be 0 or 1');
  const n = xs.length;
  let both = 0;
  let onlyX = 0;
  let onlyY = 0;
  for (let i = 0; i < n; i++) {
    if (xs[i] === 1 && ys[i] === 1) both++;
    else if (xs[i] === 1) onlyX++;
    else if (ys[i] === 1) onlyY++;
  }
  const neither = n - both - onlyX - onlyY;
  const x = wilsonInterval(both + onlyX, n, confidence);
  const y = wilsonInterval(both + onlyY, n, confidence);
  const product = (both + onlyX) * (onlyY + neither) * (both + onlyY) * (onlyX + neither);
  // Correlation of the pairs (phi); 0 when a margin is empty, as Newcombe sets it.
  const phi = product === 0 ? 0 : (both * neither - onlyX * onlyY) / Math.sqrt(product);
  const [lx, ux] = x.ci95;
  const [ly, uy] = y.ci95;
  const diff = x.rate - y.rate;
  const below = Math.sqrt(Math.max(0, (x.rate - lx) ** 2 - 2 * phi * (x.rate - lx) * (uy - y.rate) + (uy - y.rate) ** 2));
  const above = Math.sqrt(Math.max(0, (ux - x.rate) ** 2 - 2 * phi * (ux - x.rate) * (y.rate - ly) + (y.rate - ly) ** 2));
  return { diff, ci95: [Math.max(-1, diff - below), Math.min(1, diff + above)] };
}
