/**
 * Aggregates per-item metric values into SetMetrics: a mean with a 95% interval (Wilson's score interval
 * for rates, see `rateMetrics`; else the percentile bootstrap) for every (metric, model) over all items, and again for each combination of the requested group keys
 * (e.g. per expression, per expression and gender).
 */
import type { SetMetric } from '@geneava/core/contracts';
import { bootstrapMeanCI } from './bootstrap.js';
import { isBinary, wilsonOfBinary } from './proportion.js';
import { DEFAULT_SEED, deriveSeed } from './random.js';

/** One measured value and the labels of the item it was measured on. */
export interface MetricObservation {
  /** Labels of the item, e.g. { expression: 'joy', gender: 'female', stylizer: 'dctnet-3d' }. */
  readonly group: Readonly<Record<string, string>>;
  readonly metric: string;
  readonly model?: string;
  readonly value: number;
}

export interface GroupedSetMetricsOptions {
  /** Bootstrap resamples per set (default 10,000). */
  readonly resamples?: number;
  /**
   * Base seed. Each set resamples with a seed derived from it and the set's metric, model and group,
   * so a set's interval depends only on its own values: records of other sets, and their order, do not
   * change it.
   */
  readonly seed?: number;
  /**
   * Metrics that are rates (each value 0 or 1): their sets get Wilson's score interval, which is never
   * zero-width (22 of 22 gives [0.851, 1] where the bootstrap gives [1, 1]). A set of such a metric with
   * any other value falls back to the bootstrap.
   */
  readonly rateMetrics?: ReadonlySet<string>;
}

interface SetKey {
  readonly metric: string;
  readonly model: string | undefined;
}

/**
 * SetMetrics for every (metric, model): first over all its records (group {}), then one per
 * combination of `groupBy` values present, sorted by those values in `groupBy` order. (metric, model)
 * pairs come in the order they first appear. Every record must carry every `groupBy` key.
 */
export function groupedSetMetrics(
  records: readonly MetricObservation[],
  groupBy: readonly string[],
  options: GroupedSetMetricsOptions = {},
): SetMetric[] {
  const duplicate = groupBy.find((key, i) => groupBy.indexOf(key) !== i);
  if (duplicate !== undefined) throw new RangeError(`groupedSetMetrics: groupBy names '${duplicate}' twice`);

  const sets = new Map<string, { key: SetKey; all: number[]; groups: Map<string, { labels: string[]; values: number[] }> }>();
  records.forEach((record, index) => {
    if (!Number.isFinite(record.value)) {
      throw new RangeError(`groupedSetMetrics: record ${index} (${record.metric}) has value ${record.value}; drop failed measurements first`);
    }
    const labels = groupBy.map((key) => {
      const label = record.group[key];
      if (label === undefined) throw new RangeError(`groupedSetMetrics: record ${index} (${record.metric}) has no '${key}' in its group`);
      return label;
    });
    const setId = JSON.stringify([record.metric, record.model ?? null]);
    let set = sets.get(setId);
    if (!set) {
      set = { key: { metric: record.metric, model: record.model }, all: [], groups: new Map() };
      sets.set(setId, set);
    }
    set.all.push(record.value);
    if (groupBy.length > 0) {
      const groupId = JSON.stringify(labels);
      let group = set.groups.get(groupId);
      if (!group) {
        group = { labels, values: [] };
        set.groups.set(groupId, group);
      }
      group.values.push(record.value);
    }
  });

  const baseSeed = options.seed ?? DEFAULT_SEED;
  const result: SetMetric[] = [];
  for (const [setId, set] of sets) {
    const rate = options.rateMetrics?.has(set.key.metric) ?? false;
    result.push(setMetric(set.key, {}, set.all, deriveSeed(`${setId}{}`, baseSeed), options.resamples, rate));
    const groups = [...set.groups.entries()].sort(([, x], [, y]) => compareLabels(x.labels, y.labels));
    for (const [groupId, group] of groups) {
      const labels = Object.fromEntries(groupBy.map((key, i) => [key, group.labels[i]!]));
      result.push(setMetric(set.key, labels, group.values, deriveSeed(setId + groupId, baseSeed), options.resamples, rate));
    }
  }
  return result;
}

function setMetric(
  key: SetKey,
  group: Record<string, string>,
  values: readonly number[],
  seed: number,
  resamples: number | undefined,
  rate: boolean,
): SetMetric {
  const interval =
    rate && isBinary(values)
      ? (({ n, rate: mean, ci95 }) => ({ n, mean, ci95 }))(wilsonOfBinary(values))
      : bootstrapMeanCI(values, { seed, ...(resamples === undefined ? {} : { resamples }) });
  return {
    metric: key.metric,
    ...(key.model === undefined ? {} : { model: key.model }),
    n: interval.n,
    mean: interval.mean,
    ci95: interval.ci95,
    group,
  };
}

/** Element-wise code-unit order, so the order does not depend on the machine's locale. */
function compareLabels(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i]! < b[i]!) return -1;
    if (a[i]! > b[i]!) return 1;
  }
  return 0;
}
