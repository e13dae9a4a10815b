/** The threshold on a score that best reproduces yes/no verdicts (score >= threshold means yes). */
export interface ThresholdFit {
  readonly threshold: number;
  /** Share of verdicts the threshold reproduces. */
  readonly agreement: number;
  readonly n: number;
}

/**
 * Tries a cut between every two neighbouring distinct scores (and below the lowest, above the highest)
 * and keeps the one that agrees with most verdicts; among equally good cuts the lowest (the most
 * lenient one people accept). Undefined with no points.
 */
export function bestThreshold(points: readonly { score: number; yes: boolean }[]): ThresholdFit | undefined {
  if (points.length === 0) return undefined;
  const sorted = [...points].sort((a, b) => a.score - b.score);
  const distinct = [...new Set(sorted.map((point) => point.score))];
  const cuts = [distinct[0]! - 1e-6, ...distinct.slice(1).map((value, index) => (distinct[index]! + value) / 2), distinct[distinct.length - 1]! + 1e-6];
  let best: ThresholdFit | undefined;
  for (const cut of cuts) {
    let agree = 0;
    for (const point of sorted) if ((point.score >= cut) === point.yes) agree++;
    if (!best || agree / sorted.length > best.agreement) best = { threshold: cut, agreement: agree / sorted.length, n: sorted.length };
  }
  return best;
}
