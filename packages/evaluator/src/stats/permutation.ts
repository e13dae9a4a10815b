/**
 * Paired sign-flip permutation test of the mean difference (two-sided). Under the null hypothesis that
 * a and b are exchangeable within each pair, each difference d = a - b is as likely to have either sign;
 * p is the share of sign assignments whose |sum of d| is at least the observed one.
 *
 * - 'exact' enumerates all 2^n assignments (the observed one included), so the smallest possible p is
 *   2 / 2^n (the observed assignment and its mirror);
 * - 'monte-carlo' draws `resamples` random assignments and reports (1 + hits) / (1 + resamples), which
 *   counts the observed assignment and so never reports p = 0 (Phipson & Smyth 2010);
 * - 'auto' (default): exact up to 16 pairs, Monte Carlo beyond.
 */
import { meanOfFinite } from './descriptive.js';
import { pairedDifferences } from './paired.js';
import { DEFAULT_SEED, mulberry32 } from './random.js';

export interface PermutationOptions {
  /** Random assignments for the Monte Carlo method (default 10,000). */
  readonly resamples?: number;
  readonly seed?: number;
  readonly method?: 'auto' | 'exact' | 'monte-carlo';
}

export interface PermutationResult {
  /** Mean of a[i] - b[i]; NaN with no pairs. */
  readonly meanDiff: number;
  /** Two-sided p-value; 1 with no pairs (no evidence of a difference). */
  readonly p: number;
  readonly n: number;
  readonly method: 'exact' | 'monte-carlo';
  /** Assignments evaluated: 2^n for 'exact', the resample count for 'monte-carlo'. */
  readonly assignments: number;
}

export const PERMUTATION_EXACT_MAX_N = 16;
/** Enumeration beyond this is refused even when asked for. */
const EXACT_LIMIT = 20;

export function pairedPermutationTest(a: ArrayLike<number>, b: ArrayLike<number>, options: PermutationOptions = {}): PermutationResult {
  const differences = pairedDifferences(a, b, 'pairedPermutationTest');
  const n = differences.length;
  const method = chooseMethod(options.method ?? 'auto', n);
  if (n === 0) return { meanDiff: Number.NaN, p: 1, n, method, assignments: 0 };

  const observed = Math.abs(sumOf(differences));
  // Sums equal in exact arithmetic can differ in the last bits depending on the order of additions;
  // treat anything within a few ulps of the observed magnitude as "at least as extreme".
  const scale = differences.reduce((sum, d) => sum + Math.abs(d), 0);
  const threshold = observed - 1e-12 * scale;
  const meanDiff = meanOfFinite(differences);

  if (method === 'exact') {
    const assignments = 2 ** n;
    let hits = 0;
    for (let mask = 0; mask < assignments; mask++) {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += mask & (1 << i) ? -differences[i]! : differences[i]!;
      if (Math.abs(sum) >= threshold) hits++;
    }
    return { meanDiff, p: hits / assignments, n, method, assignments };
  }

  const resamples = options.resamples ?? 10_000;
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError(`pairedPermutationTest: resamples must be a positive integer, got ${resamples}`);
  const random = mulberry32(options.seed ?? DEFAULT_SEED);
  let hits = 0;
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += random() < 0.5 ? -differences[i]! : differences[i]!;
    if (Math.abs(sum) >= threshold) hits++;
  }
  return { meanDiff, p: (1 + hits) / (1 + resamples), n, method, assignments: resamples };
}

function chooseMethod(requested: 'auto' | 'exact' | 'monte-carlo', n: number): 'exact' | 'monte-carlo' {
  if (requested === 'monte-carlo') return 'monte-carlo';
  if (requested === 'exact') {
    if (n > EXACT_LIMIT) throw new RangeError(`pairedPermutationTest: exact p needs 2^${n} sign assignments; use 'monte-carlo' above ${EXACT_LIMIT} pairs`);
    return 'exact';
  }
  return n <= PERMUTATION_EXACT_MAX_N ? 'exact' : 'monte-carlo';
}

function sumOf(values: Float64Array): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum;
}
