/**
 * How many generated faces would be flagged by chance alone. A generated face is flagged when the best
 * of N reference faces reaches the threshold t; for unrelated faces with per-pair score distribution F,
 * P(best of N reaches t) = 1 - F(t)^N, which grows with N: a bigger reference set flags more faces that
 * resemble no one in it. The expected number of chance matches is that probability summed over the
 * generated faces.
 *
 * p = 1 - F(t) is estimated from the audit's own different-person scores: the (generated, reference)
 * pairs other than each generated face's nearest reference, the one pair that could be the same person
 * (so a memorized face does not raise its own chance estimate). Leaving out the best pair of every row
 * biases a plain count low (it removes exactly the pairs that reached t), so the estimate inverts the
 * exact expectation instead: if a face's count c of references reaching t is Binomial(N, p), then
 * E[max(c - 1, 0)] = N p - (1 - (1 - p)^N); p solves that equation for the observed mean. Tested against
 * simulated unrelated faces (chance-matches.spec.ts). When few faces have two or more references above
 * t the estimate is noisy (often 0), and the upper 95% bound is the number to read.
 */

export interface ChanceMatchEstimate {
  /** Generated faces the estimate sums over. */
  readonly faces: number;
  /** Reference set size N. */
  readonly references: number;
  /** Pairs other than each face's nearest: faces x (N - 1). */
  readonly pairs: number;
  /** Of those, the pairs reaching the threshold (sum over faces of max(c - 1, 0)). */
  readonly exceedances: number;
  /** p = 1 - F(t), the chance that one unrelated pair reaches the threshold. */
  readonly perPairRate: number;
  /** Upper 95% bound of p (exceedances as a Poisson count, exact). */
  readonly perPairRateUpper95: number;
  /** 1 - F(t)^N: the chance that one unrelated generated face is flagged. */
  readonly perFaceProbability: number;
  /** Sum over generated faces of 1 - F(t)^N. */
  readonly expected: number;
  /** The same at the upper bound of p. */
  readonly expectedUpper95: number;
}

/** 1 - (1 - p)^n without cancellation for small p. */
export function probabilityAnyExceeds(p: number, n: number): number {
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  return -Math.expm1(n * Math.log1p(-p));
}

/**
 * Upper end of the one-sided 95% interval of a binomial rate, k of n: exact (Clopper-Pearson) up to
 * k = 1000, the normal approximation above (where the two agree to well under 1%).
 */
export function binomialUpper95(k: number, n: number): number {
  if (n <= 0 || k >= n) return 1;
  if (k > 1000) {
    const p = k / n;
    return Math.min(1, p + 1.6448536269514722 * Math.sqrt((p * (1 - p)) / n));
  }
  // Bisection on p for P(X <= k | n, p) = 0.05; the terms are summed in log space (n p can be large).
  const logTail = (p: number) => {
    let logTerm = n * Math.log1p(-p);
    let max = logTerm;
    const terms = [logTerm];
    const ratio = Math.log(p) - Math.log1p(-p);
    for (let i = 1; i <= k; i++) {
      logTerm += Math.log((n - i + 1) / i) + ratio;
      terms.push(logTerm);
      max = Math.max(max, logTerm);
    }
    return max + Math.log(terms.reduce((sum, t) => sum + Math.exp(t - max), 0));
  };
  const target = Math.log(0.05);
  let lo = k / n;
  let hi = 1;
  for (let step = 0; step < 200 && hi - lo > 1e-15 * Math.max(hi, 1e-300); step++) {
    const mid = (lo + hi) / 2;
    if (logTail(mid) > target) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** E[max(c - 1, 0)] for c ~ Binomial(n, p). */
function meanExcessCount(p: number, n: number): number {
  return n * p - probabilityAnyExceeds(p, n);
}

/** The p in [0, 1] whose meanExcessCount is `target` (increasing in p; bisection). */
function rateForExcess(target: number, n: number): number {
  if (target <= 0) return 0;
  if (target >= n - 1) return 1;
  let lo = 0;
  let hi = 1;
  for (let step = 0; step < 200 && hi - lo > 1e-15 * hi; step++) {
    const mid = (lo + hi) / 2;
    if (meanExcessCount(mid, n) < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * The estimate from a search's per-face counts: `above[i]` of the `references` reach the threshold for
 * generated face i (its nearest among them when it is flagged).
 */
export function chanceMatches(above: ArrayLike<number>, references: number): ChanceMatchEstimate {
  if (!(Number.isInteger(references) && references >= 1)) throw new RangeError(`chance matches: reference set size must be a positive integer, got ${references}`);
  const faces = above.length;
  let exceedances = 0;
  for (let i = 0; i < faces; i++) {
    const count = above[i]!;
    if (!(Number.isInteger(count) && count >= 0 && count <= references)) throw new RangeError(`chance matches: count ${count} for face ${i} is not in [0, ${references}]`);
    exceedances += Math.max(count - 1, 0);
  }
  const pairs = faces * (references - 1);
  if (faces === 0 || references === 1) {
    // No pair besides the nearest: nothing to learn F from.
    return { faces, references, pairs, exceedances, perPairRate: 0, perPairRateUpper95: 1, perFaceProbability: 0, expected: 0, expectedUpper95: faces };
  }
  const perPairRate = rateForExcess(exceedances / faces, references);
  // A Poisson count's upper bound is the binomial one with a huge n; faces x N pairs serves.
  const upperCount = binomialUpper95(exceedances, faces * references) * faces * references;
  const perPairRateUpper95 = rateForExcess(upperCount / faces, references);
  const perFaceProbability = probabilityAnyExceeds(perPairRate, references);
  return {
    faces,
    references,
    pairs,
    exceedances,
    perPairRate,
    perPairRateUpper95,
    perFaceProbability,
    expected: faces * perFaceProbability,
    expectedUpper95: faces * probabilityAnyExceeds(perPairRateUpper95, references),
  };
}
