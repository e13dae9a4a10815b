/**
 * Set-level preservation results: the mean of every pair metric with a 95% interval (Wilson for the
 * rates, bootstrap otherwise), over all pairs and per label (expression, gender, race, age group) where
 * the pairs carry that label.
 */
import type { PairEvaluation, SetMetric } from '@geneava/core/contracts';
import { groupedSetMetrics, type GroupedSetMetricsOptions, type MetricObservation } from '../stats/grouped.js';
import { PAIR_METRICS } from './metric-names.js';

/** The pair metrics that are 0/1 outcomes: their set means are rates and get Wilson intervals. */
export const RATE_METRICS: ReadonlySet<string> = new Set([
  PAIR_METRICS.identityVerified,
  PAIR_METRICS.expressionTop1Agree,
  PAIR_METRICS.detectionRedetected,
  PAIR_METRICS.genderAgree,
]);

/** Labels that set metrics are broken down by, when the pairs carry them. */
export const DEFAULT_GROUP_KEYS: readonly string[] = ['expression', 'gender', 'race', 'ageGroup'];

export interface LabelledEvaluation {
  /** The pair's labels, e.g. { expression: 'joy', gender: 'female' }; any subset of the group keys. */
  readonly labels: Readonly<Record<string, string>>;
  readonly evaluation: PairEvaluation;
}

export interface PreservationSetMetricsOptions extends GroupedSetMetricsOptions {
  /** Labels to break the sets down by, each on its own (default DEFAULT_GROUP_KEYS). */
  readonly groupKeys?: readonly string[];
}

/**
 * SetMetrics for every (metric, model): first over all pairs (group {}), then for each group key in
 * turn, one set per value of that key, over the pairs labelled with it. Pairs without a key's label
 * are left out of that key's sets only. Intervals are deterministic (seeded per set).
 */
export function preservationSetMetrics(
  evaluations: readonly LabelledEvaluation[],
  options: PreservationSetMetricsOptions = {},
): SetMetric[] {
  const { groupKeys = DEFAULT_GROUP_KEYS, ...rest } = options;
  const grouped = { rateMetrics: RATE_METRICS, ...rest };
  const observations: MetricObservation[] = [];
  for (const { labels, evaluation } of evaluations) {
    for (const record of evaluation.metrics) {
      observations.push({ group: labels, metric: record.metric, value: record.value, ...(record.model === undefined ? {} : { model: record.model }) });
    }
  }
  const sets = groupedSetMetrics(observations, [], grouped);
  for (const key of groupKeys) {
    const labelled = observations.filter((observation) => observation.group[key] !== undefined);
    if (labelled.length === 0) continue;
    sets.push(...groupedSetMetrics(labelled, [key], grouped).filter((set) => Object.keys(set.group).length > 0));
  }
  return sets;
}
