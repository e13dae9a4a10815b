/**
 * Stylization strength per stylizer (mean, bootstrap interval, stylized or not) and per item, the
 * strength axis of the report's strength-versus-preservation chart.
 */
import { MIN_STYLIZATION_STRENGTH } from '../metrics/strength/strength.js';
import { STRENGTH_METRIC } from '../metrics/strength/strength-record.js';
import { percentile } from '../stats/descriptive.js';
import { deriveSeed } from '../stats/random.js';
import { metricKey } from './metric-catalog.js';
import { summarizeValues } from './summarize.js';
import { valuesOf, type PairTabulation } from './tabulate.js';
import type { ComparedStylizer, StylizerStrength } from './types.js';

/**
 * Whether a stylizer stylizes: its median strength over the items reaches MIN_STYLIZATION_STRENGTH. The
 * median, not the mean, so it must change most faces: a stylizer that leaves nearly every face as it was
 * and does something drastic to a few (a pattern that clips on one dark face) is not stylized.
 */
export function isStylized(strengths: readonly number[]): boolean {
  return strengths.length > 0 && percentile(strengths, 50) >= MIN_STYLIZATION_STRENGTH;
}

export function strengthSummary(stylizers: readonly ComparedStylizer[], table: PairTabulation, options: { readonly resamples: number; readonly seed: number }): StylizerStrength[] {
  const key = metricKey(STRENGTH_METRIC, undefined);
  return stylizers.flatMap(({ name }) => {
    const { ids, values } = valuesOf(table.values, name, key);
    if (values.length === 0) return [];
    // The same seed as the leaderboard's interval of this metric, so both show the same interval.
    const summary = summarizeValues(values, { scale: 'open' }, { resamples: options.resamples, seed: deriveSeed(`set|${name}|${key}`, options.seed) });
    return [{
      stylizer: name,
      n: summary.n,
      mean: summary.mean,
      median: percentile(values, 50),
      ci95: summary.ci95,
      stylized: isStylized(values),
      items: Object.fromEntries(ids.map((id, i) => [id, values[i]!])),
    }];
  });
}
