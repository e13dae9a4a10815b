/**
 * The leaderboard: every stylizer's mean and bootstrap interval on every metric, and its rank.
 *
 * Ranking: on each ranked metric, stylizers are ranked by their mean (1 = best, ties share the mean
 * rank; a stylizer with no value on a metric shares the last places). The score is the mean of these
 * ranks, so a stylizer first on every ranked metric scores 1. Order: score, then the primary identity
 * cosine (higher first), then the order the stylizers were given in.
 */
import { bootstrapMeanCI } from '../stats/bootstrap.js';
import { deriveSeed } from '../stats/random.js';
import { midRanks } from '../stats/ranks.js';
import { PAIR_METRICS } from '../metrics/metric-names.js';
import { metricKey } from './metric-catalog.js';
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
      const interval = bootstrapMeanCI(values, { resamples: options.resamples, seed: deriveSeed(`set|${name}|${metric.key}`, options.seed) });
      byKey[metric.key] = { n: interval.n, mean: interval.mean, ci95: interval.ci95 };
    }
    summaries.set(name, byKey);
  }

  const rankSums = new Map<string, number>(names.map((name) => [name, 0]));
  let rankedMetrics = 0;
  for (const metric of table.metrics) {
    if (!metric.ranked) continue;
    const present = names.filter((name) => summaries.get(name)![metric.key] !== undefined);
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
    const missingRank = (present.length + 1 + names.length) / 2;
    for (const name of names) if (!present.includes(name)) rankSums.set(name, rankSums.get(name)! + missingRank);
  }

  const primaryKey = table.primaryIdentityModel === undefined ? undefined : metricKey(PAIR_METRICS.identityCosine, table.primaryIdentityModel);
  const rows = names.map((name, order) => {
    const pairs = input.pairs.filter((pair) => pair.stylizer === name);
    const ok = pairs.filter((pair) => pair.status === 'ok').length;
    const score = rankedMetrics === 0 ? Number.NaN : rankSums.get(name)! / rankedMetrics;
    const primary = primaryKey === undefined ? undefined : summaries.get(name)![primaryKey]?.mean;
    return { name, order, score, primary, attempted: pairs.length, ok, failed: pairs.length - ok, metrics: summaries.get(name)! };
  });
  rows.sort(
    (x, y) =>
      compareScores(x.score, y.score) ||
      (y.primary ?? Number.NEGATIVE_INFINITY) - (x.primary ?? Number.NEGATIVE_INFINITY) ||
      x.order - y.order,
  );
  return rows.map((row, i) => ({
    rank: i + 1,
    stylizer: row.name,
    score: row.score,
    attempted: row.attempted,
    ok: row.ok,
    failed: row.failed,
    metrics: row.metrics,
  }));
}

/** Lower score first; NaN (nothing ranked) last. */
function compareScores(x: number, y: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : 1) : -1;
  return x - y;
}
