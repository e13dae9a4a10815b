/**
 * The same/different identity threshold that maximises information gain, the method behind the GenEAva
 * paper's 0.68 (a one-feature decision-tree split on labelled pair scores, as in DeepFace's threshold
 * tuning): the cut that leaves the least entropy of {same, different} on its two sides.
 */
import { assertFinite } from '../stats/finite.js';

export interface InformationGainFit {
  /** Cosine similarity at or above which a pair counts as the same person. */
  readonly threshold: number;
  readonly method: 'information-gain';
  /** Entropy of {same, different} over all pairs, bits. */
  readonly entropyBits: number;
  /** Entropy removed by the split, bits (at most entropyBits, reached when the classes separate). */
  readonly informationGainBits: number;
  /** Share of different-person pairs at or above the threshold (false accepts). */
  readonly falseAcceptRate: number;
  /** Share of same-person pairs below the threshold (false rejects). */
  readonly falseRejectRate: number;
  readonly samePairs: number;
  readonly differentPairs: number;
  /** Every same-person score is above every different-person score. */
  readonly separable: boolean;
}

function entropy(same: number, different: number): number {
  const n = same + different;
  let h = 0;
  for (const k of [same, different]) if (k > 0) h -= (k / n) * Math.log2(k / n);
  return h;
}

/**
 * Sweeps every cut between neighbouring distinct scores (its midpoint is the threshold) and keeps the one
 * with the highest information gain; equal gains (to 1e-12 bits) keep the one with fewer errors, then the
 * lower threshold. When the classes separate, the single best cut is the middle of the gap.
 */
export function fitThresholdByInformationGain(same: readonly number[], different: readonly number[]): InformationGainFit {
  if (same.length === 0 || different.length === 0) {
    throw new RangeError(`information-gain threshold: needs same-person and different-person scores, got ${same.length} and ${different.length}`);
  }
  assertFinite(same, 'information-gain threshold (same-person scores)');
  assertFinite(different, 'information-gain threshold (different-person scores)');
  const scored = [...same.map((score) => ({ score, same: true })), ...different.map((score) => ({ score, same: false }))].sort((a, b) => a.score - b.score);
  const total = scored.length;
  const rootEntropy = entropy(same.length, different.length);
  // Below the cut: `sameBelow` same-person pairs (false rejects) and `differentBelow` different-person pairs.
  let sameBelow = 0;
  let differentBelow = 0;
  let best = { threshold: scored[0]!.score, gain: 0, errors: different.length, sameBelow: 0, differentBelow: 0 };
  for (let i = 0; i < total - 1; i++) {
    if (scored[i]!.same) sameBelow++;
    else differentBelow++;
    const next = scored[i + 1]!.score;
    if (next === scored[i]!.score) continue;
    const below = sameBelow + differentBelow;
    const above = total - below;
    const remaining = (below / total) * entropy(sameBelow, differentBelow) + (above / total) * entropy(same.length - sameBelow, different.length - differentBelow);
    const gain = rootEntropy - remaining;
    const errors = sameBelow + (different.length - differentBelow);
    if (gain > best.gain + 1e-12 || (Math.abs(gain - best.gain) <= 1e-12 && errors < best.errors)) {
      best = { threshold: (scored[i]!.score + next) / 2, gain, errors, sameBelow, differentBelow };
    }
  }
  return {
    threshold: best.threshold,
    method: 'information-gain',
    entropyBits: rootEntropy,
    informationGainBits: Math.max(0, best.gain),
    falseAcceptRate: (different.length - best.differentBelow) / different.length,
    falseRejectRate: best.sameBelow / same.length,
    samePairs: same.length,
    differentPairs: different.length,
    separable: same.reduce((m, v) => Math.min(m, v), Infinity) > different.reduce((m, v) => Math.max(m, v), -Infinity),
  };
}
