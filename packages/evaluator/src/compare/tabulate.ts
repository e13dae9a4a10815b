/**
 * Turns pair records into per-stylizer, per-metric values keyed by item id, the form every statistic of
 * the comparison reads (paired tests match two stylizers' values by id). Checks the records on the way:
 * unknown stylizers, duplicate pairs and non-finite values are errors naming the pair. Values are kept
 * for the items every stylizer was scored on (sharedItems) only; the success rate and the time per image
 * keep every item a stylizer was run on, since failing is what they measure.
 */
import { GeneavaError } from '@geneava/core/util';
import { PAIR_METRICS } from '../metrics/metric-names.js';
import { catalogOrder, COMPARISON_METRICS, describeMetric, isCompared, metricKey } from './metric-catalog.js';
import { sharedItems, type SharedItems } from './shared-items.js';
import type { ComparisonInput, ComparisonMetric } from './types.js';

/** values.get(stylizer).get(metric key).get(item id) */
export type MetricValues = Map<string, Map<string, Map<string, number>>>;

export interface PairTabulation {
  readonly metrics: readonly ComparisonMetric[];
  readonly values: MetricValues;
  readonly primaryIdentityModel: string | undefined;
  /** The items the values are kept for, and the ones left out with the stylizers that lack them. */
  readonly shared: SharedItems;
}

/** Metrics summarised over every item a stylizer was run on, not only the shared ones. */
const OVER_ALL_ITEMS: ReadonlySet<string> = new Set([COMPARISON_METRICS.successRate, COMPARISON_METRICS.stylizeMs]);

/** Pair records that cannot be compared (a programming error of the caller, not of an item). */
export class ComparisonInputError extends GeneavaError {
  constructor(message: string) {
    super(`comparison input: ${message}`, 'comparison-input');
  }
}

export function tabulatePairs(input: Pick<ComparisonInput, 'stylizers' | 'pairs'>, primaryOverride?: string): PairTabulation {
  const names = input.stylizers.map((stylizer) => stylizer.name);
  names.forEach((name, i) => {
    if (!name) throw new ComparisonInputError(`stylizer ${i + 1} has no name`);
    if (names.indexOf(name) !== i) throw new ComparisonInputError(`stylizer name "${name}" is given twice`);
  });

  const primaryIdentityModel = primaryOverride ?? choosePrimaryIdentityModel(input.pairs);
  const values: MetricValues = new Map(names.map((name) => [name, new Map()]));
  const seen = new Set<string>();
  // First appearance of each key, with the records' own direction for metrics the catalogue lacks.
  const firstSeen = new Map<string, { metric: string; model: string | undefined; order: number; higherIsBetter?: boolean }>();
  const record = (stylizer: string, id: string, metric: string, model: string | undefined, value: number, higherIsBetter?: boolean) => {
    const key = metricKey(metric, model);
    if (!Number.isFinite(value)) throw new ComparisonInputError(`pair "${id}" of stylizer "${stylizer}": ${key} is ${value}, expected a finite number`);
    if (!firstSeen.has(key)) firstSeen.set(key, { metric, model, order: firstSeen.size, ...(higherIsBetter === undefined ? {} : { higherIsBetter }) });
    const byKey = values.get(stylizer)!;
    let byId = byKey.get(key);
    if (!byId) byKey.set(key, (byId = new Map()));
    if (byId.has(id)) throw new ComparisonInputError(`pair "${id}" of stylizer "${stylizer}" has ${key} twice`);
    byId.set(id, value);
  };

  for (const pair of input.pairs) {
    if (!values.has(pair.stylizer)) throw new ComparisonInputError(`pair "${pair.id}" names stylizer "${pair.stylizer}", which is not among ${names.join(', ') || 'no stylizers'}`);
    const pairKey = JSON.stringify([pair.id, pair.stylizer]);
    if (seen.has(pairKey)) throw new ComparisonInputError(`pair "${pair.id}" of stylizer "${pair.stylizer}" appears twice`);
    seen.add(pairKey);
    record(pair.stylizer, pair.id, COMPARISON_METRICS.successRate, undefined, pair.status === 'ok' ? 1 : 0);
    if (pair.stylizeMs !== undefined) record(pair.stylizer, pair.id, COMPARISON_METRICS.stylizeMs, undefined, pair.stylizeMs);
    if (pair.status !== 'ok') continue;
    for (const metric of pair.metrics) {
      if (isCompared(metric.metric)) record(pair.stylizer, pair.id, metric.metric, metric.model, metric.value, metric.higherIsBetter);
    }
  }

  const entries = [...firstSeen.entries()].sort(([, x], [, y]) => {
    const byCatalog = catalogOrder(x.metric) - catalogOrder(y.metric);
    if (byCatalog !== 0) return byCatalog;
    // Within a metric: the primary identity model first, then first appearance.
    const primary = (entry: typeof x) => (entry.model !== undefined && entry.model === primaryIdentityModel ? 0 : 1);
    return primary(x) - primary(y) || x.order - y.order;
  });
  const metrics = entries.map(([, entry]) => describeMetric(entry.metric, entry.model, primaryIdentityModel, entry.higherIsBetter));
  const shared = sharedItems(input);
  for (const byKey of values.values()) {
    for (const [key, byId] of byKey) {
      if (OVER_ALL_ITEMS.has(key)) continue;
      for (const id of byId.keys()) if (!shared.ids.has(id)) byId.delete(id);
    }
  }
  return { metrics, values, primaryIdentityModel, shared };
}

/** mobileface when any pair measured it (the embedded analyzer's identity model), else the first identity model seen. */
function choosePrimaryIdentityModel(pairs: ComparisonInput['pairs']): string | undefined {
  let first: string | undefined;
  for (const pair of pairs) {
    if (pair.status !== 'ok') continue;
    for (const metric of pair.metrics) {
      if (metric.metric !== PAIR_METRICS.identityCosine || metric.model === undefined) continue;
      if (metric.model === 'mobileface') return 'mobileface';
      first ??= metric.model;
    }
  }
  return first;
}

/** The values of one stylizer on one metric, in item-id order (code-unit order, locale-independent). */
export function valuesOf(values: MetricValues, stylizer: string, key: string): { ids: string[]; values: number[] } {
  const byId = values.get(stylizer)?.get(key);
  if (!byId) return { ids: [], values: [] };
  const ids = [...byId.keys()].sort(compareIds);
  return { ids, values: ids.map((id) => byId.get(id)!) };
}

export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
