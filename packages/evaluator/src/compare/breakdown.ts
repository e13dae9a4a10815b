/**
 * The ranked metrics of every stylizer per label value (expression family, gender, race, age group),
 * each a mean with its 95% interval (Wilson for rates, else bootstrap) over the items carrying that value. Items without a key's
 * label are left out of that key's rows only.
 */
import { deriveSeed } from '../stats/random.js';
import { summarizeValues } from './summarize.js';
import { compareIds, type PairTabulation } from './tabulate.js';
import type { BreakdownRow, ComparedStylizer, ItemLabelSet } from './types.js';

export interface BreakdownOptions {
  readonly groupKeys: readonly string[];
  readonly resamples: number;
  readonly seed: number;
}

/** Rows ordered by key (as given), value (code-unit order), stylizer (as given), metric (table order). */
export function buildBreakdowns(
  stylizers: readonly ComparedStylizer[],
  table: PairTabulation,
  labels: ReadonlyMap<string, ItemLabelSet>,
  options: BreakdownOptions,
): BreakdownRow[] {
  const metrics = table.metrics.filter((metric) => metric.ranked);
  const rows: BreakdownRow[] = [];
  for (const key of options.groupKeys) {
    const members = new Map<string, Set<string>>();
    for (const [id, itemLabels] of labels) {
      const value = itemLabels[key];
      if (value === undefined || value === '') continue;
      let set = members.get(value);
      if (!set) members.set(value, (set = new Set()));
      set.add(id);
    }
    for (const value of [...members.keys()].sort(compareIds)) {
      const ids = [...members.get(value)!].sort(compareIds);
      for (const { name } of stylizers) {
        for (const metric of metrics) {
          const byId = table.values.get(name)!.get(metric.key);
          if (!byId) continue;
          const values = ids.filter((id) => byId.has(id)).map((id) => byId.get(id)!);
          if (values.length === 0) continue;
          const seed = deriveSeed(`group|${name}|${metric.key}|${key}=${value}`, options.seed);
          const summary = summarizeValues(values, metric, { resamples: options.resamples, seed });
          rows.push({ key, value, stylizer: name, metric: metric.key, n: summary.n, mean: summary.mean, ci95: summary.ci95, interval: summary.interval });
        }
      }
    }
  }
  return rows;
}
