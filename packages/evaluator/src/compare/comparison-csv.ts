/**
 * comparison.csv: one tidy table, one row per number, so a spreadsheet or dataframe can filter it.
 * - section "leaderboard": a stylizer's mean and interval on a metric, with its rank, score and counts;
 * - section "pairwise": stylizer vs versus on a metric: mean of (stylizer − versus), paired interval,
 *   p-values and the stylizer the interval favours;
 * - section "breakdown": a stylizer's mean on a metric over the items with group_key = group_value.
 * Columns after "failed" were added later (readers that go by name are unaffected): the interval kind
 * (wilson | bootstrap for a leaderboard row, newcombe | bootstrap for a pairwise row), the rank interval and stylized verdict of a leaderboard row, and the Holm-adjusted
 * Wilcoxon p of a pairwise row. A not-stylized row has stylized = false and no rank interval.
 */
import { formatCsv, type CsvValue } from '../report/csv.js';
import type { ComparisonMetric, ComparisonModel } from './types.js';

export const COMPARISON_CSV_HEADER = [
  'section',
  'rank',
  'stylizer',
  'versus',
  'metric',
  'model',
  'group_key',
  'group_value',
  'n',
  'mean',
  'ci95_low',
  'ci95_high',
  'p_permutation',
  'p_wilcoxon',
  'p_holm',
  'better',
  'score',
  'attempted',
  'ok',
  'failed',
  'interval',
  'rank_low',
  'rank_high',
  'stylized',
  'p_wilcoxon_holm',
] as const;

export function comparisonRows(model: ComparisonModel): CsvValue[][] {
  const metrics = new Map<string, ComparisonMetric>(model.metrics.map((metric) => [metric.key, metric]));
  const name = (key: string): [string, string | undefined] => {
    const metric = metrics.get(key);
    return metric ? [metric.metric, metric.model] : [key, undefined];
  };
  const rows: CsvValue[][] = [];
  for (const row of model.leaderboard) {
    for (const metric of model.metrics) {
      const summary = row.metrics[metric.key];
      if (!summary) continue;
      rows.push([
        'leaderboard', row.rank, row.stylizer, undefined, metric.metric, metric.model, undefined, undefined,
        summary.n, summary.mean, summary.ci95[0], summary.ci95[1], undefined, undefined, undefined, undefined,
        row.score, row.attempted, row.ok, row.failed,
        summary.interval, row.rankInterval?.[0], row.rankInterval?.[1], row.stylized, undefined,
      ]);
    }
  }
  for (const test of model.pairwise) {
    rows.push([
      'pairwise', undefined, test.a, test.b, ...name(test.metric), undefined, undefined,
      test.n, test.meanDiff, test.ci95[0], test.ci95[1], test.pPermutation, test.pWilcoxon, test.pHolm, test.better ?? undefined,
      undefined, undefined, undefined, undefined,
      test.interval, undefined, undefined, undefined, test.pWilcoxonHolm,
    ]);
  }
  for (const row of model.breakdowns) {
    rows.push([
      'breakdown', undefined, row.stylizer, undefined, ...name(row.metric), row.key, row.value,
      row.n, row.mean, row.ci95[0], row.ci95[1], undefined, undefined, undefined, undefined,
      undefined, undefined, undefined, undefined,
      row.interval, undefined, undefined, undefined, undefined,
    ]);
  }
  return rows;
}

export function formatComparisonCsv(model: ComparisonModel): string {
  return formatCsv(COMPARISON_CSV_HEADER, comparisonRows(model));
}
