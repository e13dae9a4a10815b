/**
 * How the comparison reads each metric: its label, direction, scale, and whether it ranks. The pair
 * metrics are PreservationEvaluator's (metric-names.ts); two more come from the run itself:
 * pairs.success_rate (1 when the stylizer and the scoring succeeded on an item, else 0) and stylize.ms
 * (the stylizer's time per image). Speed is reported and tested but does not rank: it depends on the
 * machine, not on the style.
 */
import { PAIR_METRICS } from '../metrics/metric-names.js';
import { STRENGTH_METRIC } from '../metrics/strength/strength-record.js';
import { metricColumn } from '../report/pair-rows.js';
import type { ComparisonMetric } from './types.js';

export const COMPARISON_METRICS = {
  successRate: 'pairs.success_rate',
  stylizeMs: 'stylize.ms',
} as const;

interface CatalogEntry {
  readonly label: string;
  readonly short: string;
  readonly higherIsBetter: boolean;
  readonly scale: ComparisonMetric['scale'];
  /** Ranks (for identity metrics: only for the primary identity model). */
  readonly ranked: boolean;
  readonly headline: boolean;
}

const CATALOG: Readonly<Record<string, CatalogEntry>> = {
  [PAIR_METRICS.identityCosine]: { short: 'Identity', label: 'Identity cosine', higherIsBetter: true, scale: 'cosine', ranked: true, headline: true },
  [PAIR_METRICS.identityVerified]: { short: 'Verified', label: 'Verified rate', higherIsBetter: true, scale: 'rate', ranked: true, headline: true },
  [PAIR_METRICS.expressionTop1Agree]: { short: 'Expr top-1', label: 'Expression top-1 agreement', higherIsBetter: true, scale: 'rate', ranked: true, headline: true },
  [PAIR_METRICS.expressionProbCosine]: { short: 'Expr cosine', label: 'Expression probability cosine', higherIsBetter: true, scale: 'cosine', ranked: true, headline: true },
  [PAIR_METRICS.expressionGeometryDistance]: { short: 'Expr geometry', label: 'Expression geometry distance', higherIsBetter: false, scale: 'open', ranked: true, headline: true },
  [PAIR_METRICS.expressionEmbeddingDistance]: { short: 'Expr embedding', label: 'Expression embedding distance', higherIsBetter: false, scale: 'open', ranked: true, headline: true },
  [PAIR_METRICS.detectionRedetected]: { short: 'Re-detected', label: 'Avatar re-detection rate', higherIsBetter: true, scale: 'rate', ranked: true, headline: true },
  [PAIR_METRICS.landmarksNme]: { short: 'NME', label: 'Landmark NME', higherIsBetter: false, scale: 'open', ranked: false, headline: false },
  [PAIR_METRICS.ageAbsDiff]: { short: 'Age diff', label: 'Age difference (years)', higherIsBetter: false, scale: 'open', ranked: false, headline: false },
  [PAIR_METRICS.genderAgree]: { short: 'Gender agree', label: 'Gender agreement', higherIsBetter: true, scale: 'rate', ranked: false, headline: false },
  // Neither better nor worse: the other axis of the strength-versus-preservation chart, never ranked.
  [STRENGTH_METRIC]: { short: 'Strength', label: 'Stylization strength', higherIsBetter: true, scale: 'open', ranked: false, headline: false },
  [COMPARISON_METRICS.successRate]: { short: 'Success', label: 'Success rate', higherIsBetter: true, scale: 'rate', ranked: true, headline: true },
  [COMPARISON_METRICS.stylizeMs]: { short: 'ms/image', label: 'Time per image (ms)', higherIsBetter: false, scale: 'open', ranked: false, headline: true },
};

/** Metrics measured per model (one column per model). */
const PER_MODEL = new Set<string>([PAIR_METRICS.identityCosine, PAIR_METRICS.identityVerified]);

/** "metric[model]" or "metric": the key of a column, as pairs.csv names its columns. */
export function metricKey(metric: string, model: string | undefined): string {
  return metricColumn(model ? { metric, model } : { metric });
}

/** Per-feature geometry differences are too many to compare one by one; their distance summarises them. */
export function isCompared(metric: string): boolean {
  return !metric.startsWith(PAIR_METRICS.expressionGeometryFeaturePrefix);
}

/**
 * The column for a (metric, model) seen in the records. Identity metrics of models other than the
 * primary one are shown but do not rank, so one stylizer is not counted twice for identity.
 * `recordHigherIsBetter` is the records' own flag, used for metrics this catalogue does not know.
 */
export function describeMetric(metric: string, model: string | undefined, primaryIdentityModel: string | undefined, recordHigherIsBetter?: boolean): ComparisonMetric {
  const entry = CATALOG[metric];
  const key = metricKey(metric, model);
  if (!entry) {
    const label = model ? `${metric} (${model})` : metric;
    return { key, metric, ...(model ? { model } : {}), label, shortLabel: label, higherIsBetter: recordHigherIsBetter ?? true, scale: 'open', ranked: false, headline: false };
  }
  const secondary = PER_MODEL.has(metric) && model !== primaryIdentityModel;
  return {
    key,
    metric,
    ...(model ? { model } : {}),
    label: model ? `${entry.label} (${model})` : entry.label,
    shortLabel: model && secondary ? `${entry.short} (${model})` : entry.short,
    higherIsBetter: entry.higherIsBetter,
    scale: entry.scale,
    ranked: entry.ranked && !secondary,
    headline: entry.headline && !secondary,
  };
}

/** Catalogue order (the pair metrics' order, then the run's own), unknown metrics after, each in order of first appearance. */
export function catalogOrder(metric: string): number {
  const names = Object.keys(CATALOG);
  const index = names.indexOf(metric);
  return index >= 0 ? index : names.length;
}
