/**
 * Wilcoxon signed-rank test for paired samples (two-sided).
 *
 * Differences d = a - b. Zeros are handled by `zeroMethod`:
 * - 'wilcox' (default): zero differences are dropped before ranking (Wilcoxon's original rule);
 * - 'pratt': zeros are ranked with the others, then their ranks are dropped from both sums (Pratt 1959).
 * Tied |d| share their mid-rank.
 *
 * p-value:
 * - 'exact' enumerates the distribution of W+ over all 2^n sign assignments of the nonzero differences
 *   (a subset-sum count over doubled ranks, so mid-ranks stay integers). With ties this is the exact
 *   distribution conditional on the observed mid-ranks, which differs slightly from tables that assume
 *   untied ranks (SciPy's 'exact' method ignores ties, R's wilcox.test falls back to the normal one).
 *   p = min(1, 2 min(P(W+ <= w), P(W+ >= w))).
 * - 'normal' uses z = (W+ - mu) / sigma with mu = n'(n'+1)/4 and
 *   sigma^2 = n'(n'+1)(2n'+1)/24 - sum(t^3 - t)/48 over tie groups t, where n' counts the nonzero
 *   differences ('wilcox'); for 'pratt', n' counts all differences and the zeros' share
 *   z0(z0+1)/4 and z0(z0+1)(2 z0+1)/24 is subtracted (Cureton 1967). These are SciPy's formulas.
 *   An optional continuity correction moves W+ half a unit towards mu.
 * - 'auto' (default): exact when there are at most 20 nonzero differences, normal otherwise.
 */
import { normalSf } from './normal.js';
import { pairedDifferences } from './paired.js';
import { midRanks } from './ranks.js';

export type WilcoxonZeroMethod = 'wilcox' | 'pratt';

export interface WilcoxonOptions {
  readonly zeroMethod?: WilcoxonZeroMethod;
  readonly method?: 'auto' | 'exact' | 'normal';
  /** Continuity correction of the normal approximation (default false, as SciPy). */
  readonly continuityCorrection?: boolean;
}

export interface WilcoxonResult {
  /** min(W+, W-), the statistic tables and SciPy report for the two-sided test. */
  readonly statistic: number;
  /** Sum of the ranks of positive differences (a > b). */
  readonly wPlus: number;
  /** Sum of the ranks of negative differences (a < b). */
  readonly wMinus: number;
  /** (W+ - mu) / sigma: positive when a tends to exceed b. Computed for both methods; NaN when n = 0. */
  readonly z: number;
  /** Two-sided p-value; NaN when there is no nonzero difference (nothing to test). */
  readonly p: number;
  /** Number of nonzero differences. */
  readonly n: number;
  /** Number of zero differences. */
  readonly zeros: number;
  /** Whether some nonzero |d| were tied. */
  readonly ties: boolean;
  readonly method: 'exact' | 'normal';
}

/** The largest number of nonzero differences for which 'auto' enumerates the exact distribution. */
export const WILCOXON_EXACT_MAX_N = 20;
/** Enumeration beyond this size is refused even when asked for (2^n sign assignments). */
const EXACT_LIMIT = 50;

export function wilcoxonSignedRank(a: ArrayLike<number>, b: ArrayLike<number>, options: WilcoxonOptions = {}): WilcoxonResult {
  const zeroMethod = options.zeroMethod ?? 'wilcox';
  const differences = pairedDifferences(a, b, 'wilcoxonSignedRank');
  const nonzero = differences.filter((d) => d !== 0);
  const n = nonzero.length;
  const zeros = differences.length - n;

  const nonzeroRanking = midRanks(nonzero.map(Math.abs));
  // Ranks of the nonzero differences, in the order of `nonzero`; Pratt ranks them among the zeros.
  const ranks =
    zeroMethod === 'pratt' ? midRanks(differences.map(Math.abs)).ranks.filter((_, i) => differences[i] !== 0) : nonzeroRanking.ranks;
  const tieGroups = nonzeroRanking.tieGroups;

  let wPlus = 0;
  let wMinus = 0;
  nonzero.forEach((d, i) => {
    if (d > 0) wPlus += ranks[i]!;
    else wMinus += ranks[i]!;
  });

  const method = chooseMethod(options.method ?? 'auto', n);
  const base = { statistic: Math.min(wPlus, wMinus), wPlus, wMinus, n, zeros, ties: tieGroups.length > 0, method };
  if (n === 0) return { ...base, z: Number.NaN, p: Number.NaN };

  const z = normalZ(wPlus, differences.length, zeros, zeroMethod, tieGroups, options.continuityCorrection === true);
  const p = method === 'exact' ? exactP(ranks, wPlus) : Math.min(1, 2 * normalSf(Math.abs(z)));
  return { ...base, z, p };
}

function chooseMethod(requested: 'auto' | 'exact' | 'normal', n: number): 'exact' | 'normal' {
  if (requested === 'normal') return 'normal';
  if (requested === 'exact') {
    if (n > EXACT_LIMIT) throw new RangeError(`wilcoxonSignedRank: exact p needs 2^${n} sign assignments; use method 'normal' above ${EXACT_LIMIT} differences`);
    return 'exact';
  }
  return n <= WILCOXON_EXACT_MAX_N ? 'exact' : 'normal';
}

function normalZ(
  wPlus: number,
  total: number,
  zeros: number,
  zeroMethod: WilcoxonZeroMethod,
  tieGroups: readonly number[],
  continuity: boolean,
): number {
  const count = zeroMethod === 'pratt' ? total : total - zeros;
  let mu = (count * (count + 1)) / 4;
  let variance = (count * (count + 1) * (2 * count + 1)) / 24;
  if (zeroMethod === 'pratt') {
    mu -= (zeros * (zeros + 1)) / 4;
    variance -= (zeros * (zeros + 1) * (2 * zeros + 1)) / 24;
  }
  for (const t of tieGroups) variance -= (t * t * t - t) / 48;
  let deviation = wPlus - mu;
  if (continuity && deviation !== 0) deviation -= 0.5 * Math.sign(deviation);
  return variance > 0 ? deviation / Math.sqrt(variance) : 0;
}

/** Two-sided exact p from the distribution of W+ over all sign assignments, counted on doubled ranks. */
function exactP(ranks: ArrayLike<number>, wPlus: number): number {
  const doubled = Array.from(ranks, (rank) => Math.round(2 * rank));
  const total = doubled.reduce((sum, r) => sum + r, 0);
  // counts[s] = number of subsets of the ranks whose doubled sum is s (exact in doubles up to 2^53).
  const counts = new Float64Array(total + 1);
  counts[0] = 1;
  let reach = 0;
  for (const r of doubled) {
    for (let s = reach; s >= 0; s--) if (counts[s]! > 0) counts[s + r] = counts[s + r]! + counts[s]!;
    reach += r;
  }
  const observed = Math.round(2 * wPlus);
  let below = 0;
  let above = 0;
  for (let s = 0; s <= total; s++) {
    if (s <= observed) below += counts[s]!;
    if (s >= observed) above += counts[s]!;
  }
  const assignments = 2 ** ranks.length;
  return Math.min(1, (2 * Math.min(below, above)) / assignments);
}
