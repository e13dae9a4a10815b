/**
 * How sure the leaderboard's order is: items are resampled with replacement (all stylizers together,
 * so each resample is a possible data set), the leaderboard score (mean of per-metric mid-ranks, as
 * buildLeaderboard computes it) is recomputed on each, and each stylizer's place is recorded. A rank
 * interval is the central 95% of those places. Overlapping intervals mean the data do not settle the
 * order between those stylizers ("1-2").
 */
import { mulberry32, randomIndex } from '../stats/random.js';
import { midRanks } from '../stats/ranks.js';
import { compareIds, type PairTabulation } from './tabulate.js';

/** Resamples of the rank bootstrap: each recomputes every ranked mean, so fewer than the intervals use. */
export const RANK_RESAMPLES = 2000;

export interface RankIntervalOptions {
  readonly resamples: number;
  readonly seed: number;
  readonly confidence?: number;
}

/**
 * Rank intervals ([best, worst] places, 1 = first) of `names` on the ranked metrics of `table`. The place
 * of a stylizer is 1 + the number of stylizers with a strictly better score, so ties share the better
 * place. `pointRanks` (the places on the data themselves) are always inside their interval.
 */
export function bootstrapRankIntervals(
  names: readonly string[],
  table: PairTabulation,
  pointRanks: ReadonlyMap<string, number>,
  options: RankIntervalOptions,
): Map<string, readonly [number, number]> {
  const result = new Map<string, readonly [number, number]>();
  if (names.length === 0) return result;
  const metrics = table.metrics.filter((metric) => metric.ranked);
  const idSet = new Set<string>();
  for (const name of names) for (const metric of metrics) for (const id of table.values.get(name)?.get(metric.key)?.keys() ?? []) idSet.add(id);
  const ids = [...idSet].sort(compareIds);
  const n = ids.length;
  // values[metric][name][item]: NaN where the stylizer has no value on that item.
  const values = metrics.map((metric) =>
    names.map((name) => {
      const byId = table.values.get(name)?.get(metric.key);
      return Float64Array.from(ids, (id) => byId?.get(id) ?? Number.NaN);
    }),
  );
  const places: number[][] = names.map(() => []);
  const random = mulberry32(options.seed);
  const counts = new Float64Array(n);
  for (let b = 0; b < options.resamples; b++) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[randomIndex(random, n)]! += 1;
    const scores = resampledScores(values, metrics.map((metric) => metric.higherIsBetter), counts, names.length);
    scores.forEach((score, s) => places[s]!.push(1 + scores.filter((other) => other < score).length));
  }
  const confidence = options.confidence ?? 0.95;
  names.forEach((name, s) => {
    const sorted = places[s]!.sort((x, y) => x - y);
    const point = pointRanks.get(name) ?? 1;
    if (sorted.length === 0) {
      result.set(name, [point, point]);
      return;
    }
    const lo = sorted[Math.floor(((1 - confidence) / 2) * (sorted.length - 1))]!;
    const hi = sorted[Math.ceil((1 - (1 - confidence) / 2) * (sorted.length - 1))]!;
    result.set(name, [Math.min(lo, point), Math.max(hi, point)]);
  });
  return result;
}

/** Leaderboard scores on one resample (item weights `counts`); NaN ranks count as the shared last places. */
function resampledScores(values: readonly Float64Array[][], higherIsBetter: readonly boolean[], counts: Float64Array, stylizers: number): number[] {
  const sums = new Array<number>(stylizers).fill(0);
  let rankedMetrics = 0;
  values.forEach((byName, m) => {
    const means = byName.map((row) => {
      let total = 0;
      let weight = 0;
      for (let i = 0; i < row.length; i++) {
        const c = counts[i]!;
        if (c === 0 || Number.isNaN(row[i]!)) continue;
        total += c * row[i]!;
        weight += c;
      }
      return weight === 0 ? Number.NaN : total / weight;
    });
    const present = means.map((mean, s) => (Number.isNaN(mean) ? -1 : s)).filter((s) => s >= 0);
    if (present.length === 0) return;
    rankedMetrics++;
    const { ranks } = midRanks(present.map((s) => (higherIsBetter[m] ? -1 : 1) * means[s]!));
    const missingRank = (present.length + 1 + stylizers) / 2;
    for (let s = 0; s < stylizers; s++) {
      const at = present.indexOf(s);
      sums[s] += at >= 0 ? ranks[at]! : missingRank;
    }
  });
  return sums.map((sum) => (rankedMetrics === 0 ? 0 : sum / rankedMetrics));
}
