/**
 * The leaderboard: every stylizer's mean and 95% interval on every metric (Wilson for rates, bootstrap
 * otherwise, see summarize.ts), whether it stylizes at all, and its rank with the rank's uncertainty.
 *
 * Not stylized: a stylizer whose median stylization strength is below MIN_STYLIZATION_STRENGTH returns
 * (nearly) the photo, so its preservation says nothing about a style. It is listed after the ranked
 * stylizers, marked, and takes no part in the ranks of the others.
 *
 * Ranking (the other stylizers): on each ranked metric they are ranked by their mean (1 = best, ties
 * share the mean rank; one with no value on a metric shares the last places). The score is the mean of
 * these ranks, so a stylizer first on every ranked metric scores 1. Order: score, then the primary
 * identity cosine (higher first), then the order the stylizers were given in. Each ranked row carries a
 * bootstrap rank interval (rank-intervals.ts); the order within overlapping intervals is not established.
 */
import { STRENGTH_METRIC } from '../metrics/strength/strength-record.js';
import { deriveSeed } from '../stats/random.js';
import { midRanks } from '../stats/ranks.js';
import { PAIR_METRICS } from '../metrics/metric-names.js';
import { metricKey } from './metric-catalog.js';
import { bootstrapRankIntervals, RANK_RESAMPLES } from './rank-intervals.js';
import { isStylized } from './strength-summary.js';
import { summarizeValues } from './summarize.js';
import { valuesOf, type PairTabulation } from './tabulate.js';
import type { ComparisonInput, LeaderboardRow, MetricSummary } from './types.js';

export interface LeaderboardOptions {
  readonly resamples: number;
  readonly seed: number;
}

export function buildLeaderboard(input: Pick<ComparisonInput, 'stylizers' | 'pairs'>, table: PairTabulation, options: LeaderboardOptions): LeaderboardRow[] {
  const names = input.stylizers.map((stylizer) => stylizer.name);
  const summaries = new Map<string, Record<string, MetricSummary>>();
  for (const name of names) {
    const byKey: Record<string, MetricSummary> = {};
    for (const metric of table.metrics) {
      const { values } = valuesOf(table.values, name, metric.key);
      if (values.length === 0) continue;
      byKey[metric.key] = summarizeValues(values, metric, { resamples: options.resamples, seed: deriveSeed(`set|${name}|${metric.key}`, options.seed) });
    }
    summaries.set(name, byKey);
  }

  const strengthKey = metricKey(STRENGTH_METRIC, undefined);
  const stylized = new Map(names.map((name) => {
    const { values } = valuesOf(table.values, name, strengthKey);
    return [name, values.length === 0 ? undefined : isStylized(values)] as const;
  }));
  const ranked = names.filter((name) => stylized.get(name) !== false);

  const rankSums = new Map<string, number>(ranked.map((name) => [name, 0]));
  let rankedMetrics = 0;
  for (const metric of table.metrics) {
    if (!metric.ranked) continue;
    const present = ranked.filter((name) => summaries.get(name)![metric.key] !== undefined);
    if (present.length === 0) continue;
    rankedMetrics++;
    // Rank "badness" ascending: the best mean gets rank 1.
    const badness = present.map((name) => (metric.higherIsBetter ? -1 : 1) * summaries.get(name)![metric.key]!.mean);
    const { ranks } = midRanks(badness);
    present.forEach((name, i) => {
      const summary = summaries.get(name)![metric.key]!;
      summaries.get(name)![metric.key] = { ...summary, rank: ranks[i]! };
      rankSums.set(name, rankSums.get(name)! + ranks[i]!);
    });
    // Stylizers without a value share the places after the others.
    const missingRank = (present.length + 1 + ranked.length) / 2;
    for (const name of ranked) if (!present.includes(name)) rankSums.set(name, rankSums.get(name)! + missingRank);
  }

  const primaryKey = table.primaryIdentityModel === undefined ? undefined : metricKey(PAIR_METRICS.identityCosine, table.primaryIdentityModel);
  const rows = names.map((name, order) => {
    const pairs = input.pairs.filter((pair) => pair.stylizer === name);
    const ok = pairs.filter((pair) => pair.status === 'ok').length;
    const isRanked = rankSums.has(name);
    const score = rankedMetrics === 0 || !isRanked ? Number.NaN : rankSums.get(name)! / rankedMetrics;
    const primary = primaryKey === undefined ? undefined : summaries.get(name)![primaryKey]?.mean;
    return { name, order, isRanked, score, primary, attempted: pairs.length, ok, failed: pairs.length - ok, metrics: summaries.get(name)! };
  });
  rows.sort(
    (x, y) =>
      Number(y.isRanked) - Number(x.isRanked) ||
      compareScores(x.score, y.score) ||
      (y.primary ?? Number.NEGATIVE_INFINITY) - (x.primary ?? Number.NEGATIVE_INFINITY) ||
      x.order - y.order,
  );

  // Places on the data: 1 + the number of ranked stylizers with a strictly better score.
  const rankedRows = rows.filter((row) => row.isRanked);
  const points = new Map(rankedRows.map((row) => [row.name, 1 + rankedRows.filter((other) => compareScores(other.score, row.score) < 0).length]));
  const intervals =
    rankedMetrics === 0
      ? new Map<string, readonly [number, number]>()
      : bootstrapRankIntervals(
          rankedRows.map((row) => row.name),
          table,
          points,
          { resamples: Math.min(RANK_RESAMPLES, options.resamples), seed: deriveSeed('ranks', options.seed) },
        );
  return rows.map((row, i) => {
    const state = stylized.get(row.name);
    const interval = intervals.get(row.name);
    return {
      rank: i + 1,
      ...(interval ? { rankInterval: interval } : {}),
      stylizer: row.name,
      ...(state === undefined ? {} : { stylized: state }),
      score: row.score,
      attempted: row.attempted,
      ok: row.ok,
      failed: row.failed,
      metrics: row.metrics,
    };
  });
}

/** Lower score first; NaN (nothing ranked) last. */
function compareScores(x: number, y: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : 1) : -1;
  return x - y;
}
