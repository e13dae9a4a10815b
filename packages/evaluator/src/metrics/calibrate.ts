/**
 * Picks a verification threshold from labelled cosine similarities, so users can replace the
 * provisional defaults with one measured on their own faces and styles.
 */
import { assertFinite } from '../stats/finite.js';

export interface ThresholdCalibration {
  /** Cosine at or above which a pair counts as the same person. */
  readonly threshold: number;
  /**
   * 'midpoint' when every same-person score is above every different-person score (the threshold sits
   * halfway across the gap); 'equal-error-rate' when they overlap (the cut where the two error rates
   * are closest).
   */
  readonly method: 'midpoint' | 'equal-error-rate';
  /** Share of different-person pairs at or above the threshold. */
  readonly falseAcceptRate: number;
  /** Share of same-person pairs below the threshold. */
  readonly falseRejectRate: number;
  readonly samePairs: number;
  readonly differentPairs: number;
}

/**
 * Threshold for `cosine >= threshold` from same-person and different-person similarities.
 * With overlap, every midpoint between neighbouring distinct scores is a candidate; the one with the
 * smallest |FAR - FRR| wins, then the smallest FAR + FRR, then the lowest threshold.
 */
export function calibrateIdentityThreshold(same: readonly number[], different: readonly number[]): ThresholdCalibration {
  if (same.length === 0 || different.length === 0) {
    throw new RangeError(
      `calibrateIdentityThreshold: needs same-person and different-person scores, got ${same.length} and ${different.length}`,
    );
  }
  assertFinite(same, 'calibrateIdentityThreshold (same-person scores)');
  assertFinite(different, 'calibrateIdentityThreshold (different-person scores)');
  const lowestSame = Math.min(...same);
  const highestDifferent = Math.max(...different);
  const rates = (threshold: number) => ({
    falseAcceptRate: different.filter((score) => score >= threshold).length / different.length,
    falseRejectRate: same.filter((score) => score < threshold).length / same.length,
  });
  const counts = { samePairs: same.length, differentPairs: different.length };
  if (lowestSame > highestDifferent) {
    const threshold = (lowestSame + highestDifferent) / 2;
    return { threshold, method: 'midpoint', ...rates(threshold), ...counts };
  }

  const distinct = [...new Set([...same, ...different])].sort((x, y) => x - y);
  const candidates = [distinct[0]!];
  for (let i = 1; i < distinct.length; i++) candidates.push((distinct[i - 1]! + distinct[i]!) / 2);
  candidates.push(distinct[distinct.length - 1]! + 1e-9);
  let best: { threshold: number; falseAcceptRate: number; falseRejectRate: number } | undefined;
  for (const threshold of candidates) {
    const candidate = { threshold, ...rates(threshold) };
    if (!best || isBetter(candidate, best)) best = candidate;
  }
  return { ...best!, method: 'equal-error-rate', ...counts };
}

function isBetter(
  a: { falseAcceptRate: number; falseRejectRate: number },
  b: { falseAcceptRate: number; falseRejectRate: number },
): boolean {
  const gapA = Math.abs(a.falseAcceptRate - a.falseRejectRate);
  const gapB = Math.abs(b.falseAcceptRate - b.falseRejectRate);
  if (gapA !== gapB) return gapA < gapB;
  // Candidates come in ascending order, so a tie on both keeps the lower threshold.
  return a.falseAcceptRate + a.falseRejectRate < b.falseAcceptRate + b.falseRejectRate;
}
